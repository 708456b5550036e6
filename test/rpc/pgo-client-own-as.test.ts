/**
 * The PgoClient against the project's own authorization server: the whole
 * demo service runs in-process; the provider's pages (landing, mock DigiD,
 * consent) are driven over HTTP, and the PgoClient RPCs are called directly.
 * ExchangeAuthorizationCode goes over real HTTP to the gateway's
 * POST /oauth/token, which calls AuthorizationServer.ExchangeAuthorizationCode.
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import { Code, createClient } from "@connectrpc/connect";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OauthErrorCode } from "../../gen/medmij/errors/v1/errors_pb.js";
import { PgoClient } from "../../gen/medmij/pgo/v1/pgo_client_pb.js";
import { localhostLookup } from "../../src/adapters/token-client/http-token-client.js";
import { startDemoService, type DemoService } from "../gateway/support/demo-service.js";
import { hidden, HttpClient } from "../gateway/support/http-client.js";
import { failure } from "./pgo-client-fixtures.js";

const stores: [string, Record<string, string>][] = [
  ["memory", {}],
  ["redis", { REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", REDIS_KEY_PREFIX: `test-pgo-own-${randomUUID()}`, DEMO_MODE: "true" }],
];

/** The provider's side in the browser: landing → mock DigiD (BSN) → consent decision; answers the redirect back to the PGO. */
async function throughProvider(authorizationUrl: string, demo: DemoService, bsn: string, decision: "allow" | "deny"): Promise<URL> {
  const browser = new HttpClient();
  const landing = await browser.request(authorizationUrl);
  expect(landing.status).toBe(200);
  const loginHref = /id="login" href="([^"]+)"/.exec(landing.body)![1]!.replace(/&amp;/g, "&");
  const login = await browser.request(new URL(loginHref, authorizationUrl).toString());
  const loggedIn = await browser.request(`${demo.dva}/digid/mock/login`, { form: { csrf: hidden(login.body, "csrf"), bsn, action: "login" } });
  if (loggedIn.location?.startsWith(demo.pgo)) return new URL(loggedIn.location); // not granted before consent
  const consent = await browser.request(loggedIn.location!);
  const decided = await browser.request(`${demo.dva}/oauth/consent`, { form: { csrf_token: hidden(consent.body, "csrf_token"), decision } });
  expect(decided.status).toBe(303);
  return new URL(decided.location!);
}

function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { headers, lookup: localhostLookup, agent: false }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe.each(stores)("PgoClient against the project's own authorization server (%s store)", (_name, env) => {
  let demo: DemoService;
  let pgo: ReturnType<typeof createClient<typeof PgoClient>>;
  beforeAll(async () => {
    demo = await startDemoService(env);
    pgo = createClient(PgoClient, demo.service.transport);
  });
  afterAll(async () => {
    await demo?.close();
  });

  it("runs FLOW 1-14: list, authorize, callback, exchange over HTTP, resource request", async () => {
    const list = await pgo.listDataServices({ filter: "demo" });
    expect(list.providers.map((p) => p.name)).toEqual(["demoziekenhuis@medmij"]);

    const start = await pgo.startAuthorization({ providerName: "demoziekenhuis@medmij", dataServiceIds: ["1", "4"] });
    expect(start.authorizationUrl.startsWith(`${demo.dva}/oauth/authorize?`)).toBe(true);
    const back = await throughProvider(start.authorizationUrl, demo, "999900006", "allow");
    expect(`${back.origin}${back.pathname}`).toBe(`${demo.pgo}/pgo/callback`);

    const parameters = [...back.searchParams].map(([name, value]) => ({ name, value }));
    const handled = await pgo.handleAuthorizationResponse({ sessionId: start.sessionId, parameters });
    expect(handled.dataServiceIds).toEqual(["1", "4"]);

    const exchanged = await pgo.exchangeAuthorizationCode({ sessionId: start.sessionId });
    expect(exchanged.providerName).toBe("demoziekenhuis@medmij");
    expect(exchanged.scope).toContain("demoziekenhuis~1");
    expect(exchanged.expireTime).toBeDefined();

    const prepared = await pgo.prepareResourceRequest({ sessionId: start.sessionId });
    expect(prepared.url).toBe(`${demo.dva}/fhir`);
    const headers = Object.fromEntries(prepared.headers.map((h) => [h.name, h.value]));
    const patient = await get(`${prepared.url}/Patient`, headers);
    expect(patient.status).toBe(200);
    expect(patient.body).toContain("Vries");

    // The code is presented once; the logs hold no BSN, code, state or token.
    expect((await failure(pgo.exchangeAuthorizationCode({ sessionId: start.sessionId }))).info?.reason).toBe("CODE_ALREADY_PRESENTED");
    const log = demo.logLines.join("\n");
    for (const secret of ["999900006", back.searchParams.get("code")!, back.searchParams.get("state")!, headers.Authorization!.slice(7)]) {
      expect(log).not.toContain(secret);
    }
  });

  it("a refused consent comes back as PERMISSION_DENIED / access_denied, explained to the person", async () => {
    const start = await pgo.startAuthorization({ providerName: "demoziekenhuis@medmij", dataServiceIds: ["1"] });
    const back = await throughProvider(start.authorizationUrl, demo, "999900006", "deny");
    expect(back.searchParams.get("error")).toBe("access_denied");
    const f = await failure(pgo.handleAuthorizationResponse({ sessionId: start.sessionId, parameters: [...back.searchParams].map(([name, value]) => ({ name, value })) }));
    expect([f.code, f.oauth?.code]).toEqual([Code.PermissionDenied, OauthErrorCode.ACCESS_DENIED]);
  });

  it("a person under 16 gets the same access_denied as a refused consent (requirements §2.5)", async () => {
    const start = await pgo.startAuthorization({ providerName: "demoziekenhuis@medmij", dataServiceIds: ["1"] });
    const back = await throughProvider(start.authorizationUrl, demo, "999900031", "allow");
    expect(back.searchParams.get("error")).toBe("access_denied");
    const f = await failure(pgo.handleAuthorizationResponse({ sessionId: start.sessionId, parameters: [...back.searchParams].map(([name, value]) => ({ name, value })) }));
    expect([f.code, f.info?.reason]).toEqual([Code.PermissionDenied, "PROVIDER_ACCESS_DENIED"]);
  });

  it("a leaked code replayed at the token endpoint after our exchange is refused, and revokes our token", async () => {
    const start = await pgo.startAuthorization({ providerName: "demoziekenhuis@medmij", dataServiceIds: ["1"] });
    const back = await throughProvider(start.authorizationUrl, demo, "999900006", "allow");
    await pgo.handleAuthorizationResponse({ sessionId: start.sessionId, parameters: [...back.searchParams].map(([name, value]) => ({ name, value })) });
    await pgo.exchangeAuthorizationCode({ sessionId: start.sessionId });
    const prepared = await pgo.prepareResourceRequest({ sessionId: start.sessionId });
    const headers = Object.fromEntries(prepared.headers.map((h) => [h.name, h.value]));
    expect((await get(`${prepared.url}/Patient`, headers)).status).toBe(200);

    const replay = await new HttpClient().request(`${demo.dva}/oauth/token`, {
      form: { grant_type: "authorization_code", code: back.searchParams.get("code")!, client_id: "pgo.localhost", redirect_uri: `${demo.pgo}/pgo/callback` },
    });
    expect(replay.status).toBe(400);
    expect(JSON.parse(replay.body).error).toBe("invalid_grant");
    expect((await get(`${prepared.url}/Patient`, headers)).status).toBe(401);
  });
});
