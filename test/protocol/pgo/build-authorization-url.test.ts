import { describe, expect, it } from "vitest";
import { buildAuthorizationUrl, type AuthorizationUrlInput } from "../../../src/protocol/pgo/build-authorization-url.js";

const input: AuthorizationUrlInput = {
  endpoint: "https://dva.localhost/oauth/authorize",
  clientId: "pgo.localhost",
  redirectUri: "https://pgo.localhost/pgo/callback",
  scope: "demoziekenhuis~1 demoziekenhuis~4",
  state: "flow.secret",
  codeChallenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
  interfaceVersion: "2.1",
  correlationId: "c0e7b545-0000-4000-8000-000000000001",
  requestId: "57510be1-0000-4000-8000-000000000002",
};

describe("buildAuthorizationUrl (FLOW 2)", () => {
  it("puts every required parameter on the ZAL's authorization endpoint", () => {
    const url = new URL(buildAuthorizationUrl(input));
    expect(url.origin + url.pathname).toBe("https://dva.localhost/oauth/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "pgo.localhost",
      redirect_uri: "https://pgo.localhost/pgo/callback",
      scope: "demoziekenhuis~1 demoziekenhuis~4",
      state: "flow.secret",
      code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
      code_challenge_method: "S256",
    });
  });

  it("adds MedMij-Request-ID and X-Correlation-ID as query parameters from interface version 2.2", () => {
    const url = new URL(buildAuthorizationUrl({ ...input, interfaceVersion: "2.2", scope: "demoziekenhuis" }));
    expect(url.searchParams.get("MedMij-Request-ID")).toBe(input.requestId);
    expect(url.searchParams.get("X-Correlation-ID")).toBe(input.correlationId);
    expect(new URL(buildAuthorizationUrl({ ...input, interfaceVersion: "1" })).searchParams.has("X-Correlation-ID")).toBe(false);
  });
});
