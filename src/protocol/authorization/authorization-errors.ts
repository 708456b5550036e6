/**
 * The three ways an authorization-server error reaches the outside
 * (RFC 6749 §4.1.2.1 and §5.2), as ProtocolErrors.
 */
import { buildErrorRedirect } from "../build-error-redirect.js";
import { ProtocolError, type ErrorKind, type OAuthErrorCode } from "../errors.js";

/** Bad client_id or redirect_uri: an error page, never a redirect. */
export function showError(reason: string, kind: ErrorKind, description: string, userMessage: string, error: OAuthErrorCode = "invalid_request"): ProtocolError {
  return new ProtocolError({ reason, kind, description, oauth: { error, disposition: "show", userMessage } });
}

/** Any other authorization error: back to the client with error, error_description and state. */
export function redirectError(
  target: { redirectUri: string; state: string | undefined },
  error: OAuthErrorCode,
  reason: string,
  description: string,
  kind: ErrorKind = kindOf(error),
  metadata?: Record<string, string>,
): ProtocolError {
  return new ProtocolError({
    reason,
    kind,
    description,
    oauth: { error, disposition: "redirect", redirectUrl: buildErrorRedirect(target.redirectUri, error, description, target.state) },
    ...(metadata ? { metadata } : {}),
  });
}

/** A token-endpoint (back-channel) error: JSON with the RFC 6749 §5.2 status. */
export function respondError(error: OAuthErrorCode, reason: string, description: string, kind: ErrorKind = kindOf(error), metadata?: Record<string, string>): ProtocolError {
  return new ProtocolError({ reason, kind, description, oauth: { error, disposition: "respond" }, ...(metadata ? { metadata } : {}) });
}

/** A step called out of order or twice: no OAuth answer, the gateway shows its own page. */
export function preconditionError(reason: string, description: string, userMessage: string, metadata?: Record<string, string>): ProtocolError {
  return new ProtocolError({
    reason,
    kind: "failed_precondition",
    description,
    oauth: { error: "invalid_request", disposition: "show", userMessage },
    ...(metadata ? { metadata } : {}),
  });
}

export function invalidArgument(reason: string, description: string): ProtocolError {
  return new ProtocolError({ reason, kind: "invalid_argument", description });
}

function kindOf(error: OAuthErrorCode): ErrorKind {
  switch (error) {
    case "access_denied":
      return "permission_denied";
    case "invalid_client":
      return "unauthenticated";
    case "invalid_grant":
      return "failed_precondition";
    case "server_error":
      return "internal";
    case "temporarily_unavailable":
      return "unavailable";
    default:
      return "invalid_argument";
  }
}

/** What "not granted" looks like to the client, whether no data, too young or refused (requirements.md §2.5). */
export const NOT_GRANTED_DESCRIPTION = "The request was not granted";
