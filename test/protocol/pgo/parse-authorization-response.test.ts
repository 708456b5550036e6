import { describe, expect, it } from "vitest";
import { ProtocolError } from "../../../src/protocol/errors.js";
import { parseAuthorizationResponse } from "../../../src/protocol/pgo/parse-authorization-response.js";
import { reasonOf } from "../../helpers/protocol-error.js";

const p = (pairs: [string, string][]) => pairs.map(([name, value]) => ({ name, value }));

describe("parseAuthorizationResponse (FLOW 10, the seed's handle_auth_response)", () => {
  it("reads code and state, ignoring parameters it does not know", () => {
    expect(parseAuthorizationResponse(p([["code", "abc"], ["state", "s.t"], ["iss", "x"], ["expires_in", "900"]]))).toEqual({ kind: "code", code: "abc", state: "s.t" });
  });

  it("reads an error response with its description", () => {
    expect(parseAuthorizationResponse(p([["error", "access_denied"], ["error_description", "no"], ["state", "s.t"]]))).toEqual({
      kind: "error",
      error: "access_denied",
      errorDescription: "no",
      state: "s.t",
    });
  });

  it("refuses a response without state, and one with neither code nor error", () => {
    expect(reasonOf(() => parseAuthorizationResponse(p([["code", "abc"]])))).toBe("MISSING_STATE");
    expect(reasonOf(() => parseAuthorizationResponse(p([["state", "s.t"]])))).toBe("MISSING_CODE");
  });

  it("treats an empty value as omitted", () => {
    expect(reasonOf(() => parseAuthorizationResponse(p([["code", ""], ["state", "s.t"]])))).toBe("MISSING_CODE");
    expect(reasonOf(() => parseAuthorizationResponse(p([["code", "abc"], ["state", ""]])))).toBe("MISSING_STATE");
  });

  it("refuses a known parameter given twice, and values outside VSCHAR", () => {
    expect(reasonOf(() => parseAuthorizationResponse(p([["code", "a"], ["code", "b"], ["state", "s.t"]])))).toBe("DUPLICATE_PARAMETER");
    expect(reasonOf(() => parseAuthorizationResponse(p([["code", "a\nb"], ["state", "s.t"]])))).toBe("INVALID_CODE");
    expect(reasonOf(() => parseAuthorizationResponse(p([["code", "a"], ["state", "x".repeat(3000)]])))).toBe("INVALID_STATE");
  });

  it("answers malformed responses as INVALID_ARGUMENT with a page for the person", () => {
    try {
      parseAuthorizationResponse([]);
    } catch (e) {
      const err = e as ProtocolError;
      expect(err.kind).toBe("invalid_argument");
      expect(err.oauth?.disposition).toBe("show");
      expect(err.oauth?.userMessage).toMatch(/zorgaanbieder/);
    }
  });
});
