import { Code } from "@connectrpc/connect";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorDisposition, OauthErrorCode } from "../../gen/medmij/errors/v1/errors_pb.js";
import { pkceChallengeS256 } from "../../src/protocol/pgo/pkce.js";
import { authorize, CLIENT_ID, failure, makeHarness, makeLists, REDIRECT_URI, TestTokenServer } from "./pgo-client-fixtures.js";

const server = new TestTokenServer();
beforeAll(() => server.start());
afterAll(() => server.stop());

describe("PgoClient.ListDataServices (FLOW 1; the seed's get_zal)", () => {
  it("lists providers with GNL names, paged, filtered by name", async () => {
    const h = makeHarness({});
    const all = await h.client.listDataServices({});
    expect(all.providers.map((p) => p.name)).toContain("demoziekenhuis@medmij");
    const demo = all.providers.find((p) => p.name === "demoziekenhuis@medmij")!;
    expect(demo.dataServices.map((d) => [d.id, d.displayName])).toEqual([
      ["1", "Basisgegevens zorg"],
      ["4", "Laboratoriumuitslagen"],
    ]);
    const page1 = await h.client.listDataServices({ pageSize: 2 });
    const page2 = await h.client.listDataServices({ pageSize: 2, pageToken: page1.nextPageToken });
    expect(page1.providers).toHaveLength(2);
    expect(page2.providers[0]!.name > page1.providers[1]!.name).toBe(true);
    const huisarts = await h.client.listDataServices({ filter: "HuisartsGegevens" });
    expect(huisarts.providers.map((p) => p.name)).toEqual(["huisartsvoorbeeld@medmij"]);
  });

  it("answers a bad page token with INVALID_ARGUMENT and missing lists with UNAVAILABLE", async () => {
    const h = makeHarness({});
    expect((await failure(h.client.listDataServices({ pageToken: "nonsense" }))).code).toBe(Code.InvalidArgument);
    expect((await failure(h.client.listDataServices({ pageSize: -3 }))).code).toBe(Code.InvalidArgument);
    h.lists.snapshot = {};
    const f = await failure(h.client.listDataServices({}));
    expect(f.code).toBe(Code.Unavailable);
    expect(f.info?.reason).toBe("LISTS_NOT_LOADED");
  });
});

describe("PgoClient.StartAuthorization (FLOW 2; the seed's create_oauth_session + create_auth_request_url)", () => {
  it("creates a session and the authorization URL on the ZAL's endpoint (demo-rewritten), with PKCE S256", async () => {
    const h = makeHarness({ port: 9999 });
    const res = await h.client.startAuthorization({ providerName: "demoziekenhuis@medmij", dataServiceIds: ["1", "4"] });
    const url = new URL(res.authorizationUrl);
    expect(url.origin + url.pathname).toBe("http://dva.localhost:9999/oauth/authorize");
    const q = Object.fromEntries(url.searchParams);
    expect(q).toMatchObject({
      response_type: "code",
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      scope: "demoziekenhuis~1 demoziekenhuis~4",
      code_challenge_method: "S256",
    });
    expect(q.code_challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // state: ≥ 128 secret bits; session id: ≥ 256 secret bits, never in the URL.
    expect(q.state!.split(".")[1]!.length).toBeGreaterThanOrEqual(22);
    expect(res.sessionId.split(".")[1]!.length).toBeGreaterThanOrEqual(43);
    expect(res.authorizationUrl).not.toContain(res.sessionId);
    expect(res.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(timestampDate(res.expireTime!).getTime()).toBe(h.clock.now.getTime() + 900_000);
    expect(q["X-Correlation-ID"]).toBeUndefined();
  });

  it("every flow gets its own state, verifier and correlation id", async () => {
    const h = makeHarness({});
    const a = await h.client.startAuthorization({ providerName: "demoziekenhuis@medmij", dataServiceIds: ["1"] });
    const b = await h.client.startAuthorization({ providerName: "demoziekenhuis@medmij", dataServiceIds: ["1"] });
    const qa = new URL(a.authorizationUrl).searchParams;
    const qb = new URL(b.authorizationUrl).searchParams;
    expect(qa.get("state")).not.toBe(qb.get("state"));
    expect(qa.get("code_challenge")).not.toBe(qb.get("code_challenge"));
    expect(a.correlationId).not.toBe(b.correlationId);
    expect(a.sessionId).not.toBe(b.sessionId);
  });

  it("uses the scope grammar of the interface version; 2.2 carries the ids in the query", async () => {
    const v1 = makeHarness({ settings: { interfaceVersion: "1" } });
    expect(new URL((await v1.client.startAuthorization({ providerName: "demoziekenhuis@medmij", dataServiceIds: ["4"] })).authorizationUrl).searchParams.get("scope")).toBe("4");
    expect((await failure(v1.client.startAuthorization({ providerName: "demoziekenhuis@medmij", dataServiceIds: ["1", "4"] }))).code).toBe(Code.InvalidArgument);
    const v22 = makeHarness({ settings: { interfaceVersion: "2.2" } });
    const res = await v22.client.startAuthorization({ providerName: "demoziekenhuis@medmij", dataServiceIds: ["1"] });
    const q = new URL(res.authorizationUrl).searchParams;
    expect(q.get("scope")).toBe("demoziekenhuis");
    expect(q.get("X-Correlation-ID")).toBe(res.correlationId);
    expect(q.get("MedMij-Request-ID")).toMatch(/^[0-9a-f-]{36}$/);
    expect(q.get("MedMij-Request-ID")).not.toBe(res.correlationId);
  });

  it("outside demo mode leaves the endpoint as listed", async () => {
    const h = makeHarness({ settings: { endpoints: { rewriteLocalhost: false, port: 8080 } } });
    const res = await h.client.startAuthorization({ providerName: "demoziekenhuis@medmij", dataServiceIds: ["1"] });
    expect(res.authorizationUrl.startsWith("https://dva.localhost/oauth/authorize?")).toBe(true);
  });

  it("answers bad choices with INVALID_ARGUMENT or NOT_FOUND, and a non-whitelisted token endpoint before the person logs in", async () => {
    const h = makeHarness({});
    const cases: [Parameters<typeof h.client.startAuthorization>[0], Code, string][] = [
      [{ providerName: "", dataServiceIds: ["1"] }, Code.InvalidArgument, "INVALID_PROVIDER_NAME"],
      [{ providerName: "demoziekenhuis@medmij", dataServiceIds: [] }, Code.InvalidArgument, "MISSING_DATA_SERVICE"],
      [{ providerName: "demoziekenhuis@medmij", dataServiceIds: ["1", "1"] }, Code.InvalidArgument, "INVALID_DATA_SERVICE_SELECTION"],
      [{ providerName: "onbekend@medmij", dataServiceIds: ["1"] }, Code.NotFound, "PROVIDER_NOT_FOUND"],
      [{ providerName: "demoziekenhuis@medmij", dataServiceIds: ["49"] }, Code.NotFound, "DATA_SERVICE_NOT_FOUND"],
      [{ providerName: "nietgewhitelist@medmij", dataServiceIds: ["1"] }, Code.FailedPrecondition, "TOKEN_ENDPOINT_NOT_WHITELISTED"],
    ];
    for (const [req, code, reason] of cases) {
      const f = await failure(h.client.startAuthorization(req));
      expect([f.code, f.info?.reason]).toEqual([code, reason]);
    }
  });
});

describe("PgoClient.HandleAuthorizationResponse (FLOW 10-11; the seed's handle_auth_response + lookup_error_code)", () => {
  async function started(h: ReturnType<typeof makeHarness>) {
    const start = await h.client.startAuthorization({ providerName: "demoziekenhuis@medmij", dataServiceIds: ["1", "4"] });
    return { start, state: new URL(start.authorizationUrl).searchParams.get("state")! };
  }
  const params = (pairs: [string, string][]) => pairs.map(([name, value]) => ({ name, value }));

  it("keeps the code for the exchange and logs its receipt, never the code or state", async () => {
    const h = makeHarness({});
    const { start, state } = await started(h);
    const res = await h.client.handleAuthorizationResponse({ sessionId: start.sessionId, parameters: params([["code", "SECRETCODE123"], ["state", state]]) });
    expect(res).toMatchObject({ sessionId: start.sessionId, providerName: "demoziekenhuis@medmij", dataServiceIds: ["1", "4"] });
    const logs = h.logLines.join("\n");
    expect(logs).toContain("receive_authorization_response");
    expect(logs).toContain(start.correlationId);
    for (const secret of ["SECRETCODE123", state, start.sessionId]) expect(logs).not.toContain(secret);
  });

  it("consumes the state once: a replay is FAILED_PRECONDITION with a page for the person", async () => {
    const h = makeHarness({});
    const { start, state } = await started(h);
    const req = { sessionId: start.sessionId, parameters: params([["code", "c1"], ["state", state]]) };
    await h.client.handleAuthorizationResponse(req);
    const f = await failure(h.client.handleAuthorizationResponse(req));
    expect(f.code).toBe(Code.FailedPrecondition);
    expect(f.info?.reason).toBe("STATE_ALREADY_USED");
    expect(f.oauth?.disposition).toBe(ErrorDisposition.SHOW);
    expect(f.oauth?.userMessage).toMatch(/al verwerkt/);
  });

  it("refuses a state of another session (flow bound to the browser) without consuming it", async () => {
    const h = makeHarness({});
    const mine = await started(h);
    const theirs = await started(h);
    const f = await failure(h.client.handleAuthorizationResponse({ sessionId: mine.start.sessionId, parameters: params([["code", "c"], ["state", theirs.state]]) }));
    expect([f.code, f.info?.reason]).toEqual([Code.FailedPrecondition, "STATE_MISMATCH"]);
    // The rightful browser can still finish.
    await h.client.handleAuthorizationResponse({ sessionId: theirs.start.sessionId, parameters: params([["code", "c"], ["state", theirs.state]]) });
  });

  it("answers a missing state or code, a missing session id, and an unknown session, losing nothing", async () => {
    const h = makeHarness({});
    const { start, state } = await started(h);
    const noState = await failure(h.client.handleAuthorizationResponse({ sessionId: start.sessionId, parameters: params([["code", "c"]]) }));
    expect([noState.code, noState.info?.reason, noState.oauth?.code]).toEqual([Code.InvalidArgument, "MISSING_STATE", OauthErrorCode.INVALID_REQUEST]);
    const noCode = await failure(h.client.handleAuthorizationResponse({ sessionId: start.sessionId, parameters: params([["state", state]]) }));
    expect([noCode.code, noCode.info?.reason]).toEqual([Code.InvalidArgument, "MISSING_CODE"]);
    const noSession = await failure(h.client.handleAuthorizationResponse({ sessionId: "", parameters: params([["code", "c"], ["state", state]]) }));
    expect([noSession.code, noSession.info?.reason]).toEqual([Code.InvalidArgument, "MISSING_SESSION_ID"]);
    expect(noSession.oauth?.userMessage).toMatch(/cookies/);
    const forged = start.sessionId.split(".")[0] + "." + "x".repeat(43);
    const unknown = await failure(h.client.handleAuthorizationResponse({ sessionId: forged, parameters: params([["code", "c"], ["state", state]]) }));
    expect([unknown.code, unknown.info?.reason]).toEqual([Code.NotFound, "SESSION_NOT_FOUND"]);
    const garbage = await failure(h.client.handleAuthorizationResponse({ sessionId: "garbage", parameters: params([["code", "c"], ["state", state]]) }));
    expect(garbage.code).toBe(Code.InvalidArgument);
    // None of that consumed the state.
    await h.client.handleAuthorizationResponse({ sessionId: start.sessionId, parameters: params([["code", "c"], ["state", state]]) });
  });

  it("maps an error redirect into our model (access_denied → PERMISSION_DENIED) and ends the flow", async () => {
    const h = makeHarness({});
    const { start, state } = await started(h);
    const f = await failure(
      h.client.handleAuthorizationResponse({ sessionId: start.sessionId, parameters: params([["error", "access_denied"], ["error_description", "nope"], ["state", state]]) }),
    );
    expect([f.code, f.info?.reason, f.oauth?.code, f.oauth?.disposition]).toEqual([Code.PermissionDenied, "PROVIDER_ACCESS_DENIED", OauthErrorCode.ACCESS_DENIED, ErrorDisposition.SHOW]);
    expect(f.oauth?.userMessage).toMatch(/toestemming/);
    expect(f.info?.metadata.providerErrorDescription).toBe("nope");
    const exchange = await failure(h.client.exchangeAuthorizationCode({ sessionId: start.sessionId }));
    expect([exchange.code, exchange.info?.reason]).toEqual([Code.FailedPrecondition, "CODE_ALREADY_PRESENTED"]);
  });

  it("handles an unknown error code instead of throwing it raw", async () => {
    const h = makeHarness({});
    const { start, state } = await started(h);
    const f = await failure(h.client.handleAuthorizationResponse({ sessionId: start.sessionId, parameters: params([["error", "teapot_error"], ["state", state]]) }));
    expect([f.code, f.info?.reason, f.oauth?.error]).toEqual([Code.FailedPrecondition, "PROVIDER_UNKNOWN_ERROR", "server_error"]);
    expect(f.info?.metadata.providerError).toBe("teapot_error");
  });

  it("refuses a response after the session expired", async () => {
    const h = makeHarness({});
    const { start, state } = await started(h);
    h.clock.advance(901);
    const f = await failure(h.client.handleAuthorizationResponse({ sessionId: start.sessionId, parameters: params([["code", "c"], ["state", state]]) }));
    expect([f.code, f.info?.reason]).toEqual([Code.NotFound, "SESSION_NOT_FOUND"]);
  });
});

describe("PgoClient.PrepareResourceRequest (FLOW 14)", () => {
  it("gives the resource endpoint of the Systeemrol and the three headers, never a BSN", async () => {
    const h = makeHarness({ port: server.port });
    const { start } = await authorize(h, server, "demoziekenhuis@medmij", ["4", "1"]);
    await h.client.exchangeAuthorizationCode({ sessionId: start.sessionId });
    const res = await h.client.prepareResourceRequest({ sessionId: start.sessionId });
    expect(res.url).toBe(`http://dva.localhost:${server.port}/lab`);
    expect(res.systemRoleCode).toBe("LAB-1.0.0-LRB-FHIR");
    const headers = Object.fromEntries(res.headers.map((x) => [x.name, x.value]));
    expect(Object.keys(headers).sort()).toEqual(["Authorization", "MedMij-Request-ID", "X-Correlation-ID"]);
    expect(headers.Authorization).toMatch(/^Bearer [A-Za-z0-9_-]{43}$/);
    expect(headers["X-Correlation-ID"]).toBe(start.correlationId);
    const again = await h.client.prepareResourceRequest({ sessionId: start.sessionId, systemRoleCode: "BGZ-2017-FHIR-R4" });
    expect(again.url).toBe(`http://dva.localhost:${server.port}/fhir`);
    expect(again.headers.find((x) => x.name === "MedMij-Request-ID")!.value).not.toBe(headers["MedMij-Request-ID"]);
    expect(JSON.stringify({ url: res.url, headers })).not.toMatch(/bsn|9999000/i);
  });

  it("unknown Systeemrol → NOT_FOUND; no token yet or an expired one → FAILED_PRECONDITION with a clear message", async () => {
    const h = makeHarness({ port: server.port });
    const { start } = await authorize(h, server);
    const early = await failure(h.client.prepareResourceRequest({ sessionId: start.sessionId }));
    expect([early.code, early.info?.reason]).toEqual([Code.FailedPrecondition, "NO_ACCESS_TOKEN"]);
    await h.client.exchangeAuthorizationCode({ sessionId: start.sessionId });
    expect((await failure(h.client.prepareResourceRequest({ sessionId: start.sessionId, systemRoleCode: "NOPE" }))).code).toBe(Code.NotFound);
    h.clock.advance(901);
    const expired = await failure(h.client.prepareResourceRequest({ sessionId: start.sessionId }));
    expect([expired.code, expired.info?.reason]).toEqual([Code.FailedPrecondition, "ACCESS_TOKEN_EXPIRED"]);
    expect(expired.message).toMatch(/expired/);
    expect(expired.oauth?.userMessage).toMatch(/verlopen/);
  });

  it("refuses a resource endpoint that is not on the Whitelist", async () => {
    const h = makeHarness({ port: server.port });
    const { start } = await authorize(h, server, "resourceelders@medmij");
    await h.client.exchangeAuthorizationCode({ sessionId: start.sessionId });
    const f = await failure(h.client.prepareResourceRequest({ sessionId: start.sessionId }));
    expect([f.code, f.info?.reason]).toEqual([Code.FailedPrecondition, "RESOURCE_ENDPOINT_NOT_WHITELISTED"]);
  });

  it("asks for a session id", async () => {
    const h = makeHarness({ lists: makeLists() });
    expect((await failure(h.client.prepareResourceRequest({}))).code).toBe(Code.InvalidArgument);
  });
});
