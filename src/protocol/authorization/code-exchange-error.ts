/**
 * Turns a failed code consumption into the RFC 6749 §5.2 answer. Every case
 * is invalid_grant; the description says which check failed, without the code.
 */
import type { ProtocolError } from "../errors.js";
import { respondError } from "./authorization-errors.js";
import type { CodeConsumption } from "./records.js";

export function codeExchangeError(outcome: Exclude<CodeConsumption, { status: "consumed" }>, verifierGiven: boolean): ProtocolError {
  switch (outcome.status) {
    case "unknown":
      return respondError("invalid_grant", "CODE_UNKNOWN_OR_EXPIRED", "the authorization code is unknown or expired");
    case "already_used":
      return respondError("invalid_grant", "CODE_ALREADY_USED", "the authorization code has already been used; tokens issued from it are revoked");
    case "mismatch":
      if (outcome.field === "client_id") return respondError("invalid_grant", "CODE_CLIENT_MISMATCH", "the authorization code was issued to another client");
      if (outcome.field === "redirect_uri") return respondError("invalid_grant", "REDIRECT_URI_MISMATCH", "redirect_uri differs from the authorization request");
      if (!outcome.codeHadChallenge) return respondError("invalid_grant", "PKCE_DOWNGRADE", "code_verifier given but the authorization request had no code_challenge");
      if (!verifierGiven) return respondError("invalid_grant", "CODE_VERIFIER_MISSING", "code_verifier is required for this code");
      return respondError("invalid_grant", "PKCE_VERIFICATION_FAILED", "code_verifier does not match code_challenge");
  }
}
