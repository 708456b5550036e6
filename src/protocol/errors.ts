/**
 * The one error type of the protocol room. Transport-neutral: `kind` says
 * which canonical status it becomes (src/rpc/errors.ts maps it to a gRPC
 * code), `oauth` says what the HTTP side answers per RFC 6749.
 */

/** The ten RFC 6749 error codes (numbers as in the seed's ERRORS enum). */
export const OAUTH_ERROR_CODES = {
  invalid_request: 1,
  access_denied: 2,
  unauthorized_client: 3,
  unsupported_response_type: 4,
  invalid_scope: 5,
  server_error: 6,
  temporarily_unavailable: 7,
  invalid_client: 8,
  invalid_grant: 9,
  unsupported_grant_type: 10,
} as const;

export type OAuthErrorCode = keyof typeof OAUTH_ERROR_CODES;

/** The HTTP status an HTTP endpoint answers for each OAuth error. */
export const OAUTH_HTTP_STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  access_denied: 403,
  unauthorized_client: 400,
  unsupported_response_type: 400,
  invalid_scope: 400,
  server_error: 500,
  temporarily_unavailable: 503,
  invalid_client: 401,
  invalid_grant: 400,
  unsupported_grant_type: 400,
};

/** Looks up an RFC 6749 error string (the seed's lookup_error_code); undefined when unknown. */
export function lookupOAuthErrorCode(error: string): OAuthErrorCode | undefined {
  return Object.prototype.hasOwnProperty.call(OAUTH_ERROR_CODES, error) ? (error as OAuthErrorCode) : undefined;
}

/** Transport-neutral error categories; each maps to one gRPC code. */
export type ErrorKind =
  | "invalid_argument"
  | "not_found"
  | "already_exists"
  | "failed_precondition"
  | "permission_denied"
  | "unauthenticated"
  | "resource_exhausted"
  | "deadline_exceeded"
  | "unavailable"
  | "unimplemented"
  | "internal";

/**
 * show: an error page, never a redirect (bad client_id / redirect_uri).
 * redirect: 303 to redirectUrl (which carries error, error_description, state).
 * respond: a back-channel JSON answer with httpStatus.
 */
export type ErrorDisposition = "show" | "redirect" | "respond";

export interface OAuthErrorInfo {
  error: OAuthErrorCode;
  disposition: ErrorDisposition;
  /** With disposition "redirect": the complete URL to send the browser to. */
  redirectUrl?: string;
  /** Defaults to OAUTH_HTTP_STATUS[error]. */
  httpStatus?: number;
  /** A short explanation for the person, in plain Dutch. */
  userMessage?: string;
}

export interface ProtocolErrorInit {
  /** UPPER_SNAKE_CASE, at most 63 characters (AIP-193 ErrorInfo.reason). */
  reason: string;
  kind: ErrorKind;
  /** Developer-facing English; also the RFC 6749 error_description. Never holds a BSN, code or token. */
  description: string;
  oauth?: OAuthErrorInfo;
  /** lowerCamelCase keys; every dynamic value in the description. */
  metadata?: Record<string, string>;
}

export class ProtocolError extends Error {
  readonly reason: string;
  readonly kind: ErrorKind;
  readonly description: string;
  readonly oauth: OAuthErrorInfo | undefined;
  readonly metadata: Readonly<Record<string, string>>;

  constructor(init: ProtocolErrorInit) {
    super(init.description);
    this.name = "ProtocolError";
    this.reason = init.reason;
    this.kind = init.kind;
    this.description = init.description;
    this.oauth = init.oauth;
    this.metadata = Object.freeze({ ...(init.metadata ?? {}) });
  }
}

export function isProtocolError(e: unknown): e is ProtocolError {
  return e instanceof ProtocolError;
}
