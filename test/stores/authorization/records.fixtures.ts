import { randomBytes } from "node:crypto";
import type { CodeRecord, ConsentEntry, TokenRecord } from "../../../src/protocol/authorization/records.js";
import type { FlowKey } from "../../../src/protocol/authorization/secrets.js";
import type { AuthorizationSession } from "../../../src/protocol/authorization/session.js";

/** A store key of a new flow: a random flow id and a random hash. */
export const key = (flowId = randomBytes(16).toString("base64url")): FlowKey => ({ flowId, hash: randomBytes(32).toString("base64url") });

export function session(overrides: Partial<AuthorizationSession> = {}): AuthorizationSession {
  return {
    version: 1,
    status: "started",
    reference: "ref-" + key().hash.slice(0, 8),
    createdAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 900_000).toISOString(),
    clientId: "oauthclient.local",
    redirectUri: "https://oauthclient.local/cb",
    state: "st",
    scope: "demoziekenhuis~1",
    providerName: "demoziekenhuis@medmij",
    dataServiceIds: ["1"],
    providerOnly: false,
    ...overrides,
  };
}

export function codeRecord(overrides: Partial<CodeRecord> = {}): CodeRecord {
  return {
    sessionReference: "ref",
    clientId: "oauthclient.local",
    redirectUri: "https://oauthclient.local/cb",
    scope: "demoziekenhuis~1",
    providerName: "demoziekenhuis@medmij",
    dataServiceIds: ["1"],
    subject: "v1.sealed",
    codeChallenge: "",
    issuedAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 60_000).toISOString(),
    ...overrides,
  };
}

export function tokenRecord(overrides: Partial<TokenRecord> = {}): TokenRecord {
  const { codeChallenge: _c, ...rest } = codeRecord();
  return { ...rest, expiresAt: new Date(Date.now() + 900_000).toISOString(), ...overrides };
}

export function consentEntry(overrides: Partial<ConsentEntry> = {}): ConsentEntry {
  return {
    decidedAt: new Date().toISOString(),
    clientId: "oauthclient.local",
    scope: "demoziekenhuis~1",
    decision: "allow",
    sessionReference: "ref",
    subjectHash: "hash",
    ...overrides,
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Every key under a test prefix (SCAN, never KEYS on a shared server). */
export async function keysUnder(redis: import("ioredis").Redis, prefix: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    out.push(...batch);
  } while (cursor !== "0");
  return out;
}

/** Deletes a test run's keys (its own unique prefix only). */
export async function deleteUnder(redis: import("ioredis").Redis, prefix: string): Promise<void> {
  const keys = await keysUnder(redis, prefix);
  if (keys.length) await redis.del(...keys);
}
