import { sanitizeErrorDescription } from "../build-error-redirect.js";
import { lookupOAuthErrorCode, ProtocolError, type ErrorKind, type OAuthErrorCode } from "../errors.js";

/** Where the provider's error came from: the browser's return (FLOW 10) or the token endpoint (FLOW 12). */
export type ErrorStage = "authorization" | "token";

export interface ProviderErrorInput {
  stage: ErrorStage;
  /** The received `error` value, untrusted. */
  error: string;
  /** The received `error_description`, untrusted; kept only sanitized, in metadata. */
  errorDescription?: string | undefined;
  providerName: string;
  /** The token endpoint's HTTP status, when stage is "token". */
  httpStatus?: number | undefined;
}

interface Meaning {
  kind: ErrorKind;
  userMessage: string;
}

const TRY_AGAIN = "Probeer het later opnieuw.";
const CONTACT = "Probeer het opnieuw. Lukt het dan nog niet, neem dan contact op met uw PGO.";

/**
 * What each RFC 6749 code means for the person. access_denied covers both a
 * refused consent and "no data / age" (requirements §2.5: the PGO cannot and
 * must not tell them apart).
 */
const MEANING: Record<OAuthErrorCode, Meaning> = {
  access_denied: {
    kind: "permission_denied",
    userMessage: "Het ophalen van uw gegevens is niet toegestaan: u heeft geen toestemming gegeven, of de zorgaanbieder kan deze gegevens niet leveren.",
  },
  invalid_request: { kind: "failed_precondition", userMessage: `De zorgaanbieder heeft het verzoek afgewezen omdat het niet klopte. ${CONTACT}` },
  unauthorized_client: { kind: "failed_precondition", userMessage: `Deze PGO mag deze gegevens niet ophalen bij deze zorgaanbieder. ${CONTACT}` },
  unsupported_response_type: { kind: "failed_precondition", userMessage: `De zorgaanbieder ondersteunt dit soort verzoek niet. ${CONTACT}` },
  invalid_scope: { kind: "failed_precondition", userMessage: `De zorgaanbieder levert de gevraagde gegevens niet op deze manier. ${CONTACT}` },
  server_error: { kind: "unavailable", userMessage: `Er ging iets mis bij de zorgaanbieder. ${TRY_AGAIN}` },
  temporarily_unavailable: { kind: "unavailable", userMessage: `De zorgaanbieder is tijdelijk niet bereikbaar. ${TRY_AGAIN}` },
  invalid_client: { kind: "failed_precondition", userMessage: `De zorgaanbieder herkent deze PGO niet. ${CONTACT}` },
  invalid_grant: {
    kind: "failed_precondition",
    userMessage: "De toestemming is verlopen of al gebruikt. Begin opnieuw om uw gegevens op te halen.",
  },
  unsupported_grant_type: { kind: "failed_precondition", userMessage: `De zorgaanbieder ondersteunt dit soort verzoek niet. ${CONTACT}` },
};

/**
 * Maps an RFC 6749 error received from a provider (§4.1.2.1 redirect or §5.2
 * token response) into our error model (the seed's lookup_error_code, but an
 * unknown code is handled, not thrown raw). The person gets a plain-Dutch
 * message (disposition "show": the PGO explains it itself); the received
 * strings are sanitized and kept in metadata only.
 */
export function mapErrorResponse(input: ProviderErrorInput): ProtocolError {
  const received = sanitizeErrorDescription(input.error).slice(0, 64);
  const code = lookupOAuthErrorCode(input.error);
  const metadata: Record<string, string> = { stage: input.stage, providerName: input.providerName, providerError: received };
  if (input.errorDescription) metadata.providerErrorDescription = sanitizeErrorDescription(input.errorDescription).slice(0, 200);
  if (input.httpStatus !== undefined) metadata.httpStatus = String(input.httpStatus);
  const where = input.stage === "authorization" ? "the authorization response" : "the token endpoint";
  if (!code) {
    return new ProtocolError({
      reason: "PROVIDER_UNKNOWN_ERROR",
      kind: "failed_precondition",
      description: `${where} of ${input.providerName} answered an unknown error code "${received}"`,
      metadata,
      oauth: { error: "server_error", disposition: "show", userMessage: `De zorgaanbieder meldde een onbekende fout. ${CONTACT}` },
    });
  }
  const meaning = MEANING[code];
  return new ProtocolError({
    reason: `PROVIDER_${code.toUpperCase()}`,
    kind: meaning.kind,
    description: `${where} of ${input.providerName} answered ${code}`,
    metadata,
    oauth: { error: code, disposition: "show", userMessage: meaning.userMessage },
  });
}
