/**
 * The cap on pending sessions per client (RFC 6819 §4.4.1.11,
 * AS_MAX_PENDING_SESSIONS_PER_CLIENT): on the memory store with an injected
 * clock, and on the real Redis with two service instances (replicas) sharing
 * one key prefix.
 */
import { randomBytes } from "node:crypto";
import { Code } from "@connectrpc/connect";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { AuthenticationOutcome, ConsentDecision } from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import { ErrorDisposition } from "../../gen/medmij/errors/v1/errors_pb.js";
import { createLogger } from "../../src/log.js";
import { createMemoryStores, createRedisStores } from "../../src/stores/authorization/create-stores.js";
import { authorizationParams, DEMO_CLIENT, REDIRECT } from "../protocol/authorization/fixtures.js";
import { deleteUnder } from "../stores/authorization/records.fixtures.js";
import { query, routerClient, rpcError, toCode, toConsent, type AsClient, type HarnessOptions } from "./authorization-harness.js";

const STATE = "xcoivjuywkdkhvusuye3kch";
const OTHER_CLIENT = authorizationParams({ client_id: DEMO_CLIENT, redirect_uri: `https://${DEMO_CLIENT}/cb` });

function clock(start = new Date("2026-12-04T20:00:00Z")) {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (seconds: number) => (t += seconds * 1000) };
}

const capped = (max: number, o: HarnessOptions = {}) => routerClient({ ...o, settings: { maxPendingSessionsPerClient: max, ...o.settings } });
const start = (client: AsClient, parameters = authorizationParams()) => client.startAuthorization({ parameters });

/** What the client sees past the cap: back to its (validated) redirect_uri with temporarily_unavailable and its state. */
async function expectCapReached(p: Promise<unknown>, redirectUri = REDIRECT): Promise<void> {
  const e = await rpcError(p);
  expect(e.code).toBe(Code.ResourceExhausted);
  expect(e.reason).toBe("TOO_MANY_PENDING_SESSIONS");
  expect(e.oauth?.disposition).toBe(ErrorDisposition.REDIRECT);
  expect(e.oauth!.redirectUrl.startsWith(redirectUri + "?")).toBe(true);
  const q = query(e.oauth!.redirectUrl);
  expect(q.get("error")).toBe("temporarily_unavailable");
  expect(q.get("state")).toBe(STATE);
  expect(q.get("error_description")).toMatch(/try again later/);
  expect(e.message).toMatch(/too many authorization requests/);
}

describe("the cap on pending sessions per client (memory store)", () => {
  it("past the cap StartAuthorization redirects with temporarily_unavailable and state (RESOURCE_EXHAUSTED) and logs a warning without secrets", async () => {
    const lines: string[] = [];
    const { client } = capped(3, { logger: createLogger("debug", {}, (l) => lines.push(l)) });
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await start(client)).sessionId);
    await expectCapReached(start(client));
    await expectCapReached(start(client));
    const warnings = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === "warn");
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatchObject({ refusal: "TOO_MANY_PENDING_SESSIONS", clientId: "oauthclient.local", maxPendingSessions: 3 });
    for (const secret of [STATE, ...ids]) expect(lines.join("\n")).not.toContain(secret);
    // The sessions admitted before keep working.
    await expect(client.completeAuthentication({ sessionId: ids[0]!, outcome: AuthenticationOutcome.SUCCESS, artifact: "MOCK:999900006" })).resolves.toBeTruthy();
  });

  it("a bad client_id or redirect_uri is still an error page, also when the cap is reached", async () => {
    const { client } = capped(1);
    await start(client);
    const e = await rpcError(start(client, authorizationParams({ redirect_uri: "https://oauthclient.local.evil.example/cb" })));
    expect(e.reason).toBe("INVALID_REDIRECT_URI");
    expect(e.oauth?.disposition).toBe(ErrorDisposition.SHOW);
  });

  it("another client is unaffected", async () => {
    const { client } = capped(2);
    await start(client);
    await start(client);
    await expectCapReached(start(client));
    await expect(start(client, OTHER_CLIENT)).resolves.toBeTruthy();
    await expect(start(client, OTHER_CLIENT)).resolves.toBeTruthy();
    await expectCapReached(start(client, OTHER_CLIENT), `https://${DEMO_CLIENT}/cb`);
  });

  it("expired sessions free their places", async () => {
    const c = clock();
    const { client } = capped(2, { now: c.now });
    await start(client);
    c.advance(600);
    await start(client);
    await expectCapReached(start(client));
    c.advance(300); // the first session (900 s) has expired, the second has not
    await expect(start(client)).resolves.toBeTruthy();
    await expectCapReached(start(client));
  });

  const endings: [string, (client: AsClient) => Promise<unknown>][] = [
    ["consent allowed", (client) => toCode(client)],
    [
      "consent refused",
      async (client) => {
        const { sessionId, consent } = await toConsent(client);
        await client.decideConsent({ sessionId, csrfToken: consent.csrfToken, decision: ConsentDecision.DENY });
      },
    ],
    [
      "authentication cancelled",
      async (client) => {
        const { sessionId } = await start(client);
        await rpcError(client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.CANCELLED }));
      },
    ],
    [
      "authentication failed",
      async (client) => {
        const { sessionId } = await start(client);
        await rpcError(client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.FAILED }));
      },
    ],
    [
      "no data available",
      async (client) => {
        const { sessionId } = await start(client);
        await client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.SUCCESS, artifact: "MOCK:999900043" });
        await rpcError(client.checkAvailability({ sessionId }));
      },
    ],
  ];
  it.each(endings)("a finished flow frees its place: %s", async (_, finish) => {
    const { client } = capped(1);
    await finish(client);
    await expect(start(client)).resolves.toBeTruthy();
    await expectCapReached(start(client));
  });

  it("a step that fails without ending the flow keeps the place taken", async () => {
    const { client } = capped(1);
    const { sessionId } = await start(client);
    await rpcError(client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.SUCCESS, artifact: "MOCK:999900007" }));
    await rpcError(client.getConsent({ sessionId }));
    await expectCapReached(start(client));
  });

  it("a refused request takes no place: after the cap is hit, a finished flow lets exactly one new one in", async () => {
    const stores = createMemoryStores();
    const { client } = capped(1, { stores });
    const { sessionId } = await start(client);
    for (let i = 0; i < 5; i++) await expectCapReached(start(client));
    await rpcError(client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.CANCELLED }));
    expect(await stores.pending.count("oauthclient.local", Date.now())).toBe(0);
    await start(client);
    await expectCapReached(start(client));
  });
});

describe("the cap on pending sessions per client (Redis, two replicas)", () => {
  const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
  const run = `test-ascap-${randomBytes(6).toString("hex")}`;
  let n = 0;
  /** Two service instances on one Redis prefix: what two replicas of the server share. */
  const replicas = (max: number, o: HarnessOptions = {}) => {
    const prefix = `${run}-${++n}`;
    return [capped(max, { ...o, stores: createRedisStores(redis, prefix) }).client, capped(max, { ...o, stores: createRedisStores(redis, prefix) }).client] as const;
  };

  afterAll(async () => {
    await deleteUnder(redis, run);
    redis.disconnect();
  });

  it("of 60 parallel StartAuthorization calls over two replicas with a cap of 5, exactly 5 succeed; the rest are RESOURCE_EXHAUSTED redirects", async () => {
    const [a, b] = replicas(5);
    const results = await Promise.allSettled(Array.from({ length: 60 }, (_, i) => start(i % 2 === 0 ? a : b)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    for (const r of results) if (r.status === "rejected") await expectCapReached(Promise.reject(r.reason));
    // Another client is unaffected.
    const other = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => start(i % 2 === 0 ? a : b, OTHER_CLIENT)));
    expect(other.filter((r) => r.status === "fulfilled")).toHaveLength(5);
  });

  it("a flow finished on one replica frees its place on the other", async () => {
    const [a, b] = replicas(1);
    await toCode(a);
    await start(b);
    await expectCapReached(start(a));
    await expectCapReached(start(b));
  });

  it("expired sessions free their places", async () => {
    const c = clock(new Date());
    const [a, b] = replicas(2, { now: c.now });
    await start(a);
    c.advance(600);
    await start(b);
    await expectCapReached(start(a));
    c.advance(300);
    await expect(start(a)).resolves.toBeTruthy();
    await expectCapReached(start(b));
  });
});
