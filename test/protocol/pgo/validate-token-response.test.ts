import { describe, expect, it } from "vitest";
import { ProtocolError } from "../../../src/protocol/errors.js";
import { DEFAULT_EXPIRES_IN_SECONDS, validateTokenResponse } from "../../../src/protocol/pgo/validate-token-response.js";
import { reasonOf } from "../../helpers/protocol-error.js";

const now = new Date("2026-12-04T10:00:00Z");
const ctx = { providerName: "demoziekenhuis@medmij", requestedScope: "demoziekenhuis~1", now };
const ok = (body: unknown, status = 200) => ({ status, contentType: "application/json", body: typeof body === "string" ? body : JSON.stringify(body) });

describe("validateTokenResponse (FLOW 12-13, the seed's exchange_authorization_code checks)", () => {
  it("accepts a Bearer token, case-insensitively, and computes its expiry", () => {
    const t = validateTokenResponse(ok({ access_token: "tok.en-_~+/=", token_type: "bEaReR", expires_in: 900, scope: "demoziekenhuis~1" }), ctx);
    expect(t).toEqual({ accessToken: "tok.en-_~+/=", tokenType: "Bearer", expiresInSeconds: 900, expiresAt: new Date("2026-12-04T10:15:00Z"), scope: "demoziekenhuis~1" });
  });

  it("without expires_in assumes the MedMij 15 minutes; without scope, the requested one", () => {
    const t = validateTokenResponse(ok({ access_token: "abc", token_type: "Bearer" }), ctx);
    expect(t.expiresInSeconds).toBe(DEFAULT_EXPIRES_IN_SECONDS);
    expect(DEFAULT_EXPIRES_IN_SECONDS).toBe(900);
    expect(t.scope).toBe("demoziekenhuis~1");
  });

  it("refuses bodies that are not a JSON object", () => {
    expect(reasonOf(() => validateTokenResponse(ok("<html>hi</html>"), ctx))).toBe("TOKEN_RESPONSE_NOT_JSON");
    expect(reasonOf(() => validateTokenResponse(ok("[1,2]"), ctx))).toBe("TOKEN_RESPONSE_NOT_JSON");
    expect(reasonOf(() => validateTokenResponse(ok("null"), ctx))).toBe("TOKEN_RESPONSE_NOT_JSON");
  });

  it("refuses a token_type other than Bearer, or none", () => {
    expect(reasonOf(() => validateTokenResponse(ok({ access_token: "abc", token_type: "mac" }), ctx))).toBe("TOKEN_TYPE_NOT_BEARER");
    expect(reasonOf(() => validateTokenResponse(ok({ access_token: "abc" }), ctx))).toBe("TOKEN_TYPE_NOT_BEARER");
  });

  it("refuses a missing, empty, non-string or unsendable access_token", () => {
    expect(reasonOf(() => validateTokenResponse(ok({ token_type: "Bearer" }), ctx))).toBe("ACCESS_TOKEN_MISSING");
    expect(reasonOf(() => validateTokenResponse(ok({ token_type: "Bearer", access_token: "" }), ctx))).toBe("ACCESS_TOKEN_MISSING");
    expect(reasonOf(() => validateTokenResponse(ok({ token_type: "Bearer", access_token: 12 }), ctx))).toBe("ACCESS_TOKEN_MISSING");
    expect(reasonOf(() => validateTokenResponse(ok({ token_type: "Bearer", access_token: "a b\r\nX-Evil: 1" }), ctx))).toBe("ACCESS_TOKEN_MALFORMED");
    expect(reasonOf(() => validateTokenResponse(ok({ token_type: "Bearer", access_token: "a".repeat(5000) }), ctx))).toBe("ACCESS_TOKEN_MALFORMED");
  });

  it("refuses an expires_in that is not a positive whole number", () => {
    for (const e of [0, -5, 1.5, "900", 1e12, true]) {
      expect(reasonOf(() => validateTokenResponse(ok({ token_type: "Bearer", access_token: "abc", expires_in: e }), ctx))).toBe("EXPIRES_IN_INVALID");
    }
  });

  it("maps an RFC 6749 §5.2 error answer into our error model", () => {
    const err = (() => {
      try {
        validateTokenResponse(ok({ error: "invalid_grant", error_description: "code used" }, 400), ctx);
      } catch (e) {
        return e as ProtocolError;
      }
    })()!;
    expect(err.reason).toBe("PROVIDER_INVALID_GRANT");
    expect(err.metadata).toMatchObject({ stage: "token", httpStatus: "400", providerErrorDescription: "code used" });
    expect(reasonOf(() => validateTokenResponse(ok({ error: "made_up" }, 400), ctx))).toBe("PROVIDER_UNKNOWN_ERROR");
  });

  it("answers an HTTP error without an OAuth error body as unavailable (5xx) or failed (other)", () => {
    const e500 = (() => {
      try {
        validateTokenResponse({ status: 500, contentType: "text/plain", body: "oops" }, ctx);
      } catch (e) {
        return e as ProtocolError;
      }
    })()!;
    expect(e500.reason).toBe("TOKEN_ENDPOINT_HTTP_ERROR");
    expect(e500.kind).toBe("unavailable");
    expect(reasonOf(() => validateTokenResponse({ status: 302, contentType: undefined, body: "" }, ctx))).toBe("TOKEN_ENDPOINT_HTTP_ERROR");
  });

  it("never puts the token into an error", () => {
    try {
      validateTokenResponse(ok({ token_type: "mac", access_token: "SECRETTOKEN" }), ctx);
    } catch (e) {
      expect(JSON.stringify({ ...(e as ProtocolError), m: (e as Error).message })).not.toContain("SECRETTOKEN");
    }
  });
});
