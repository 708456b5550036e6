import type { OAuthErrorCode } from "./errors.js";

/**
 * RFC 6749 §4.1.2.1: the client's redirect_uri with error,
 * error_description and — exactly as received — state. The description is
 * reduced to the characters the RFC allows (%x20-21 / %x23-5B / %x5D-7E).
 */
export function buildErrorRedirect(
  redirectUri: string,
  error: OAuthErrorCode,
  description: string,
  state: string | undefined,
): string {
  const url = new URL(redirectUri);
  url.searchParams.set("error", error);
  const safe = sanitizeErrorDescription(description);
  if (safe) url.searchParams.set("error_description", safe);
  if (state !== undefined && state !== "") url.searchParams.set("state", state);
  return url.toString();
}

export function sanitizeErrorDescription(description: string): string {
  return description.replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, " ").slice(0, 300);
}
