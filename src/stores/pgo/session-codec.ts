import { randomBytes } from "node:crypto";
import { seal, unseal } from "../../protocol/seal.js";
import type { PgoSession, PgoSessionStatus } from "../../protocol/pgo/session.js";

/**
 * A session as stored: JSON whose secrets (PKCE verifier, authorization
 * code, access token) are sealed with AES-256-GCM. The flow id is the
 * additional authenticated data, so a sealed blob cannot be moved to
 * another flow.
 */
interface StoredSession {
  v: 1;
  flowId: string;
  sessionIdHash: string;
  stateHash: string;
  providerName: string;
  dataServiceIds: string[];
  scope: string;
  interfaceVersion: PgoSession["interfaceVersion"];
  tokenEndpointUri: string;
  correlationId: string;
  createdAt: number;
  expiresAt: number;
  status: PgoSessionStatus;
  codeReceivedAt?: number | undefined;
  failureReason?: string | undefined;
  tokenMeta?: { tokenType: "Bearer"; scope: string; expiresAt: number } | undefined;
  sealed: string;
}

interface Secrets {
  verifier: string;
  code?: string | undefined;
  accessToken?: string | undefined;
}

export interface SessionCodec {
  encode(session: PgoSession): string;
  /** Undefined when the stored value cannot be read (wrong key, tampered, foreign). */
  decode(raw: string): PgoSession | undefined;
}

export function createSessionCodec(key: Buffer): SessionCodec {
  if (key.length !== 32) throw new Error("the PGO encryption key must be 32 bytes (AES-256-GCM)");
  const sealSecrets = (plain: string, aad: string): string => seal(key, plain, aad, randomBytes);
  const open = (sealed: string, aad: string): string | undefined => {
    try {
      return unseal(key, sealed, aad);
    } catch {
      return undefined;
    }
  };
  return {
    encode(s) {
      const secrets: Secrets = { verifier: s.codeVerifier, code: s.authorizationCode, accessToken: s.token?.accessToken };
      const stored: StoredSession = {
        v: 1,
        flowId: s.flowId,
        sessionIdHash: s.sessionIdHash,
        stateHash: s.stateHash,
        providerName: s.providerName,
        dataServiceIds: [...s.dataServiceIds],
        scope: s.scope,
        interfaceVersion: s.interfaceVersion,
        tokenEndpointUri: s.tokenEndpointUri,
        correlationId: s.correlationId,
        createdAt: s.createdAt.getTime(),
        expiresAt: s.expiresAt.getTime(),
        status: s.status,
        codeReceivedAt: s.codeReceivedAt?.getTime(),
        failureReason: s.failureReason,
        tokenMeta: s.token ? { tokenType: s.token.tokenType, scope: s.token.scope, expiresAt: s.token.expiresAt.getTime() } : undefined,
        sealed: sealSecrets(JSON.stringify(secrets), `pgo-session:${s.flowId}`),
      };
      return JSON.stringify(stored);
    },
    decode(raw) {
      let stored: StoredSession;
      try {
        stored = JSON.parse(raw) as StoredSession;
      } catch {
        return undefined;
      }
      if (stored?.v !== 1 || typeof stored.sealed !== "string") return undefined;
      const plain = open(stored.sealed, `pgo-session:${stored.flowId}`);
      if (plain === undefined) return undefined;
      const secrets = JSON.parse(plain) as Secrets;
      return {
        flowId: stored.flowId,
        sessionIdHash: stored.sessionIdHash,
        stateHash: stored.stateHash,
        providerName: stored.providerName,
        dataServiceIds: Object.freeze([...stored.dataServiceIds]),
        scope: stored.scope,
        interfaceVersion: stored.interfaceVersion,
        tokenEndpointUri: stored.tokenEndpointUri,
        codeVerifier: secrets.verifier,
        correlationId: stored.correlationId,
        createdAt: new Date(stored.createdAt),
        expiresAt: new Date(stored.expiresAt),
        status: stored.status,
        codeReceivedAt: stored.codeReceivedAt !== undefined ? new Date(stored.codeReceivedAt) : undefined,
        authorizationCode: secrets.code,
        failureReason: stored.failureReason,
        token:
          stored.tokenMeta && secrets.accessToken
            ? { accessToken: secrets.accessToken, tokenType: stored.tokenMeta.tokenType, scope: stored.tokenMeta.scope, expiresAt: new Date(stored.tokenMeta.expiresAt) }
            : undefined,
      };
    },
  };
}
