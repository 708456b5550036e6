/**
 * AES-256-GCM for secrets at rest (the BSN on the provider side, the PGO's
 * verifier, code and access token): "v1.<iv>.<ciphertext>.<tag>" in
 * base64url, a fresh 96-bit IV per value (randomness passed in), and `aad`
 * bound as additional data so a sealed value cannot be moved to another
 * record.
 */
import { createCipheriv, createDecipheriv } from "node:crypto";

export function seal(key: Buffer, plain: string, aad: string, randomBytes: (n: number) => Uint8Array): string {
  const iv = Buffer.from(randomBytes(12));
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ct = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), ct.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

/** Throws when the value is malformed or was not sealed with this key and aad. */
export function unseal(key: Buffer, sealed: string, aad: string): string {
  const [v, iv, ct, tag] = sealed.split(".");
  if (v !== "v1" || !iv || ct === undefined || !tag) throw new Error("malformed sealed value");
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
}
