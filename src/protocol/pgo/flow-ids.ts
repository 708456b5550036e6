import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Session ids and state values are `<flowId>.<secret>`: the flow id (128
 * random bits, not a secret on its own) names the flow's Redis hash tag, so
 * that a state or a session id finds its flow's keys without a global index;
 * the secret part (session id: 256 bits, state: 128 bits) proves possession
 * and is stored only as a SHA-256 hash.
 */
const PART = /^[A-Za-z0-9_-]+$/;

export interface FlowSecret {
  flowId: string;
  /** The complete value, e.g. the session id as the caller holds it. */
  value: string;
}

export function formatFlowSecret(flowIdBytes: Uint8Array, secretBytes: Uint8Array): FlowSecret {
  const flowId = Buffer.from(flowIdBytes).toString("base64url");
  return { flowId, value: `${flowId}.${Buffer.from(secretBytes).toString("base64url")}` };
}

/** The flow id of a session id or state, or undefined when it is not one of ours. */
export function flowIdOf(value: string, minSecretChars: number): string | undefined {
  if (value.length > 200) return undefined;
  const dot = value.indexOf(".");
  if (dot <= 0) return undefined;
  const flowId = value.slice(0, dot);
  const secret = value.slice(dot + 1);
  if (flowId.length < 22 || !PART.test(flowId) || secret.length < minSecretChars || !PART.test(secret)) return undefined;
  return flowId;
}

/** SHA-256, base64url: how session ids, states and the like are stored. */
export function hashSecret(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("base64url");
}

/** Constant-time comparison of a presented value with a stored hash. */
export function matchesHash(value: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(value));
  const b = Buffer.from(storedHash);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Minimum secret lengths in base64url characters: 32 bytes → 43, 16 bytes → 22. */
export const SESSION_SECRET_CHARS = 43;
export const STATE_SECRET_CHARS = 22;
