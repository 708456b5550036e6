import type { PgoSession } from "../../protocol/pgo/session.js";

/**
 * Where PGO flows live between RPCs. Implementations: memory (embedded
 * default) and Redis; both pass test/stores/pgo/pgo-session-store.contract.ts.
 *
 * Contract:
 * - every key of a flow lapses at the session's expiresAt (Redis: one hash
 *   tag `{flowId}`, PXAT on every key); a lapsed session reads as undefined;
 * - the verifier, the authorization code and the access token are encrypted
 *   at rest (AES-256-GCM, bound to the flow id); session id and state are
 *   kept only as SHA-256 hashes (in the session record);
 * - consumeState and claimCode are atomic: of concurrent callers exactly
 *   one wins.
 */
export interface PgoSessionStore {
  /** Stores a new session and its state index. False when the flow id is taken. */
  create(session: PgoSession): Promise<boolean>;
  /** The session, or undefined when absent or lapsed. */
  get(flowId: string): Promise<PgoSession | undefined>;
  /** If the flow's state index holds `stateHash`, deletes it and answers true; otherwise false. Once only. */
  consumeState(flowId: string, stateHash: string): Promise<boolean>;
  /** Marks the flow's code as presented to the token endpoint; true only the first time. */
  claimCode(flowId: string, until: Date): Promise<boolean>;
  /** Replaces an existing session (its keys now lapse at its expiresAt). False when it no longer exists. */
  save(session: PgoSession): Promise<boolean>;
}

export const PGO_KEY_KINDS = { session: "pgo-session", state: "pgo-state", codeClaim: "pgo-code-claim" } as const;

/** `${prefix}:{${flowId}}:${kind}`: all keys of one flow in one Redis Cluster slot. */
export function pgoKey(prefix: string, flowId: string, kind: keyof typeof PGO_KEY_KINDS): string {
  return `${prefix}:{${flowId}}:${PGO_KEY_KINDS[kind]}`;
}
