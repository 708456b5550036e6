import { describe, expect, it } from "vitest";
import { parseTokenRequest } from "../../../src/protocol/authorization/parse-token-request.js";
import { OAUTH_HTTP_STATUS, ProtocolError } from "../../../src/protocol/errors.js";
import { CLIENT, params, PKCE, REDIRECT, snapshot } from "./fixtures.js";

/** The shape of our codes: `<flowId>.<secret>` (22 + 1 + 43 base64url characters). */
const CODE = `${"A".repeat(22)}.${"A".repeat(43)}`;
const base = { grant_type: "authorization_code", code: CODE, client_id: CLIENT, redirect_uri: REDIRECT };

function fail(p: Record<string, string>, extra: { name: string; value: string }[] = []): ProtocolError {
  try {
    parseTokenRequest([...params(p), ...extra], snapshot);
  } catch (e) {
    if (e instanceof ProtocolError) return e;
    throw e;
  }
  throw new Error("expected a ProtocolError");
}

describe("parseTokenRequest (FLOW 13)", () => {
  it("accepts grant_type, code, client_id, redirect_uri and an optional code_verifier; ignores the rest", () => {
    expect(parseTokenRequest(params({ ...base, foo: "bar" }), snapshot)).toEqual({ code: CODE, codeWellFormed: true, clientId: CLIENT, redirectUri: REDIRECT, codeVerifier: undefined });
    expect(parseTokenRequest(params({ ...base, code_verifier: PKCE.verifier }), snapshot).codeVerifier).toBe(PKCE.verifier);
  });

  it("answers RFC 6749 §5.2 errors as back-channel responses", () => {
    const cases: [Record<string, string>, string, number][] = [
      [{ ...base, grant_type: "password" }, "unsupported_grant_type", 400],
      [{ ...base, grant_type: "" }, "invalid_request", 400],
      [{ ...base, code: "" }, "invalid_request", 400],
      [{ ...base, client_id: "" }, "invalid_request", 400],
      [{ ...base, client_id: "unknown.example" }, "invalid_client", 401],
      [{ ...base, redirect_uri: "" }, "invalid_request", 400],
      [{ ...base, code_verifier: "too-short" }, "invalid_request", 400],
    ];
    for (const [p, error, status] of cases) {
      const e = fail(p);
      expect(e.oauth, JSON.stringify(p)).toMatchObject({ error, disposition: "respond" });
      expect(e.oauth!.httpStatus ?? OAUTH_HTTP_STATUS[e.oauth!.error]).toBe(status);
    }
    expect(fail(base, [{ name: "code", value: CODE }]).oauth).toMatchObject({ error: "invalid_request" });
    expect(fail({ ...base, client_id: "unknown.example" }).kind).toBe("unauthenticated");
  });

  it("flags a code that cannot be ours, so no store look-up is needed", () => {
    expect(parseTokenRequest(params({ ...base, code: "x" }), snapshot).codeWellFormed).toBe(false);
    // The bare 43-character secret of before, or a flow id without its secret, is not a code either.
    for (const code of ["A".repeat(43), `${"A".repeat(22)}.`, `${"A".repeat(22)}.${"A".repeat(43)}.x`]) {
      expect(parseTokenRequest(params({ ...base, code }), snapshot).codeWellFormed, code).toBe(false);
    }
  });
});
