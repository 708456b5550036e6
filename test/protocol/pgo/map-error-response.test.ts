import { describe, expect, it } from "vitest";
import { OAUTH_ERROR_CODES, type OAuthErrorCode } from "../../../src/protocol/errors.js";
import { mapErrorResponse } from "../../../src/protocol/pgo/map-error-response.js";

const ALL = Object.keys(OAUTH_ERROR_CODES) as OAuthErrorCode[];

describe("mapErrorResponse (the seed's lookup_error_code, without throwing on unknown codes)", () => {
  it.each(ALL)("maps %s from either stage to an error the person sees explained", (code) => {
    for (const stage of ["authorization", "token"] as const) {
      const e = mapErrorResponse({ stage, error: code, providerName: "demoziekenhuis@medmij" });
      expect(e.reason).toBe(`PROVIDER_${code.toUpperCase()}`);
      expect(e.oauth?.error).toBe(code);
      expect(e.oauth?.disposition).toBe("show");
      expect(e.oauth?.userMessage).toMatch(/[a-z]{3,}/);
      expect(e.metadata.stage).toBe(stage);
    }
  });

  it("gives each code the right kind: access_denied is PERMISSION_DENIED, outages UNAVAILABLE, the rest FAILED_PRECONDITION", () => {
    const kind = (error: string) => mapErrorResponse({ stage: "token", error, providerName: "p@medmij" }).kind;
    expect(kind("access_denied")).toBe("permission_denied");
    expect(kind("server_error")).toBe("unavailable");
    expect(kind("temporarily_unavailable")).toBe("unavailable");
    for (const c of ["invalid_request", "unauthorized_client", "unsupported_response_type", "invalid_scope", "invalid_client", "invalid_grant", "unsupported_grant_type"]) {
      expect(kind(c)).toBe("failed_precondition");
    }
  });

  it("access_denied does not tell a refused consent from missing data (requirements §2.5)", () => {
    const msg = mapErrorResponse({ stage: "authorization", error: "access_denied", providerName: "p@medmij" }).oauth?.userMessage;
    expect(msg).toMatch(/geen toestemming gegeven, of de zorgaanbieder kan deze gegevens niet leveren/);
  });

  it("handles an unknown code as a server_error, keeping the received text sanitized", () => {
    const e = mapErrorResponse({ stage: "authorization", error: "weird\u0000<code>\"", errorDescription: "line\nbreak \"quoted\"", providerName: "p@medmij" });
    expect(e.reason).toBe("PROVIDER_UNKNOWN_ERROR");
    expect(e.oauth?.error).toBe("server_error");
    expect(e.metadata.providerError).toBe("weird <code> ");
    expect(e.metadata.providerErrorDescription).toBe("line break  quoted ");
    expect(e.description).not.toMatch(/[\u0000\n]/);
  });
});
