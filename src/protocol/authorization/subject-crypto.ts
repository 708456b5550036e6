/**
 * The BSN at rest: AES-256-GCM with the configured key (a fresh 96-bit IV per
 * value, passed in as randomness). The consent log keeps only an HMAC of the
 * BSN under a key derived from the same key (HKDF), so records of one person
 * can be found without the BSN in plain text.
 */
import { createHmac, hkdfSync } from "node:crypto";
import { seal, unseal } from "../seal.js";
import type { RandomBytes } from "./secrets.js";

export interface SubjectKeys {
  readonly encryptionKey: Buffer;
  readonly subjectHashKey: Buffer;
  readonly csrfKey: Buffer;
}

export function deriveSubjectKeys(encryptionKey: Buffer): SubjectKeys {
  if (encryptionKey.length !== 32) throw new Error("the encryption key must be 32 bytes");
  const derive = (info: string) => Buffer.from(hkdfSync("sha256", encryptionKey, Buffer.alloc(0), info, 32));
  return Object.freeze({ encryptionKey, subjectHashKey: derive("medmij-oauth subject hash v1"), csrfKey: derive("medmij-oauth csrf v1") });
}

/** "v1.<iv>.<ciphertext>.<tag>" in base64url; `context` is bound as additional data. */
export function encryptSubject(keys: SubjectKeys, bsn: string, context: string, randomBytes: RandomBytes): string {
  return seal(keys.encryptionKey, bsn, context, randomBytes);
}

/** Throws when the value was not encrypted with this key and context. */
export function decryptSubject(keys: SubjectKeys, sealed: string, context: string): string {
  return unseal(keys.encryptionKey, sealed, context);
}

export function subjectHash(keys: SubjectKeys, bsn: string): string {
  return createHmac("sha256", keys.subjectHashKey).update(bsn, "utf8").digest("base64url");
}
