import { ProtocolError } from "../errors.js";
import { flowIdOf, matchesHash, STATE_SECRET_CHARS } from "./flow-ids.js";
import type { PgoInterfaceVersion } from "./build-scope.js";

/**
 * One PGO flow, from StartAuthorization to a usable access token.
 * authorizing → code_received → exchanging → authorized; any step may end
 * in failed. The secrets (verifier, code, token) are plain here; the
 * stores encrypt them at rest.
 */
export type PgoSessionStatus = "authorizing" | "code_received" | "exchanging" | "authorized" | "failed";

export interface PgoToken {
  accessToken: string;
  tokenType: "Bearer";
  scope: string;
  expiresAt: Date;
}

export interface PgoSession {
  readonly flowId: string;
  /** SHA-256 of the session id (the browser's cookie value). */
  readonly sessionIdHash: string;
  /** SHA-256 of the state, to tell a replay from an unknown state. */
  readonly stateHash: string;
  readonly providerName: string;
  readonly dataServiceIds: readonly string[];
  readonly scope: string;
  readonly interfaceVersion: PgoInterfaceVersion;
  /** The ZAL's token endpoint when the flow started: the only place the code may go (mix-up defence). */
  readonly tokenEndpointUri: string;
  readonly codeVerifier: string;
  readonly correlationId: string;
  readonly createdAt: Date;
  /** The session (and all its keys) lapse then. */
  readonly expiresAt: Date;
  readonly status: PgoSessionStatus;
  readonly codeReceivedAt?: Date | undefined;
  readonly authorizationCode?: string | undefined;
  readonly token?: PgoToken | undefined;
  /** The reason of the error that ended the flow. */
  readonly failureReason?: string | undefined;
}

/** After the token lapses the session is kept this long, so that a caller learns "expired" rather than "unknown". */
export const EXPIRED_TOKEN_GRACE_MS = 5 * 60 * 1000;

const RESTART = "Begin opnieuw om uw gegevens op te halen.";

export function isSessionExpired(session: PgoSession, now: Date): boolean {
  return session.expiresAt.getTime() <= now.getTime();
}

/** FLOW 11: the code arrived for this flow; it is kept for the exchange and its receipt recorded. */
export function acceptAuthorizationCode(session: PgoSession, code: string, now: Date): PgoSession {
  if (session.status !== "authorizing") throw stateAlreadyUsed();
  return { ...session, status: "code_received", authorizationCode: code, codeReceivedAt: now };
}

/** The provider answered with an error, or the exchange failed: the flow ends. The code is dropped. */
export function failSession(session: PgoSession, reason: string): PgoSession {
  return { ...session, status: "failed", failureReason: reason, authorizationCode: undefined };
}

/** FLOW 12 may start only once, with a received code. */
export function beginExchange(session: PgoSession, now: Date): PgoSession & { authorizationCode: string } {
  if (isSessionExpired(session, now)) throw sessionExpired();
  if (session.status === "authorizing") {
    throw precondition("NO_AUTHORIZATION_CODE", "the session has not received an authorization code yet", "Er is nog geen toestemming ontvangen van de zorgaanbieder. " + RESTART);
  }
  if (session.status !== "code_received" || !session.authorizationCode) throw codeAlreadyPresented();
  return { ...session, status: "exchanging", authorizationCode: session.authorizationCode };
}

/** FLOW 13: the token arrived; the code is no longer needed and the session now lives as long as the token (plus a grace period). */
export function acceptToken(session: PgoSession, token: PgoToken): PgoSession {
  const keepUntil = Math.max(session.expiresAt.getTime(), token.expiresAt.getTime() + EXPIRED_TOKEN_GRACE_MS);
  return { ...session, status: "authorized", token, authorizationCode: undefined, expiresAt: new Date(keepUntil) };
}

/** FLOW 14 needs a valid token. */
export function requireValidToken(session: PgoSession, now: Date): PgoToken {
  if (session.status !== "authorized" || !session.token) {
    throw precondition("NO_ACCESS_TOKEN", "the session has no access token: exchange the authorization code first", "Er is nog geen toegang tot uw gegevens verkregen. " + RESTART);
  }
  if (session.token.expiresAt.getTime() <= now.getTime()) {
    throw precondition("ACCESS_TOKEN_EXPIRED", "the access token of this session has expired: start a new authorization", "De toegang tot uw gegevens is verlopen. " + RESTART);
  }
  return session.token;
}

/** The state must be this browser's session's (CSRF, RFC 9700 §2.1); a foreign state is refused before anything is consumed. */
export function checkStateBelongsToSession(session: PgoSession, state: string): void {
  if (flowIdOf(state, STATE_SECRET_CHARS) !== session.flowId || !matchesHash(state, session.stateHash)) {
    throw precondition("STATE_MISMATCH", "the state does not belong to this session", "Dit antwoord van de zorgaanbieder hoort niet bij uw sessie. " + RESTART);
  }
}

/** Mix-up defence (RFC 9700 §4.4): the code goes only to the token endpoint of the server that issued it. */
export function checkTokenEndpointUnchanged(session: PgoSession, currentTokenEndpointUri: string): void {
  if (currentTokenEndpointUri !== session.tokenEndpointUri) {
    throw precondition("TOKEN_ENDPOINT_CHANGED", "the provider's token endpoint on the ZAL changed during the flow", "De gegevens van deze zorgaanbieder zijn tijdens het inloggen gewijzigd. " + RESTART, {
      providerName: session.providerName,
    });
  }
}

export function codeAlreadyPresented(): ProtocolError {
  return precondition("CODE_ALREADY_PRESENTED", "the authorization code of this session was already presented to the token endpoint", "Deze toestemming is al gebruikt. " + RESTART, undefined, "invalid_grant");
}

export function stateAlreadyUsed(): ProtocolError {
  return precondition("STATE_ALREADY_USED", "this state was already used: an authorization response is accepted once", "Dit antwoord van de zorgaanbieder is al verwerkt. " + RESTART);
}

export function missingSessionId(): ProtocolError {
  return new ProtocolError({
    reason: "MISSING_SESSION_ID",
    kind: "invalid_argument",
    description: "session_id is required: the flow is bound to the browser that started it",
    oauth: { error: "invalid_request", disposition: "show", userMessage: "Uw sessie is niet gevonden. Sta cookies toe voor deze PGO en begin opnieuw." },
  });
}

export function sessionNotFound(): ProtocolError {
  return new ProtocolError({
    reason: "SESSION_NOT_FOUND",
    kind: "not_found",
    description: "no session with this id: it is unknown or has expired",
    oauth: { error: "invalid_request", disposition: "show", userMessage: "Uw sessie is verlopen of onbekend. " + RESTART },
  });
}

export function sessionExpired(): ProtocolError {
  return precondition("SESSION_EXPIRED", "the session has expired", "Uw sessie is verlopen. " + RESTART);
}

export function precondition(
  reason: string,
  description: string,
  userMessage: string,
  metadata?: Record<string, string>,
  error: "invalid_request" | "invalid_grant" = "invalid_request",
): ProtocolError {
  return new ProtocolError({
    reason,
    kind: "failed_precondition",
    description,
    ...(metadata ? { metadata } : {}),
    oauth: { error, disposition: "show", userMessage },
  });
}
