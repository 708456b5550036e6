/**
 * CSRF protection of the gateway's own forms (the consent form uses the
 * core's csrf_token instead).
 *
 * A form token is HMAC(secret, purpose + binding), where the binding is a
 * value the browser only sends back in an HttpOnly SameSite=Lax cookie (the
 * session id, or a random nonce cookie set with the form). A cross-site POST
 * carries neither the cookie nor a token that matches it. An Origin header,
 * when the browser sends a real one, must also name the host the form was
 * posted to (pages send Referrer-Policy: no-referrer, under which browsers
 * send "Origin: null" on form posts, so absence or "null" is accepted and
 * the token decides).
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { header, requestHost } from "./http-io.js";
import type { HttpRequest } from "./types.js";

export class CsrfTokens {
  private readonly secret: Uint8Array;

  constructor(secret?: Uint8Array) {
    this.secret = secret ?? randomBytes(32);
  }

  token(purpose: string, binding: string): string {
    return createHmac("sha256", this.secret).update(`${purpose}\n${binding}`).digest("base64url");
  }

  verify(purpose: string, binding: string | undefined, given: string | null | undefined): boolean {
    if (!binding || !given) return false;
    const want = Buffer.from(this.token(purpose, binding));
    const got = Buffer.from(given);
    return want.length === got.length && timingSafeEqual(want, got);
  }
}

/** A fresh random nonce (256 bits, base64url) for a nonce cookie. */
export function newNonce(): string {
  return randomBytes(32).toString("base64url");
}

/** False when the browser names another origin than the host it posted to. */
export function originMatches(req: HttpRequest): boolean {
  const origin = header(req, "origin");
  if (origin === undefined || origin === "null") return true;
  try {
    return new URL(origin).host.toLowerCase() === requestHost(req).toLowerCase();
  } catch {
    return false;
  }
}
