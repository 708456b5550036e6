/**
 * FLOW 3: the authorization request (requirements.md §1, RFC 6749 §4.1.1).
 * Order matters: client_id and redirect_uri are checked first, and a problem
 * with either is shown to the person (never a redirect, §4.1.2.1). Only once
 * both are trusted do other problems go back to the client as a redirect
 * with error, error_description and the original state.
 */
import type { ListSnapshot, OclClient } from "../lists/model.js";
import { redirectError, showError } from "./authorization-errors.js";
import { checkClientId } from "./check-client-id.js";
import { checkPkceRequest, type PkceRequest } from "./check-pkce.js";
import { checkRedirectUri } from "./check-redirect-uri.js";
import { collectParameters, type RawParameter } from "./parameters.js";
import { parseScope, type InterfaceVersion, type RequestedScope } from "./parse-scope.js";

export interface AuthorizationRequestPolicy {
  readonly interfaceVersion: InterfaceVersion;
  /** Zorgaanbiedernamen this server serves. */
  readonly providerNames: readonly string[];
  readonly requirePkce: boolean;
  readonly allowLocalhostHttpRedirects: boolean;
}

export interface AuthorizationRequest {
  readonly client: OclClient;
  /** client_id exactly as sent (the token request must repeat it). */
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  readonly scope: RequestedScope;
  readonly pkce: PkceRequest | undefined;
  readonly requestId: string | undefined;
  readonly correlationId: string | undefined;
}

const MAX_LENGTH = 2048;
const KNOWN = ["response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method"];
/** RFC 6749 Appendix A.5: state is VSCHAR. */
const STATE = /^[\x20-\x7e]+$/;
/** Request and correlation ids are kept for the chain log only when they look like ids. */
const LOG_ID = /^[A-Za-z0-9-]{1,64}$/;

const USER_MESSAGE_CLIENT = "Deze aanvraag komt niet van een bekende PGO. Er worden geen gegevens gedeeld. Ga terug naar uw PGO en probeer het opnieuw.";
const USER_MESSAGE_REDIRECT = "Deze aanvraag bevat een ongeldig terugkeeradres. Er worden geen gegevens gedeeld. Ga terug naar uw PGO en probeer het opnieuw.";
const USER_MESSAGE_UNAVAILABLE = "De lijst met bekende PGO's is op dit moment niet beschikbaar. Probeer het later opnieuw.";

export function parseAuthorizationRequest(parameters: readonly RawParameter[], lists: ListSnapshot, policy: AuthorizationRequestPolicy): AuthorizationRequest {
  const p = collectParameters(parameters);
  // Unknown parameters are ignored whatever their size; known ones are bounded.
  const tooLong = parameters.find((x) => KNOWN.includes(x.name) && x.value.length > MAX_LENGTH);

  // 1. client_id — shown, never redirected.
  if (p.duplicates.includes("client_id")) throw showError("DUPLICATE_PARAMETER", "invalid_argument", "client_id is given more than once", USER_MESSAGE_CLIENT);
  const clientCheck = checkClientId(lists.ocl, p.get("client_id"));
  if (!clientCheck.ok) {
    if (clientCheck.reason === "CLIENT_LIST_UNAVAILABLE") {
      throw showError(clientCheck.reason, "unavailable", clientCheck.description, USER_MESSAGE_UNAVAILABLE, "temporarily_unavailable");
    }
    const kind = clientCheck.reason === "UNKNOWN_CLIENT" ? "not_found" : "invalid_argument";
    throw showError(clientCheck.reason, kind, clientCheck.description, USER_MESSAGE_CLIENT);
  }
  const clientId = p.get("client_id")!;

  // 2. redirect_uri — shown, never redirected.
  if (p.duplicates.includes("redirect_uri")) throw showError("DUPLICATE_PARAMETER", "invalid_argument", "redirect_uri is given more than once", USER_MESSAGE_REDIRECT);
  const redirectRaw = p.get("redirect_uri");
  if (redirectRaw !== undefined && redirectRaw.length > MAX_LENGTH) throw showError("INVALID_REDIRECT_URI", "invalid_argument", "redirect_uri is too long", USER_MESSAGE_REDIRECT);
  const redirectCheck = checkRedirectUri(redirectRaw, clientId, { allowLocalhostHttp: policy.allowLocalhostHttpRedirects });
  if (!redirectCheck.ok) throw showError(redirectCheck.reason, "invalid_argument", redirectCheck.description, USER_MESSAGE_REDIRECT);
  const redirectUri = redirectCheck.redirectUri;

  // From here on: redirect back to the client, with state when it is usable.
  const rawState = p.get("state");
  const stateUsable = rawState !== undefined && rawState.length <= MAX_LENGTH && STATE.test(rawState);
  const target = { redirectUri, state: stateUsable ? rawState : undefined };
  const invalid = (reason: string, description: string, metadata?: Record<string, string>) =>
    redirectError(target, "invalid_request", reason, description, "invalid_argument", metadata);

  if (p.duplicates.length > 0) {
    throw invalid("DUPLICATE_PARAMETER", `${p.duplicates.join(", ")} given more than once`, { parameters: p.duplicates.join(",") });
  }
  if (tooLong) throw invalid("PARAMETER_TOO_LONG", `${tooLong.name} is longer than ${MAX_LENGTH} characters`, { parameter: tooLong.name, maxLength: String(MAX_LENGTH) });

  const responseType = p.get("response_type");
  if (responseType === undefined) throw invalid("MISSING_RESPONSE_TYPE", "response_type is missing");
  if (responseType !== "code") throw redirectError(target, "unsupported_response_type", "UNSUPPORTED_RESPONSE_TYPE", "response_type must be code");

  if (rawState === undefined) throw invalid("MISSING_STATE", "state is missing");
  if (!stateUsable) throw invalid("INVALID_STATE", "state must consist of printable ASCII characters");

  const scopeRaw = p.get("scope");
  if (scopeRaw === undefined) throw invalid("MISSING_SCOPE", "scope is missing");
  const scopeCheck = parseScope(scopeRaw, policy.interfaceVersion, lists.zal, policy.providerNames);
  if (!scopeCheck.ok) {
    if (scopeCheck.reason === "PROVIDER_LIST_UNAVAILABLE") throw redirectError(target, "temporarily_unavailable", scopeCheck.reason, scopeCheck.description);
    throw redirectError(target, "invalid_scope", scopeCheck.reason, scopeCheck.description);
  }

  const pkceCheck = checkPkceRequest(p.get("code_challenge"), p.get("code_challenge_method"), policy.requirePkce);
  if (!pkceCheck.ok) throw invalid(pkceCheck.reason, pkceCheck.description);

  const logId = (name: string) => {
    const v = p.get(name);
    return v !== undefined && LOG_ID.test(v) ? v : undefined;
  };
  return Object.freeze({
    client: clientCheck.client,
    clientId,
    redirectUri,
    state: rawState,
    scope: scopeCheck.value,
    pkce: pkceCheck.value,
    requestId: logId("MedMij-Request-ID"),
    correlationId: logId("X-Correlation-ID"),
  });
}
