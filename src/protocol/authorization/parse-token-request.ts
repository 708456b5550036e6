/**
 * FLOW 13: the token request (RFC 6749 §4.1.3, requirements.md §4). Every
 * error is a back-channel answer (RFC 6749 §5.2). The code itself is checked
 * later, against the store, atomically.
 */
import type { ListSnapshot } from "../lists/model.js";
import { respondError } from "./authorization-errors.js";
import { checkClientId } from "./check-client-id.js";
import { isValidCodeVerifier } from "./check-pkce.js";
import { collectParameters, type RawParameter } from "./parameters.js";
import { looksLikeSecret } from "./secrets.js";

export interface TokenRequest {
  readonly code: string;
  /** False when the code cannot be one of ours: answer invalid_grant without a store look-up. */
  readonly codeWellFormed: boolean;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeVerifier: string | undefined;
}

export function parseTokenRequest(parameters: readonly RawParameter[], lists: ListSnapshot): TokenRequest {
  const p = collectParameters(parameters);
  if (p.duplicates.length > 0) {
    throw respondError("invalid_request", "DUPLICATE_PARAMETER", `${p.duplicates.join(", ")} given more than once`, "invalid_argument", { parameters: p.duplicates.join(",") });
  }

  const grantType = p.get("grant_type");
  if (grantType === undefined) throw respondError("invalid_request", "MISSING_GRANT_TYPE", "grant_type is missing");
  if (grantType !== "authorization_code") throw respondError("unsupported_grant_type", "UNSUPPORTED_GRANT_TYPE", "grant_type must be authorization_code");

  const code = p.get("code");
  if (code === undefined) throw respondError("invalid_request", "MISSING_CODE", "code is missing");

  const clientCheck = checkClientId(lists.ocl, p.get("client_id"));
  if (!clientCheck.ok) {
    if (clientCheck.reason === "MISSING_CLIENT_ID") throw respondError("invalid_request", clientCheck.reason, clientCheck.description);
    if (clientCheck.reason === "CLIENT_LIST_UNAVAILABLE") throw respondError("temporarily_unavailable", clientCheck.reason, clientCheck.description);
    throw respondError("invalid_client", clientCheck.reason, clientCheck.description);
  }

  const redirectUri = p.get("redirect_uri");
  // core.tknint.205: no access token without redirect_uri.
  if (redirectUri === undefined) throw respondError("invalid_request", "MISSING_REDIRECT_URI", "redirect_uri is missing");

  const codeVerifier = p.get("code_verifier");
  if (codeVerifier !== undefined && !isValidCodeVerifier(codeVerifier)) {
    throw respondError("invalid_request", "INVALID_CODE_VERIFIER", "code_verifier must be 43 to 128 unreserved characters");
  }
  return Object.freeze({ code, codeWellFormed: looksLikeSecret(code), clientId: p.get("client_id")!, redirectUri, codeVerifier });
}
