/**
 * PKCE (RFC 7636) as RFC 9700 §2.1.1 wants it: S256 only ("plain" and a
 * missing method, which means plain, are refused); a challenge binds the
 * code to the verifier; a verifier without a challenge is a downgrade and is
 * refused. Requiring PKCE is a configuration switch.
 */
import { createHash } from "node:crypto";

export interface PkceRequest {
  readonly codeChallenge: string;
  readonly method: "S256";
}

export type PkceRequestCheck =
  | { ok: true; value: PkceRequest | undefined }
  | { ok: false; reason: "PKCE_REQUIRED" | "PKCE_METHOD_NOT_SUPPORTED" | "INVALID_CODE_CHALLENGE"; description: string };

/** S256 challenges are base64url(SHA-256) without padding: 43 characters. */
const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
/** RFC 7636 §4.1: 43–128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

export function checkPkceRequest(challenge: string | undefined, method: string | undefined, requirePkce: boolean): PkceRequestCheck {
  if (challenge === undefined) {
    if (method !== undefined) return { ok: false, reason: "INVALID_CODE_CHALLENGE", description: "code_challenge_method given without code_challenge" };
    if (requirePkce) return { ok: false, reason: "PKCE_REQUIRED", description: "code_challenge is required (PKCE with S256)" };
    return { ok: true, value: undefined };
  }
  if (method !== "S256") {
    return { ok: false, reason: "PKCE_METHOD_NOT_SUPPORTED", description: "code_challenge_method must be S256 (plain is not supported)" };
  }
  if (!S256_CHALLENGE.test(challenge)) return { ok: false, reason: "INVALID_CODE_CHALLENGE", description: "code_challenge must be 43 base64url characters" };
  return { ok: true, value: { codeChallenge: challenge, method: "S256" } };
}

export function isValidCodeVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier);
}

/** BASE64URL(SHA256(ASCII(code_verifier))). */
export function s256Challenge(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}
