/**
 * What an RPC failure means for the HTTP side: the OauthError detail (when
 * the core attached one) decides; without one, the gRPC code is mapped to a
 * plain status and a generic Dutch message.
 */
import { Code, ConnectError } from "@connectrpc/connect";
import { ErrorDisposition, OauthErrorSchema, type OauthError } from "../../gen/medmij/errors/v1/errors_pb.js";

export interface Failure {
  readonly code: Code;
  readonly oauth: OauthError | undefined;
  /** The HTTP status to answer with. */
  readonly status: number;
  /** The RFC 6749 error string (from the detail, or derived from the code). */
  readonly error: string;
  /** Safe, ASCII error_description (empty when unknown). */
  readonly description: string;
  readonly disposition: ErrorDisposition;
}

const STATUS_OF_CODE: Partial<Record<Code, number>> = {
  [Code.InvalidArgument]: 400,
  [Code.FailedPrecondition]: 400,
  [Code.OutOfRange]: 400,
  [Code.NotFound]: 404,
  [Code.AlreadyExists]: 409,
  [Code.PermissionDenied]: 403,
  [Code.Unauthenticated]: 401,
  [Code.ResourceExhausted]: 429,
  [Code.DeadlineExceeded]: 504,
  [Code.Unavailable]: 503,
  [Code.Unimplemented]: 501,
};

export function failureOf(e: unknown): Failure {
  const ce = ConnectError.from(e);
  const [oauth] = ce.findDetails(OauthErrorSchema);
  const fallbackStatus = STATUS_OF_CODE[ce.code] ?? 500;
  if (oauth) {
    const status = oauth.httpStatus >= 400 && oauth.httpStatus <= 599 ? oauth.httpStatus : fallbackStatus;
    return {
      code: ce.code,
      oauth,
      status,
      error: oauth.error || errorOfCode(ce.code),
      description: oauth.errorDescription,
      disposition: oauth.disposition,
    };
  }
  return {
    code: ce.code,
    oauth: undefined,
    status: fallbackStatus,
    error: errorOfCode(ce.code),
    description: "",
    disposition: ErrorDisposition.UNSPECIFIED,
  };
}

function errorOfCode(code: Code): string {
  switch (code) {
    case Code.InvalidArgument:
    case Code.FailedPrecondition:
    case Code.OutOfRange:
      return "invalid_request";
    case Code.Unavailable:
    case Code.ResourceExhausted:
    case Code.DeadlineExceeded:
      return "temporarily_unavailable";
    default:
      return "server_error";
  }
}

/** A plain-Dutch explanation of each RFC 6749 error, for the person. */
export const DUTCH_EXPLANATION: Readonly<Record<string, string>> = {
  access_denied:
    "Het verzoek om uw gegevens te delen is niet toegekend. Dat gebeurt als u geen toestemming geeft, of als de zorgaanbieder het verzoek niet kan toekennen. Er zijn geen gegevens gedeeld.",
  invalid_request: "Het verzoek was onvolledig of ongeldig, of hoort niet bij deze browser. Begin opnieuw.",
  unauthorized_client: "Deze app mag dit verzoek niet doen bij deze zorgaanbieder.",
  unsupported_response_type: "Het verzoek gebruikt een werkwijze die deze zorgaanbieder niet ondersteunt.",
  invalid_scope: "De gevraagde gegevens kunnen bij deze zorgaanbieder niet worden opgevraagd.",
  server_error: "Er ging iets mis bij het verwerken van uw verzoek. Probeer het later opnieuw.",
  temporarily_unavailable: "De dienst is tijdelijk niet beschikbaar. Probeer het later opnieuw.",
  invalid_client: "De app kon zich niet bekendmaken bij de zorgaanbieder.",
  invalid_grant: "De toegangscode is ongeldig, verlopen of al eerder gebruikt. Begin opnieuw.",
  unsupported_grant_type: "De app vroeg op een niet-ondersteunde manier om toegang.",
};

export function dutchExplanation(error: string): string {
  return DUTCH_EXPLANATION[error] ?? DUTCH_EXPLANATION.server_error!;
}

/**
 * A short next step shown under the core's own userMessage (which already
 * says what went wrong), so the page does not say the same thing twice.
 */
const DUTCH_ADVICE: Readonly<Record<string, string>> = {
  access_denied: "Er zijn geen gegevens gedeeld. Wilt u uw gegevens toch ophalen, begin dan opnieuw en geef toestemming.",
  server_error: "Probeer het later opnieuw.",
  temporarily_unavailable: "Probeer het later opnieuw.",
};

export function dutchAdvice(error: string, site: "provider" | "pgo"): string {
  return DUTCH_ADVICE[error] ?? (site === "pgo" ? "Begin opnieuw vanuit het overzicht." : "Ga terug naar uw PGO en begin opnieuw.");
}
