import { ProtocolError } from "../errors.js";

export interface QueryParameter {
  name: string;
  value: string;
}

export type AuthorizationResponse =
  | { kind: "code"; code: string; state: string }
  | { kind: "error"; error: string; errorDescription: string | undefined; state: string };

/** The parameters RFC 6749 §4.1.2 / §4.1.2.1 defines here; others are ignored (requirements §0.4). */
const KNOWN = new Set(["code", "state", "error", "error_description", "error_uri"]);
/** RFC 6749 VSCHAR (%x20-7E), the syntax of code and state (Appendix A). */
const VSCHAR = /^[\x20-\x7E]+$/;
const MAX_LENGTH = 2048;

/**
 * Reads the browser's return to the redirect URI (FLOW 10). A parameter
 * without a value counts as omitted; a known parameter given twice is
 * invalid (RFC 6749 §3.1). Nothing here touches the session: a malformed
 * response is refused before the state is consumed, so it loses nothing.
 */
export function parseAuthorizationResponse(parameters: readonly QueryParameter[]): AuthorizationResponse {
  const values = new Map<string, string>();
  for (const { name, value } of parameters) {
    if (!KNOWN.has(name) || value === "") continue;
    if (values.has(name)) throw invalid("DUPLICATE_PARAMETER", `the parameter "${name}" was given more than once`, { parameter: name });
    values.set(name, value);
  }
  const state = values.get("state");
  if (state === undefined) throw invalid("MISSING_STATE", "the authorization response has no state", {});
  if (state.length > MAX_LENGTH || !VSCHAR.test(state)) throw invalid("INVALID_STATE", "the state is not a valid state value", {});
  const error = values.get("error");
  if (error !== undefined) {
    return { kind: "error", error, errorDescription: values.get("error_description"), state };
  }
  const code = values.get("code");
  if (code === undefined) throw invalid("MISSING_CODE", "the authorization response has neither a code nor an error", {});
  if (code.length > MAX_LENGTH || !VSCHAR.test(code)) throw invalid("INVALID_CODE", "the authorization code is not a valid code value", {});
  return { kind: "code", code, state };
}

function invalid(reason: string, description: string, metadata: Record<string, string>): ProtocolError {
  return new ProtocolError({
    reason,
    kind: "invalid_argument",
    description,
    metadata,
    oauth: {
      error: "invalid_request",
      disposition: "show",
      userMessage: "Het antwoord van de zorgaanbieder is onvolledig of ongeldig. Begin opnieuw om uw gegevens op te halen.",
    },
  });
}
