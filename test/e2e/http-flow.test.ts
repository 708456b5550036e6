/**
 * The whole demo flow with a plain HTTP client and a cookie jar, no
 * browser: the gateways are thin and scriptable. Runs once on the embedded
 * in-memory store and once on the real Redis (unique key prefix).
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoService, type DemoService } from "../gateway/support/demo-service.js";
import { hidden, HttpClient } from "../gateway/support/http-client.js";

const stores: [string, Record<string, string>][] = [
  ["memory", {}],
  [
    "redis",
    { REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379", REDIS_KEY_PREFIX: `test-gw-${randomUUID()}`, DEMO_MODE: "true" },
  ],
];

describe.each(stores)("the demo flow over plain HTTP (%s store)", (_name, env) => {
  let demo: DemoService;
  beforeAll(async () => {
    demo = await startDemoService(env);
  });
  afterAll(async () => {
    await demo?.close();
  });

  it("goes from the PGO's provider list to the FHIR data", async () => {
    const client = new HttpClient();
    // FLOW 1: the PGO lists providers.
    const list = await client.request(`${demo.pgo}/pgo/`);
    expect(list.status).toBe(200);
    expect(list.body).toContain("demoziekenhuis@medmij");
    // FLOW 2: choose both gegevensdiensten → 303 to the provider.
    const start = await client.request(`${demo.pgo}/pgo/start`, {
      form: { csrf: hidden(list.body, "csrf"), provider_name: "demoziekenhuis@medmij", data_service_id: ["1", "4"] },
    });
    expect(start.status).toBe(303);
    expect(start.location).toMatch(new RegExp(`^http://dva\\.localhost:${demo.port}/oauth/authorize\\?`));
    expect(client.cookies.get("pgo.localhost", "pgo_session")).toBeTruthy();
    // FLOW 3: the landing page.
    const landing = await client.request(start.location!);
    expect(landing.status).toBe(200);
    expect(landing.body).toContain("DigiD");
    expect(client.cookies.get("dva.localhost", "dva_session")).toBeTruthy();
    expect(client.cookies.get("dva.localhost", "pgo_session")).toBeUndefined();
    const loginHref = /id="login" href="([^"]+)"/.exec(landing.body)![1]!;
    // FLOW 5-8: mock DigiD, availability → consent page.
    const login = await client.request(new URL(loginHref, start.location).toString());
    expect(login.status).toBe(200);
    const loggedIn = await client.request(`${demo.dva}/digid/mock/login`, { form: { csrf: hidden(login.body, "csrf"), bsn: "999900006", action: "login" } });
    expect(loggedIn.status).toBe(303);
    expect(loggedIn.location).toBe(`${demo.dva}/oauth/consent`);
    // FLOW 9-10: consent.
    const consent = await client.request(loggedIn.location!);
    expect(consent.status).toBe(200);
    expect(consent.body).toContain("Demo Ziekenhuis");
    const decided = await client.request(`${demo.dva}/oauth/consent`, { form: { csrf_token: hidden(consent.body, "csrf_token"), decision: "allow" } });
    expect(decided.status).toBe(303);
    const back = new URL(decided.location!);
    expect(`${back.origin}${back.pathname}`).toBe(`${demo.pgo}/pgo/callback`);
    // `<flowId>.<secret>`: a 128-bit flow id and a 256-bit secret (src/protocol/authorization/secrets.ts).
    expect(back.searchParams.get("code")).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    // FLOW 11-13: callback, token exchange.
    const result = await client.request(decided.location!);
    expect(result.status).toBe(200);
    expect(result.body).toContain("Toestemming ontvangen");
    expect(result.body).toContain("Basisgegevens Zorg");
    expect(result.body).toContain("Laboratoriumresultaten");
    // FLOW 14-16: the resource request.
    const data = await client.request(`${demo.pgo}/pgo/data`);
    expect(data.status).toBe(200);
    expect(data.body).toContain("Anna de Vries");
    expect(data.body).toContain("Hemoglobine: 8.4 mmol/L");
    expect(data.body).toContain("Astma");

    // A person without data at this provider: the same access_denied as a refusal.
    const other = new HttpClient();
    const list2 = await other.request(`${demo.pgo}/pgo/`);
    const start2 = await other.request(`${demo.pgo}/pgo/start`, {
      form: { csrf: hidden(list2.body, "csrf"), provider_name: "demoziekenhuis@medmij", data_service_id: "1" },
    });
    await other.request(start2.location!);
    const login2 = await other.request(`${demo.dva}/digid/mock/login`);
    const noData = await other.request(`${demo.dva}/digid/mock/login`, { form: { csrf: hidden(login2.body, "csrf"), bsn: "999900043", action: "login" } });
    expect(noData.status).toBe(303);
    expect(new URL(noData.location!).searchParams.get("error")).toBe("access_denied");
    const denied = await other.request(noData.location!);
    expect(denied.status).toBe(403);
    expect(denied.body).toContain("access_denied");
    expect((await other.request(`${demo.pgo}/pgo/data`)).body).not.toContain("Anna de Vries");

    // Nothing secret in the logs: no BSN, code or state.
    const log = demo.logLines.join("\n");
    expect(log).not.toContain("999900006");
    expect(log).not.toContain(back.searchParams.get("code")!);
    expect(log).not.toContain(back.searchParams.get("state")!);
  });
});
