import { describe, expect, it } from "vitest";
import { parseAuthorizationRequest, type AuthorizationRequestPolicy } from "../../../src/protocol/authorization/parse-authorization-request.js";
import { ProtocolError } from "../../../src/protocol/errors.js";
import { authorizationParams, CLIENT, PKCE, PROVIDER, REDIRECT, snapshot } from "./fixtures.js";

const policy: AuthorizationRequestPolicy = { interfaceVersion: "2.1", providerNames: [PROVIDER], requirePkce: false, allowLocalhostHttpRedirects: false };

function fail(parameters: { name: string; value: string }[], p = policy, lists = snapshot): ProtocolError {
  try {
    parseAuthorizationRequest(parameters, lists, p);
  } catch (e) {
    if (e instanceof ProtocolError) return e;
    throw e;
  }
  throw new Error("expected a ProtocolError");
}

function redirectParams(e: ProtocolError): URLSearchParams {
  expect(e.oauth?.disposition).toBe("redirect");
  const url = new URL(e.oauth!.redirectUrl!);
  expect(`${url.origin}${url.pathname}`).toBe(REDIRECT);
  return url.searchParams;
}

describe("parseAuthorizationRequest (FLOW 3)", () => {
  it("accepts a valid request (seed: create session, valid)", () => {
    const r = parseAuthorizationRequest(authorizationParams(), snapshot, policy);
    expect(r).toMatchObject({ clientId: CLIENT, redirectUri: REDIRECT, state: "xcoivjuywkdkhvusuye3kch", pkce: undefined });
    expect(r.client.organisationName).toBe("OAuth Client BV");
    expect(r.scope).toMatchObject({ providerName: PROVIDER, dataServiceIds: ["1"] });
  });

  it("ignores unknown parameters and keeps MedMij-Request-ID / X-Correlation-ID", () => {
    const r = parseAuthorizationRequest(
      [...authorizationParams(), { name: "foo", value: "bar" }, { name: "MedMij-Request-ID", value: "57510be1-aaaa" }, { name: "X-Correlation-ID", value: "c0e7b545-bbbb" }],
      snapshot,
      policy,
    );
    expect(r.requestId).toBe("57510be1-aaaa");
    expect(r.correlationId).toBe("c0e7b545-bbbb");
  });

  it("unknown, missing or doubled client_id: an error page, never a redirect (seed: invalid client)", () => {
    for (const ps of [authorizationParams({ client_id: "unknown.example" }), authorizationParams({ client_id: undefined }), [...authorizationParams(), { name: "client_id", value: CLIENT }]]) {
      const e = fail(ps);
      expect(e.oauth).toMatchObject({ disposition: "show", error: "invalid_request" });
      expect(e.oauth?.redirectUrl).toBeUndefined();
      expect(e.oauth?.userMessage).toMatch(/PGO/);
    }
    expect(fail(authorizationParams({ client_id: "unknown.example" })).kind).toBe("not_found");
  });

  it("a bad redirect_uri is an error page, never a redirect (incl. the seed's prefix case)", () => {
    for (const uri of ["https://oauthclient.local.evil.example/cb", "https://evil.example/cb", "http://oauthclient.local/cb", "https://oauthclient.local/cb?x=1", "https://oauthclient.local/cb#x", undefined]) {
      const e = fail(authorizationParams({ redirect_uri: uri }));
      expect(e.oauth?.disposition, String(uri)).toBe("show");
      expect(e.kind).toBe("invalid_argument");
    }
    expect(fail([...authorizationParams(), { name: "redirect_uri", value: REDIRECT }]).oauth?.disposition).toBe("show");
  });

  it("without the OCL no client can be trusted: an error page saying temporarily unavailable", () => {
    const e = fail(authorizationParams(), policy, { ...snapshot, ocl: undefined });
    expect(e.oauth).toMatchObject({ disposition: "show", error: "temporarily_unavailable" });
    expect(e.kind).toBe("unavailable");
  });

  it("other errors redirect with error, error_description and the original state (RFC 6749 §4.1.2.1)", () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [{ response_type: "token" }, "unsupported_response_type"],
      [{ response_type: undefined }, "invalid_request"],
      [{ scope: undefined }, "invalid_request"],
      [{ scope: "anderziekenhuis~7" }, "invalid_scope"],
      [{ scope: "1" }, "invalid_scope"],
      [{ code_challenge: PKCE.challenge, code_challenge_method: "plain" }, "invalid_request"],
    ];
    for (const [overrides, error] of cases) {
      const q = redirectParams(fail(authorizationParams(overrides)));
      expect(q.get("error"), JSON.stringify(overrides)).toBe(error);
      expect(q.get("error_description")).toBeTruthy();
      expect(q.get("state")).toBe("xcoivjuywkdkhvusuye3kch");
    }
  });

  it("state is required; its absence is redirected without state", () => {
    const q = redirectParams(fail(authorizationParams({ state: undefined })));
    expect(q.get("error")).toBe("invalid_request");
    expect(q.has("state")).toBe(false);
  });

  it("a parameter given twice is invalid_request; an empty value counts as omitted", () => {
    const q = redirectParams(fail([...authorizationParams(), { name: "scope", value: "demoziekenhuis~4" }]));
    expect(q.get("error")).toBe("invalid_request");
    expect(q.get("error_description")).toMatch(/scope/);
    expect(redirectParams(fail(authorizationParams({ scope: "" }))).get("error")).toBe("invalid_request");
  });

  it("require-PKCE switch: a request without code_challenge is redirected with invalid_request", () => {
    const q = redirectParams(fail(authorizationParams(), { ...policy, requirePkce: true }));
    expect(q.get("error")).toBe("invalid_request");
    const ok = parseAuthorizationRequest(authorizationParams({ code_challenge: PKCE.challenge, code_challenge_method: "S256" }), snapshot, { ...policy, requirePkce: true });
    expect(ok.pkce).toEqual({ codeChallenge: PKCE.challenge, method: "S256" });
  });

  it("the error description in a redirect is limited to the RFC's character set", () => {
    const q = redirectParams(fail(authorizationParams({ scope: "demoziekenhuis~\u00e9" })));
    expect(q.get("error_description")).toMatch(/^[\x20-\x21\x23-\x5B\x5D-\x7E]+$/);
  });
});

describe("parseAuthorizationRequest: sizes and error details", () => {
  it("bounds known parameters, ignores huge unknown ones, and names the duplicate in the error metadata", () => {
    const long = fail(authorizationParams({ scope: "demoziekenhuis~" + "1".repeat(3000) }));
    expect(long.reason).toBe("PARAMETER_TOO_LONG");
    expect(long.metadata).toMatchObject({ parameter: "scope" });
    expect(() => parseAuthorizationRequest([...authorizationParams(), { name: "x", value: "y".repeat(100_000) }], snapshot, policy)).not.toThrow();
    expect(fail([...authorizationParams(), { name: "scope", value: "demoziekenhuis~4" }]).metadata).toEqual({ parameters: "scope" });
  });
});
