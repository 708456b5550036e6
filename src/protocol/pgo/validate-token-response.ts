import { ProtocolError } from "../errors.js";
import { mapErrorResponse } from "./map-error-response.js";

export interface TokenHttpResponse {
  status: number;
  /** The Content-Type header, if any. */
  contentType: string | undefined;
  body: string;
}

export interface ValidatedToken {
  accessToken: string;
  /** Normalised to "Bearer". */
  tokenType: "Bearer";
  expiresInSeconds: number;
  expiresAt: Date;
  /** The granted scope: the response's, or the requested one when omitted (RFC 6749 §5.1). */
  scope: string;
}

/**
 * When a token response has no expires_in: 15 minutes, the MedMij access
 * token lifetime (requirements §5.5). A guess that is too long would only
 * make a resource request fail later with 401; no longer than MedMij allows.
 */
export const DEFAULT_EXPIRES_IN_SECONDS = 900;
/** Longer lifetimes are not believable for a MedMij access token: refused as malformed. */
export const MAX_EXPIRES_IN_SECONDS = 366 * 24 * 3600;
/** RFC 6750 §2.1 b64token: what can go into `Authorization: Bearer`. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const MAX_TOKEN_LENGTH = 4096;

export interface TokenContext {
  providerName: string;
  requestedScope: string;
  now: Date;
}

/**
 * Validates a token endpoint's answer (FLOW 12-13; RFC 6749 §5.1/§5.2):
 * an RFC 6749 error answer becomes our error model; anything else but a
 * JSON object with a Bearer token_type, a sane access_token and a positive
 * integer expires_in is refused. The token never appears in an error.
 */
export function validateTokenResponse(res: TokenHttpResponse, ctx: TokenContext): ValidatedToken {
  const json = parseJsonObject(res.body);
  if (res.status !== 200) {
    if (json && typeof json.error === "string" && json.error !== "") {
      const description = typeof json.error_description === "string" ? json.error_description : undefined;
      throw mapErrorResponse({ stage: "token", error: json.error, errorDescription: description, providerName: ctx.providerName, httpStatus: res.status });
    }
    throw invalidResponse("TOKEN_ENDPOINT_HTTP_ERROR", `the token endpoint answered HTTP ${res.status} without an OAuth error`, ctx, {
      httpStatus: String(res.status),
    }, res.status >= 500 ? "unavailable" : "failed_precondition");
  }
  if (!json) throw invalidResponse("TOKEN_RESPONSE_NOT_JSON", "the token response is not a JSON object", ctx);
  const tokenType = json.token_type;
  if (typeof tokenType !== "string" || tokenType.toLowerCase() !== "bearer") {
    throw invalidResponse("TOKEN_TYPE_NOT_BEARER", "the token response's token_type is not Bearer", ctx, {
      tokenType: typeof tokenType === "string" ? tokenType.slice(0, 40).replace(/[^\x20-\x7E]/g, "?") : typeof tokenType,
    });
  }
  const accessToken = json.access_token;
  if (typeof accessToken !== "string" || accessToken === "") {
    throw invalidResponse("ACCESS_TOKEN_MISSING", "the token response has no access_token", ctx);
  }
  if (accessToken.length > MAX_TOKEN_LENGTH || !B64TOKEN.test(accessToken)) {
    throw invalidResponse("ACCESS_TOKEN_MALFORMED", "the access_token is not a valid bearer token (RFC 6750 section 2.1)", ctx);
  }
  let expiresIn = DEFAULT_EXPIRES_IN_SECONDS;
  if (json.expires_in !== undefined && json.expires_in !== null) {
    const e = json.expires_in;
    if (typeof e !== "number" || !Number.isSafeInteger(e) || e <= 0 || e > MAX_EXPIRES_IN_SECONDS) {
      throw invalidResponse("EXPIRES_IN_INVALID", "the token response's expires_in is not a positive whole number of seconds", ctx);
    }
    expiresIn = e;
  }
  let scope = ctx.requestedScope;
  if (json.scope !== undefined && json.scope !== null) {
    if (typeof json.scope !== "string" || json.scope.length > 1024) throw invalidResponse("SCOPE_INVALID", "the token response's scope is not a string", ctx);
    if (json.scope !== "") scope = json.scope;
  }
  return { accessToken, tokenType: "Bearer", expiresInSeconds: expiresIn, expiresAt: new Date(ctx.now.getTime() + expiresIn * 1000), scope };
}

function parseJsonObject(body: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body);
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function invalidResponse(
  reason: string,
  description: string,
  ctx: TokenContext,
  metadata: Record<string, string> = {},
  kind: "failed_precondition" | "unavailable" = "failed_precondition",
): ProtocolError {
  return new ProtocolError({
    reason,
    kind,
    description,
    metadata: { providerName: ctx.providerName, ...metadata },
    oauth: {
      error: "server_error",
      disposition: "show",
      userMessage: "De zorgaanbieder gaf een ongeldig antwoord bij het ophalen van de toegang tot uw gegevens. Begin later opnieuw.",
    },
  });
}
