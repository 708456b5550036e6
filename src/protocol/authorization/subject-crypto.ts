/**
 * The BSN at rest: AES-256-GCM with the configured key (a fresh 96-bit IV per
 * value, passed in as randomness). The consent log keeps only an HMAC of the
 * BSN under a key derived from the same key (HKDF), so records of one person
 * can be found without the BSN in plain text.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from "node:crypto";
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
  const iv = Buffer.from(randomBytes(12));
  const cipher = createCipheriv("aes-256-gcm", keys.encryptionKey, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ct = Buffer.concat([cipher.update(bsn, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), ct.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** Throws when the value was not encrypted with this key and context. */
export function decryptSubject(keys: SubjectKeys, sealed: string, context: string): string {
  const [v, iv, ct, tag] = sealed.split(".");
  if (v !== "v1" || !iv || ct === undefined || !tag) throw new Error("malformed encrypted subject");
  const decipher = createDecipheriv("aes-256-gcm", keys.encryptionKey, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
}

export function subjectHash(keys: SubjectKeys, bsn: string): string {
  return createHmac("sha256", keys.subjectHashKey).update(bsn, "utf8").digest("base64url");
}
