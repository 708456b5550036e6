/**
 * The AuthorizationServer through a Connect client and createRouterTransport
 * (memory stores): every RPC, every seed server behaviour, the RFC 6749 /
 * RFC 9700 checklist items. The Redis and real-server runs are in the
 * sibling files.
 */
import { Code } from "@connectrpc/connect";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { AuthenticationOutcome, ConsentDecision } from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import { ErrorDisposition } from "../../gen/medmij/errors/v1/errors_pb.js";
import { createAllowAllAvailability } from "../../src/adapters/availability/allow-all-availability.js";
import { AvailabilityUnavailableError } from "../../src/adapters/availability/availability-checker.js";
import { createSamlArtifactResolver } from "../../src/adapters/authentication/saml-artifact-resolver.js";
import { createLogger } from "../../src/log.js";
import { csrfToken } from "../../src/protocol/authorization/secrets.js";
import { deriveSubjectKeys } from "../../src/protocol/authorization/subject-crypto.js";
import { authorizationParams, CLIENT, DEMO_CLIENT, PKCE, REDIRECT } from "../protocol/authorization/fixtures.js";
import { query, routerClient, rpcError, toCode, toConsent, tokenParams, withoutQuery } from "./authorization-harness.js";

const STATE = "xcoivjuywkdkhvusuye3kch";
/** Session ids, codes and tokens: `<flowId>.<secret>`, a 128-bit flow id and a 256-bit secret in base64url. */
const FLOW_SECRET = /^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/;
/** Well-formed, but never issued. */
const UNKNOWN = `${"A".repeat(22)}.${"A".repeat(43)}`;
const flowIdOf = (value: string) => value.split(".")[0];

describe("StartAuthorization (FLOW 3)", () => {
  it("creates a session for a valid request and answers the landing page (seed: create session, valid)", async () => {
    const t0 = new Date("2026-12-04T20:00:00Z");
    const { client } = routerClient({ now: () => t0 });
    const res = await client.startAuthorization({ parameters: authorizationParams() });
    expect(res.sessionId).toMatch(FLOW_SECRET);
    expect(timestampDate(res.expireTime!)).toEqual(new Date(t0.getTime() + 900_000));
    expect(res.landingPage).toMatchObject({
      providerDisplayName: "Demo Ziekenhuis",
      clientOrganisationName: "OAuth Client BV",
      authenticationUrl: "/digid/mock/login",
    });
    expect(res.landingPage?.title).toContain("Demo Ziekenhuis");
  });

  it("shows an error page for an unknown client_id, never a redirect (seed: create session, invalid client)", async () => {
    const { client } = routerClient();
    const e = await rpcError(client.startAuthorization({ parameters: authorizationParams({ client_id: "unknown.example" }) }));
    expect(e.code).toBe(Code.NotFound);
    expect(e.reason).toBe("UNKNOWN_CLIENT");
    expect(e.oauth).toMatchObject({ disposition: ErrorDisposition.SHOW, redirectUrl: "" });
    expect(e.oauth?.userMessage).toMatch(/PGO/);
  });

  it("shows an error page for https://oauthclient.local.evil.example/cb with client oauthclient.local (seed's prefix bug fixed)", async () => {
    const { client } = routerClient();
    const e = await rpcError(client.startAuthorization({ parameters: authorizationParams({ redirect_uri: "https://oauthclient.local.evil.example/cb" }) }));
    expect(e.code).toBe(Code.InvalidArgument);
    expect(e.reason).toBe("INVALID_REDIRECT_URI");
    expect(e.oauth).toMatchObject({ disposition: ErrorDisposition.SHOW, redirectUrl: "" });
  });

  it("redirects other errors to redirect_uri with error, error_description and the original state", async () => {
    const { client } = routerClient();
    const e = await rpcError(client.startAuthorization({ parameters: authorizationParams({ response_type: "token" }) }));
    expect(e.code).toBe(Code.InvalidArgument);
    expect(e.oauth?.disposition).toBe(ErrorDisposition.REDIRECT);
    expect(withoutQuery(e.oauth!.redirectUrl)).toBe(REDIRECT);
    const q = query(e.oauth!.redirectUrl);
    expect(q.get("error")).toBe("unsupported_response_type");
    expect(q.get("state")).toBe(STATE);
    expect(q.get("error_description")).toBe("response_type must be code");
  });

  it("refuses a parameter given twice and ignores unknown ones", async () => {
    const { client } = routerClient();
    const dup = await rpcError(client.startAuthorization({ parameters: [...authorizationParams(), { name: "state", value: "other" }] }));
    expect(query(dup.oauth!.redirectUrl).get("error")).toBe("invalid_request");
    await expect(client.startAuthorization({ parameters: [...authorizationParams(), { name: "prompt", value: "login" }] })).resolves.toBeTruthy();
  });

  it("demo mode accepts http://<client>.localhost:<port>/… only for *.localhost clients", async () => {
    const demo = routerClient({ settings: { allowLocalhostHttpRedirects: true } }).client;
    const strict = routerClient().client;
    const p = authorizationParams({ client_id: DEMO_CLIENT, redirect_uri: "http://pgo.localhost:8080/pgo/callback" });
    await expect(demo.startAuthorization({ parameters: p })).resolves.toBeTruthy();
    expect((await rpcError(strict.startAuthorization({ parameters: p }))).oauth?.disposition).toBe(ErrorDisposition.SHOW);
    const notLocal = authorizationParams({ redirect_uri: "http://oauthclient.local:8080/cb" });
    expect((await rpcError(demo.startAuthorization({ parameters: notLocal }))).oauth?.disposition).toBe(ErrorDisposition.SHOW);
  });

  it("uses the scope grammar of the configured interface version", async () => {
    const v1 = routerClient({ settings: { interfaceVersion: "1" } }).client;
    const v22 = routerClient({ settings: { interfaceVersion: "2.2" } }).client;
    await expect(v1.startAuthorization({ parameters: authorizationParams({ scope: "4" }) })).resolves.toBeTruthy();
    expect(query((await rpcError(v1.startAuthorization({ parameters: authorizationParams() }))).oauth!.redirectUrl).get("error")).toBe("invalid_scope");
    await expect(v22.startAuthorization({ parameters: authorizationParams({ scope: "demoziekenhuis" }) })).resolves.toBeTruthy();
    const e = await rpcError(v22.startAuthorization({ parameters: authorizationParams({ scope: "demoziekenhuis~1 demoziekenhuis~4" }) }));
    expect(query(e.oauth!.redirectUrl).get("error")).toBe("invalid_scope");
    expect(query(e.oauth!.redirectUrl).get("state")).toBe(STATE);
  });

  it("2.2 provider-only scope: the consent names every gegevensdienst the person has, the token carries the scope", async () => {
    const { client } = routerClient({ settings: { interfaceVersion: "2.2" } });
    const { sessionId, consent } = await toConsent(client, { params: authorizationParams({ scope: "demoziekenhuis" }) });
    expect(consent.dataServices.map((d) => d.id)).toEqual(["1", "4"]);
    const decided = await client.decideConsent({ sessionId, csrfToken: consent.csrfToken, decision: ConsentDecision.ALLOW });
    const token = await client.exchangeAuthorizationCode({ parameters: tokenParams(query(decided.redirectUrl).get("code")!) });
    expect(token.scope).toBe("demoziekenhuis");
    expect((await client.introspectToken({ token: token.accessToken })).dataServiceIds).toEqual(["1", "4"]);
  });
});

describe("CompleteAuthentication (FLOW 5–7)", () => {
  it("refuses an artifact that is not MOCK:<valid BSN> with a clear error and keeps the session usable", async () => {
    const { client } = routerClient();
    const { sessionId } = await client.startAuthorization({ parameters: authorizationParams() });
    const e = await rpcError(client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.SUCCESS, artifact: "MOCK:999900007" }));
    expect(e.code).toBe(Code.InvalidArgument);
    expect(e.reason).toBe("INVALID_ARTIFACT");
    expect(e.message).toMatch(/elfproef/);
    expect(e.oauth?.userMessage).toMatch(/BSN/);
    await client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.SUCCESS, artifact: "MOCK:999900006" });
    await expect(client.checkAvailability({ sessionId })).resolves.toMatchObject({ availableDataServiceIds: ["1"] });
  });

  it("cancelled or failed authentication is an access_denied redirect with state, and ends the flow", async () => {
    for (const outcome of [AuthenticationOutcome.CANCELLED, AuthenticationOutcome.FAILED]) {
      const { client } = routerClient();
      const { sessionId } = await client.startAuthorization({ parameters: authorizationParams() });
      const e = await rpcError(client.completeAuthentication({ sessionId, outcome }));
      expect(e.code).toBe(Code.PermissionDenied);
      expect(query(e.oauth!.redirectUrl).get("error")).toBe("access_denied");
      expect(query(e.oauth!.redirectUrl).get("state")).toBe(STATE);
      expect((await rpcError(client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.SUCCESS, artifact: "MOCK:999900006" }))).code).toBe(
        Code.FailedPrecondition,
      );
    }
  });

  it("refuses a missing outcome or artifact, and unknown or malformed session ids", async () => {
    const { client } = routerClient();
    const { sessionId } = await client.startAuthorization({ parameters: authorizationParams() });
    expect((await rpcError(client.completeAuthentication({ sessionId }))).code).toBe(Code.InvalidArgument);
    expect((await rpcError(client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.SUCCESS }))).code).toBe(Code.InvalidArgument);
    expect((await rpcError(client.completeAuthentication({ sessionId: "", outcome: AuthenticationOutcome.SUCCESS, artifact: "MOCK:999900006" }))).code).toBe(
      Code.InvalidArgument,
    );
    for (const id of [UNKNOWN, "A".repeat(43), `${flowIdOf(sessionId)}.${"A".repeat(43)}`, `${sessionId}x`, "not-a-session", "x".repeat(10_000)]) {
      const e = await rpcError(client.checkAvailability({ sessionId: id }));
      expect(e.code).toBe(Code.NotFound);
      expect(e.oauth?.disposition).toBe(ErrorDisposition.SHOW);
    }
  });

  it("without a configured SAML resolver the flow fails clearly (server_error redirect with state)", async () => {
    const { client } = routerClient({ authentication: createSamlArtifactResolver() });
    const { sessionId } = await client.startAuthorization({ parameters: authorizationParams() });
    const e = await rpcError(client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.SUCCESS, artifact: "AAQAA…" }));
    expect(e.reason).toBe("AUTHENTICATION_NOT_CONFIGURED");
    expect(e.message).toMatch(/not configured/);
    expect(query(e.oauth!.redirectUrl).get("error")).toBe("server_error");
    expect(query(e.oauth!.redirectUrl).get("state")).toBe(STATE);
  });

  it("a session expires after its lifetime", async () => {
    let now = new Date("2026-12-04T20:00:00Z");
    const { client } = routerClient({ now: () => now });
    const { sessionId } = await client.startAuthorization({ parameters: authorizationParams() });
    now = new Date(now.getTime() + 901_000);
    const e = await rpcError(client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.SUCCESS, artifact: "MOCK:999900006" }));
    expect(e.code).toBe(Code.NotFound);
    expect(e.reason).toBe("SESSION_NOT_FOUND");
  });
});

describe("order of the steps", () => {
  it("refuses every step out of order or repeated with FAILED_PRECONDITION, and the session still works afterwards", async () => {
    const { client } = routerClient();
    const { sessionId } = await client.startAuthorization({ parameters: authorizationParams() });
    const fp = async (p: Promise<unknown>, message: RegExp) => {
      const e = await rpcError(p);
      expect(e.code).toBe(Code.FailedPrecondition);
      expect(e.message).toMatch(message);
    };
    await fp(client.checkAvailability({ sessionId }), /not logged in/);
    await fp(client.getConsent({ sessionId }), /not logged in/);
    await client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.SUCCESS, artifact: "MOCK:999900006" });
    await fp(client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.SUCCESS, artifact: "MOCK:999900006" }), /CompleteAuthentication is not possible/);
    await fp(client.getConsent({ sessionId }), /availability check has not run/);
    await client.checkAvailability({ sessionId });
    await fp(client.checkAvailability({ sessionId }), /CheckAvailability is not possible/);
    const consent = await client.getConsent({ sessionId });
    await expect(client.getConsent({ sessionId })).resolves.toMatchObject({ csrfToken: consent.csrfToken });
    const decided = await client.decideConsent({ sessionId, csrfToken: consent.csrfToken, decision: ConsentDecision.ALLOW });
    expect(query(decided.redirectUrl).get("code")).toBeTruthy();
    await fp(client.decideConsent({ sessionId, csrfToken: consent.csrfToken, decision: ConsentDecision.ALLOW }), /already been made/);
    await fp(client.getConsent({ sessionId }), /already been made/);
  });

  it("no consent without GetConsent first, even with the right csrf_token", async () => {
    const { client, deps } = routerClient();
    const { sessionId } = await client.startAuthorization({ parameters: authorizationParams() });
    await client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.SUCCESS, artifact: "MOCK:999900006" });
    await client.checkAvailability({ sessionId });
    const csrf = csrfToken(deriveSubjectKeys(deps.settings.encryptionKey).csrfKey, sessionId);
    const e = await rpcError(client.decideConsent({ sessionId, csrfToken: csrf, decision: ConsentDecision.ALLOW }));
    expect(e.code).toBe(Code.FailedPrecondition);
    expect(e.message).toMatch(/consent question has not been shown/);
  });
});

describe("CheckAvailability (FLOW 8) and the indistinguishable refusal", () => {
  it("no data, under 16 and a refused consent give the client the very same redirect", async () => {
    const urls: string[] = [];
    for (const bsn of ["999900043", "999900031"]) {
      const { client } = routerClient();
      const { sessionId } = await client.startAuthorization({ parameters: authorizationParams() });
      await client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.SUCCESS, artifact: `MOCK:${bsn}` });
      const e = await rpcError(client.checkAvailability({ sessionId }));
      expect(e.code).toBe(Code.PermissionDenied);
      expect(e.reason).toBe("NOT_GRANTED");
      expect(e.oauth?.disposition).toBe(ErrorDisposition.REDIRECT);
      urls.push(e.oauth!.redirectUrl);
      expect((await rpcError(client.getConsent({ sessionId }))).code).toBe(Code.FailedPrecondition);
    }
    const { client } = routerClient();
    const { sessionId, consent } = await toConsent(client);
    const denied = await client.decideConsent({ sessionId, csrfToken: consent.csrfToken, decision: ConsentDecision.DENY });
    urls.push(denied.redirectUrl);
    expect(new Set(urls).size).toBe(1);
    expect(query(urls[0]!).get("error")).toBe("access_denied");
    expect(query(urls[0]!).get("state")).toBe(STATE);
  });

  it("an unreachable availability service is a temporarily_unavailable redirect", async () => {
    const down = { mode: "grpc", check: async () => Promise.reject(new AvailabilityUnavailableError("down")), close: async () => {} };
    const { client } = routerClient({ availability: down });
    const { sessionId } = await client.startAuthorization({ parameters: authorizationParams() });
    await client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.SUCCESS, artifact: "MOCK:999900006" });
    const e = await rpcError(client.checkAvailability({ sessionId }));
    expect(e.code).toBe(Code.Unavailable);
    expect(query(e.oauth!.redirectUrl).get("error")).toBe("temporarily_unavailable");
  });

  it("answers the available subset; the consent and the token carry only that subset", async () => {
    const { client } = routerClient();
    const params = authorizationParams({ scope: "demoziekenhuis~1 demoziekenhuis~4" });
    const { sessionId } = await client.startAuthorization({ parameters: params });
    await client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.SUCCESS, artifact: "MOCK:999900018" });
    expect((await client.checkAvailability({ sessionId })).availableDataServiceIds).toEqual(["1"]);
    const consent = await client.getConsent({ sessionId });
    expect(consent.dataServices).toEqual([expect.objectContaining({ id: "1", displayName: "Basisgegevens Zorg" })]);
    const decided = await client.decideConsent({ sessionId, csrfToken: consent.csrfToken, decision: ConsentDecision.ALLOW });
    const token = await client.exchangeAuthorizationCode({ parameters: tokenParams(query(decided.redirectUrl).get("code")!) });
    expect(token.scope).toBe("demoziekenhuis~1");
  });
});

describe("GetConsent (FLOW 9) and DecideConsent (FLOW 10)", () => {
  it("shows the PGO's OCL name, the GNL names, the provider's configured name and the MedMij wording", async () => {
    const { client } = routerClient({ availability: createAllowAllAvailability() });
    const { consent } = await toConsent(client, { params: authorizationParams({ scope: "demoziekenhuis~1 demoziekenhuis~4" }) });
    expect(consent).toMatchObject({
      providerDisplayName: "Demo Ziekenhuis",
      clientOrganisationName: "OAuth Client BV",
      title: "Toestemming geven",
      scope: "demoziekenhuis~1 demoziekenhuis~4",
    });
    expect(consent.dataServices.map((d) => d.displayName)).toEqual(["Basisgegevens Zorg", "Laboratoriumresultaten"]);
    expect(consent.question).toContain("Dan heeft Demo Ziekenhuis jouw toestemming nodig om deze gegevens met OAuth Client BV te delen.");
    expect(consent.explanation.join(" ")).toContain("Stichting MedMij strenge regels");
    expect(consent.allowLabel).toBeTruthy();
    expect(consent.denyLabel).toBeTruthy();
    expect(consent.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("allow: redirect_uri with code and state only (seed: grant) — no expires_in or token_type", async () => {
    const { client } = routerClient();
    const { redirectUrl, code } = await toCode(client);
    expect(withoutQuery(redirectUrl)).toBe(REDIRECT);
    expect([...query(redirectUrl).keys()].sort()).toEqual(["code", "state"]);
    expect(query(redirectUrl).get("state")).toBe(STATE);
    expect(code).toMatch(FLOW_SECRET);
  });

  it("deny: access_denied redirect with state (seed: deny)", async () => {
    const { client } = routerClient();
    const { sessionId, consent } = await toConsent(client);
    const res = await client.decideConsent({ sessionId, csrfToken: consent.csrfToken, decision: ConsentDecision.DENY });
    expect(res.decision).toBe(ConsentDecision.DENY);
    expect(query(res.redirectUrl).get("error")).toBe("access_denied");
    expect(query(res.redirectUrl).get("state")).toBe(STATE);
    expect(query(res.redirectUrl).has("code")).toBe(false);
  });

  it("refuses a wrong or missing csrf_token without changing the session, and a missing decision", async () => {
    const { client } = routerClient();
    const { sessionId, consent } = await toConsent(client);
    const other = await toConsent(client);
    for (const csrfToken of ["", other.consent.csrfToken, consent.csrfToken.slice(0, -1)]) {
      const e = await rpcError(client.decideConsent({ sessionId, csrfToken, decision: ConsentDecision.ALLOW }));
      expect(e.code).toBe(Code.PermissionDenied);
      expect(e.reason).toBe("CSRF_TOKEN_MISMATCH");
      expect(e.oauth?.disposition).toBe(ErrorDisposition.SHOW);
    }
    expect((await rpcError(client.decideConsent({ sessionId, csrfToken: consent.csrfToken }))).code).toBe(Code.InvalidArgument);
    await expect(client.decideConsent({ sessionId, csrfToken: consent.csrfToken, decision: ConsentDecision.ALLOW })).resolves.toBeTruthy();
  });

  it("of parallel decisions on one session exactly one is applied", async () => {
    const { client } = routerClient();
    const { sessionId, consent } = await toConsent(client);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => client.decideConsent({ sessionId, csrfToken: consent.csrfToken, decision: ConsentDecision.ALLOW })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});

describe("ExchangeAuthorizationCode (FLOW 13)", () => {
  it("exchanges a valid code for a Bearer token with expires_in and scope (seed: exchange, valid)", async () => {
    const { client } = routerClient();
    const { code } = await toCode(client);
    const res = await client.exchangeAuthorizationCode({ parameters: tokenParams(code), requestId: "r-1", correlationId: "c-1" });
    expect(res.accessToken).toMatch(FLOW_SECRET);
    expect(res.accessToken).not.toBe(code);
    expect(res).toMatchObject({ tokenType: "Bearer", expiresIn: 900n, scope: "demoziekenhuis~1" });
  });

  it("answers invalid_grant for unknown, malformed and expired codes (seed: exchange, invalid)", async () => {
    let now = new Date("2026-12-04T20:00:00Z");
    const { client } = routerClient({ now: () => now });
    for (const code of [UNKNOWN, "A".repeat(43), "not-a-code", "x".repeat(5000)]) {
      const e = await rpcError(client.exchangeAuthorizationCode({ parameters: tokenParams(code) }));
      expect(e.code).toBe(Code.FailedPrecondition);
      expect(e.oauth).toMatchObject({ error: "invalid_grant", disposition: ErrorDisposition.RESPOND, httpStatus: 400 });
    }
    const { code } = await toCode(client);
    now = new Date(now.getTime() + 61_000);
    const e = await rpcError(client.exchangeAuthorizationCode({ parameters: tokenParams(code) }));
    expect(e.oauth?.error).toBe("invalid_grant");
    expect(e.reason).toBe("CODE_UNKNOWN_OR_EXPIRED");
  });

  it("binds the code to client_id and redirect_uri exactly; a mismatch does not burn the code", async () => {
    const { client } = routerClient();
    const { code } = await toCode(client);
    const cases: [Record<string, string | undefined>, string, string][] = [
      [{ client_id: DEMO_CLIENT }, "invalid_grant", "CODE_CLIENT_MISMATCH"],
      [{ client_id: CLIENT.toUpperCase() }, "invalid_grant", "CODE_CLIENT_MISMATCH"],
      [{ redirect_uri: "https://oauthclient.local/other" }, "invalid_grant", "REDIRECT_URI_MISMATCH"],
      [{ redirect_uri: "https://oauthclient.local/cb/" }, "invalid_grant", "REDIRECT_URI_MISMATCH"],
      [{ redirect_uri: undefined }, "invalid_request", "MISSING_REDIRECT_URI"],
    ];
    for (const [overrides, error, reason] of cases) {
      const e = await rpcError(client.exchangeAuthorizationCode({ parameters: tokenParams(code, overrides) }));
      expect(e.oauth?.error, JSON.stringify(overrides)).toBe(error);
      expect(e.reason).toBe(reason);
    }
    await expect(client.exchangeAuthorizationCode({ parameters: tokenParams(code) })).resolves.toMatchObject({ tokenType: "Bearer" });
  });

  it("answers invalid_client (401, UNAUTHENTICATED), unsupported_grant_type and invalid_request per RFC 6749 §5.2", async () => {
    const { client } = routerClient();
    const { code } = await toCode(client);
    const unknown = await rpcError(client.exchangeAuthorizationCode({ parameters: tokenParams(code, { client_id: "unknown.example" }) }));
    expect(unknown.code).toBe(Code.Unauthenticated);
    expect(unknown.oauth).toMatchObject({ error: "invalid_client", httpStatus: 401 });
    expect((await rpcError(client.exchangeAuthorizationCode({ parameters: tokenParams(code, { grant_type: "refresh_token" }) }))).oauth?.error).toBe(
      "unsupported_grant_type",
    );
    expect((await rpcError(client.exchangeAuthorizationCode({ parameters: [...tokenParams(code), { name: "code", value: code }] }))).oauth?.error).toBe(
      "invalid_request",
    );
  });

  it("a second use of a code is invalid_grant and revokes the token issued from it", async () => {
    const { client } = routerClient();
    const { code } = await toCode(client);
    const first = await client.exchangeAuthorizationCode({ parameters: tokenParams(code) });
    expect((await client.introspectToken({ token: first.accessToken })).active).toBe(true);
    const e = await rpcError(client.exchangeAuthorizationCode({ parameters: tokenParams(code) }));
    expect(e.oauth?.error).toBe("invalid_grant");
    expect(e.reason).toBe("CODE_ALREADY_USED");
    expect(await client.introspectToken({ token: first.accessToken })).toMatchObject({ active: false, subject: "" });
  });

  it("the code carries its session's flow id and the token its code's; a code's secret under another flow id is invalid_grant and burns nothing", async () => {
    const { client } = routerClient();
    const a = await toCode(client);
    const b = await toCode(client);
    expect(flowIdOf(a.code)).toBe(flowIdOf(a.sessionId));
    expect(flowIdOf(a.code)).not.toBe(flowIdOf(b.code));
    const secretOf = (v: string) => v.split(".")[1];
    for (const forged of [`${flowIdOf(b.sessionId)}.${secretOf(a.code)}`, `${"A".repeat(22)}.${secretOf(a.code)}`, `${flowIdOf(a.code)}.${secretOf(b.code)}`]) {
      const e = await rpcError(client.exchangeAuthorizationCode({ parameters: tokenParams(forged) }));
      expect(e.oauth).toMatchObject({ error: "invalid_grant", httpStatus: 400 });
      expect(e.reason).toBe("CODE_UNKNOWN_OR_EXPIRED");
    }
    const ta = await client.exchangeAuthorizationCode({ parameters: tokenParams(a.code) });
    const tb = await client.exchangeAuthorizationCode({ parameters: tokenParams(b.code) });
    expect(flowIdOf(ta.accessToken)).toBe(flowIdOf(a.sessionId));
    expect(flowIdOf(tb.accessToken)).toBe(flowIdOf(b.sessionId));
    // A token's secret under another flow id is not a token; neither can revoke the real one.
    const forgedToken = `${flowIdOf(tb.accessToken)}.${secretOf(ta.accessToken)}`;
    expect((await client.introspectToken({ token: forgedToken })).active).toBe(false);
    await client.revokeToken({ token: forgedToken });
    expect((await client.introspectToken({ token: ta.accessToken })).active).toBe(true);
    expect((await client.introspectToken({ token: tb.accessToken })).active).toBe(true);
  });
});

describe("PKCE (RFC 7636 / RFC 9700 §2.1.1)", () => {
  const withPkce = authorizationParams({ code_challenge: PKCE.challenge, code_challenge_method: "S256" });

  it("S256: the right code_verifier is required at the exchange", async () => {
    const { client } = routerClient();
    const a = await toCode(client, { params: withPkce });
    const missing = await rpcError(client.exchangeAuthorizationCode({ parameters: tokenParams(a.code) }));
    expect(missing).toMatchObject({ reason: "CODE_VERIFIER_MISSING", oauth: expect.objectContaining({ error: "invalid_grant" }) });
    const wrong = await rpcError(client.exchangeAuthorizationCode({ parameters: tokenParams(a.code, { code_verifier: "x".repeat(43) }) }));
    expect(wrong).toMatchObject({ reason: "PKCE_VERIFICATION_FAILED", oauth: expect.objectContaining({ error: "invalid_grant" }) });
    await expect(client.exchangeAuthorizationCode({ parameters: tokenParams(a.code, { code_verifier: PKCE.verifier }) })).resolves.toMatchObject({ tokenType: "Bearer" });
  });

  it("plain is refused at the authorization request", async () => {
    const { client } = routerClient();
    const e = await rpcError(client.startAuthorization({ parameters: authorizationParams({ code_challenge: PKCE.verifier, code_challenge_method: "plain" }) }));
    expect(query(e.oauth!.redirectUrl).get("error")).toBe("invalid_request");
    expect(query(e.oauth!.redirectUrl).get("error_description")).toMatch(/S256/);
  });

  it("a code_verifier without a code_challenge is refused (downgrade)", async () => {
    const { client } = routerClient();
    const { code } = await toCode(client);
    const e = await rpcError(client.exchangeAuthorizationCode({ parameters: tokenParams(code, { code_verifier: PKCE.verifier }) }));
    expect(e.reason).toBe("PKCE_DOWNGRADE");
    expect(e.oauth?.error).toBe("invalid_grant");
  });

  it("require-PKCE switch: a request without code_challenge is refused, one with S256 works end to end", async () => {
    const { client } = routerClient({ settings: { requirePkce: true } });
    const e = await rpcError(client.startAuthorization({ parameters: authorizationParams() }));
    expect(e.reason).toBe("PKCE_REQUIRED");
    expect(query(e.oauth!.redirectUrl).get("state")).toBe(STATE);
    const { code } = await toCode(client, { params: withPkce });
    await expect(client.exchangeAuthorizationCode({ parameters: tokenParams(code, { code_verifier: PKCE.verifier }) })).resolves.toBeTruthy();
  });
});

describe("IntrospectToken (FLOW 15), RevokeToken, ListConsents", () => {
  it("introspection gives scope, client, expiry, provider, gegevensdiensten and the BSN; inactive when unknown, expired or revoked", async () => {
    let now = new Date("2026-12-04T20:00:00Z");
    const { client } = routerClient({ now: () => now });
    const { code } = await toCode(client);
    const { accessToken } = await client.exchangeAuthorizationCode({ parameters: tokenParams(code) });
    const info = await client.introspectToken({ token: accessToken });
    expect(info).toMatchObject({
      active: true,
      scope: "demoziekenhuis~1",
      clientId: CLIENT,
      tokenType: "Bearer",
      subject: "999900006",
      providerName: "demoziekenhuis@medmij",
      dataServiceIds: ["1"],
    });
    expect(timestampDate(info.expireTime!).getTime() - timestampDate(info.issueTime!).getTime()).toBe(900_000);
    expect(await client.introspectToken({ token: UNKNOWN })).toMatchObject({ active: false });
    expect(await client.introspectToken({ token: "A".repeat(43) })).toMatchObject({ active: false });
    expect(await client.introspectToken({ token: "" })).toMatchObject({ active: false });
    now = new Date(now.getTime() + 901_000);
    expect(await client.introspectToken({ token: accessToken })).toMatchObject({ active: false, subject: "" });
  });

  it("revocation makes a token inactive; unknown tokens are accepted (RFC 7009), an empty one is refused", async () => {
    const { client } = routerClient();
    const { code } = await toCode(client);
    const { accessToken } = await client.exchangeAuthorizationCode({ parameters: tokenParams(code) });
    await client.revokeToken({ token: accessToken });
    expect((await client.introspectToken({ token: accessToken })).active).toBe(false);
    await expect(client.revokeToken({ token: accessToken })).resolves.toBeTruthy();
    await expect(client.revokeToken({ token: "unknown" })).resolves.toBeTruthy();
    await expect(client.revokeToken({ token: UNKNOWN })).resolves.toBeTruthy();
    expect((await rpcError(client.revokeToken({ token: "" }))).code).toBe(Code.InvalidArgument);
  });

  it("the consent log lists decisions newest first, pages, filters by client, and holds no BSN", async () => {
    const { client } = routerClient({ settings: { allowLocalhostHttpRedirects: true } });
    const first = await toConsent(client);
    await client.decideConsent({ sessionId: first.sessionId, csrfToken: first.consent.csrfToken, decision: ConsentDecision.ALLOW });
    const second = await toConsent(client);
    await client.decideConsent({ sessionId: second.sessionId, csrfToken: second.consent.csrfToken, decision: ConsentDecision.DENY });
    const third = await toConsent(client, { params: authorizationParams({ client_id: DEMO_CLIENT, redirect_uri: "http://pgo.localhost:8080/cb" }) });
    await client.decideConsent({ sessionId: third.sessionId, csrfToken: third.consent.csrfToken, decision: ConsentDecision.ALLOW });

    const all = await client.listConsents({});
    expect(all.consents.map((c) => [c.clientId, c.decision])).toEqual([
      [DEMO_CLIENT, ConsentDecision.ALLOW],
      [CLIENT, ConsentDecision.DENY],
      [CLIENT, ConsentDecision.ALLOW],
    ]);
    expect(new Set(all.consents.map((c) => c.subjectHash)).size).toBe(1);
    expect(JSON.stringify(all.consents, (_k, v) => (typeof v === "bigint" ? v.toString() : v))).not.toContain("999900006");
    for (const c of all.consents) expect(c.sessionReference).not.toBe(first.sessionId);

    const page1 = await client.listConsents({ pageSize: 1, clientId: CLIENT });
    expect(page1.consents.map((c) => c.decision)).toEqual([ConsentDecision.DENY]);
    const page2 = await client.listConsents({ pageSize: 1, clientId: CLIENT, pageToken: page1.nextPageToken });
    expect(page2.consents.map((c) => c.decision)).toEqual([ConsentDecision.ALLOW]);
    expect(page2.nextPageToken).toBe("");

    expect((await rpcError(client.listConsents({ pageToken: "garbage" }))).code).toBe(Code.InvalidArgument);
    expect((await rpcError(client.listConsents({ pageToken: page1.nextPageToken }))).code).toBe(Code.InvalidArgument);
    expect((await rpcError(client.listConsents({ pageSize: -1 }))).code).toBe(Code.InvalidArgument);
  });
});

describe("secrets stay out of the logs", () => {
  it("no BSN, code, token, state, session id or artifact appears in any log line of a whole flow", async () => {
    const lines: string[] = [];
    const logger = createLogger("debug", {}, (l) => lines.push(l));
    const { client } = routerClient({ logger });
    const { code, sessionId } = await toCode(client);
    const { accessToken } = await client.exchangeAuthorizationCode({ parameters: tokenParams(code), requestId: "req-1", correlationId: "corr-1" });
    await rpcError(client.exchangeAuthorizationCode({ parameters: tokenParams(code) }));
    await client.introspectToken({ token: accessToken });
    const all = lines.join("\n");
    expect(lines.length).toBeGreaterThan(3);
    for (const secret of ["999900006", code, accessToken, STATE, sessionId, "MOCK:"]) expect(all).not.toContain(secret);
    expect(all).toContain("corr-1");
  });
});
