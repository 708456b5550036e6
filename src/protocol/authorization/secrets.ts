/**
 * Session ids, authorization codes and access tokens are `<flowId>.<secret>`:
 * the flow id (16 random bytes, base64url, not secret on its own) is the one
 * the session drew at StartAuthorization, and the code and token of that flow
 * carry it too, so that all of a flow's state lives under one Redis Cluster
 * hash tag and one script can change it atomically. The secret is 32 random
 * bytes (256 bits, RFC 6749 §10.10 wants ≥ 128) in base64url. Randomness comes
 * in as an argument. Only the SHA-256 hash of the whole value is ever stored
 * or used in a key, so a secret presented under another flow id matches nothing.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export type RandomBytes = (n: number) => Uint8Array;

export const SECRET_BYTES = 32;
export const FLOW_ID_BYTES = 16;
/**
 * base64url without padding of 16 bytes (22 characters), a dot, and of 32
 * bytes (43 characters); the last character of each part can only be one that
 * leaves the unused low bits zero (the canonical encoding we produce).
 */
const FLOW_SECRET_SHAPE = /^[A-Za-z0-9_-]{21}[AQgw]\.[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/** Where a flow secret's state lives: the flow's hash tag, and the hash of the whole value. */
export interface FlowKey {
  readonly flowId: string;
  readonly hash: string;
}

/** The secret part: 32 random bytes, base64url (43 characters). */
export function generateSecret(randomBytes: RandomBytes): string {
  const bytes = randomBytes(SECRET_BYTES);
  if (bytes.length !== SECRET_BYTES) throw new Error("randomBytes returned the wrong length");
  return Buffer.from(bytes).toString("base64url");
}

/** A new flow id: 16 random bytes, base64url (22 characters). */
export function generateFlowId(randomBytes: RandomBytes): string {
  const bytes = randomBytes(FLOW_ID_BYTES);
  if (bytes.length !== FLOW_ID_BYTES) throw new Error("randomBytes returned the wrong length");
  return Buffer.from(bytes).toString("base64url");
}

/** A new session id, code or token of the flow `flowId`: `<flowId>.<secret>`. */
export function generateFlowSecret(flowId: string, randomBytes: RandomBytes): string {
  const value = `${flowId}.${generateSecret(randomBytes)}`;
  if (!looksLikeSecret(value)) throw new Error("not a flow id");
  return value;
}

/** Cheap rejection of anything that cannot be one of our secrets (RFC 6819 4.4.1.12). */
export function looksLikeSecret(value: string): boolean {
  return value.length === 66 && FLOW_SECRET_SHAPE.test(value);
}

/** The store key of a session id, code or token, or undefined when it cannot be one of ours. */
export function flowKeyOf(value: string): FlowKey | undefined {
  if (!looksLikeSecret(value)) return undefined;
  return { flowId: value.slice(0, value.indexOf(".")), hash: hashSecret(value) };
}

/** SHA-256, base64url: what the stores keep instead of the secret. */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("base64url");
}

/** A short non-secret reference to a session, for logs and the consent log. */
export function sessionReference(sessionId: string): string {
  return createHash("sha256").update(`session-reference:${sessionId}`, "utf8").digest("base64url").slice(0, 22);
}

/** The CSRF token of a session: an HMAC of the session id, so nothing extra is stored. */
export function csrfToken(key: Buffer, sessionId: string): string {
  return createHmac("sha256", key).update(`csrf:${sessionId}`, "utf8").digest("base64url");
}

/** Constant-time comparison of two strings. */
export function safeEqual(a: string, b: string): boolean {
  const ab = createHash("sha256").update(a, "utf8").digest();
  const bb = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(ab, bb) && a.length === b.length;
}
