/**
 * The authorization session and its state transitions. The order MedMij
 * prescribes is enforced here: authentication once, then the availability
 * check once, then the consent question, then one decision. A step out of
 * order or repeated is a FAILED_PRECONDITION and leaves the session as it was.
 */
import { preconditionError } from "./authorization-errors.js";

export type SessionStatus = "started" | "authenticated" | "available" | "consent_shown" | "decided" | "ended";

export type Step = "CompleteAuthentication" | "CheckAvailability" | "GetConsent" | "DecideConsent";

export interface AuthorizationSession {
  /** Raised by every transition; the stores replace a session only at the version they read. */
  readonly version: number;
  readonly status: SessionStatus;
  /** Non-secret reference (logs, consent log). */
  readonly reference: string;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  readonly scope: string;
  readonly providerName: string;
  readonly dataServiceIds: readonly string[];
  readonly providerOnly: boolean;
  readonly codeChallenge?: string;
  readonly requestId?: string;
  readonly correlationId?: string;
  /** The BSN, encrypted (subject-crypto.ts). */
  readonly subject?: string;
  readonly availableDataServiceIds?: readonly string[];
  readonly decision?: "allow" | "deny";
  /** Why an ended session ended (not shown to the client). */
  readonly endReason?: string;
}

const ALLOWED: Record<Step, readonly SessionStatus[]> = {
  CompleteAuthentication: ["started"],
  CheckAvailability: ["authenticated"],
  GetConsent: ["available", "consent_shown"],
  DecideConsent: ["consent_shown"],
};

const NEXT_STEP: Record<SessionStatus, string> = {
  started: "the person has not logged in yet (CompleteAuthentication comes first)",
  authenticated: "the availability check has not run yet (CheckAvailability comes next)",
  available: "the consent question has not been shown yet (GetConsent comes next)",
  consent_shown: "the consent question is waiting for a decision (DecideConsent comes next)",
  decided: "the consent decision has already been made",
  ended: "this authorization has ended",
};

/** Throws FAILED_PRECONDITION unless `step` may run now. */
export function requireStep(session: AuthorizationSession, step: Step): void {
  if (ALLOWED[step].includes(session.status)) return;
  throw preconditionError(
    "STEP_OUT_OF_ORDER",
    `${step} is not possible now: ${NEXT_STEP[session.status]}`,
    "Deze stap is niet (meer) mogelijk. Start het ophalen van uw gegevens opnieuw vanuit uw PGO.",
    { step, sessionStatus: session.status },
  );
}

function next(session: AuthorizationSession, changes: Partial<AuthorizationSession>): AuthorizationSession {
  return Object.freeze({ ...session, ...changes, version: session.version + 1 });
}

export function authenticated(session: AuthorizationSession, encryptedSubject: string): AuthorizationSession {
  requireStep(session, "CompleteAuthentication");
  return next(session, { status: "authenticated", subject: encryptedSubject });
}

export function available(session: AuthorizationSession, dataServiceIds: readonly string[]): AuthorizationSession {
  requireStep(session, "CheckAvailability");
  return next(session, { status: "available", availableDataServiceIds: [...dataServiceIds] });
}

export function consentShown(session: AuthorizationSession): AuthorizationSession {
  requireStep(session, "GetConsent");
  return session.status === "consent_shown" ? session : next(session, { status: "consent_shown" });
}

export function decided(session: AuthorizationSession, decision: "allow" | "deny"): AuthorizationSession {
  requireStep(session, "DecideConsent");
  return next(session, { status: "decided", decision });
}

export function ended(session: AuthorizationSession, endReason: string): AuthorizationSession {
  return next(session, { status: "ended", endReason });
}
