/**
 * The AuthorizationServer on the real Redis (createRouterTransport): the whole
 * flow, the race of 100 parallel exchanges of one code, reuse → revocation,
 * and Redis being down.
 */
import { randomBytes } from "node:crypto";
import { Code } from "@connectrpc/connect";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { ConsentDecision } from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import { ErrorDisposition } from "../../gen/medmij/errors/v1/errors_pb.js";
import { createRedisStores } from "../../src/stores/authorization/create-stores.js";
import { authorizationParams, REDIRECT } from "../protocol/authorization/fixtures.js";
import { deleteUnder, keysUnder } from "../stores/authorization/records.fixtures.js";
import { query, routerClient, rpcError, toCode, toConsent, tokenParams } from "./authorization-harness.js";

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const prefix = `test-asrpc-${randomBytes(6).toString("hex")}`;
const onRedis = () => routerClient({ stores: createRedisStores(redis, prefix) });

afterAll(async () => {
  await deleteUnder(redis, prefix);
  redis.disconnect();
});

describe("AuthorizationServer on Redis", () => {
  it("runs the whole flow; every key it leaves has a TTL and holds no BSN, code, token or state", async () => {
    const { client } = onRedis();
    const { code, sessionId } = await toCode(client);
    const token = await client.exchangeAuthorizationCode({ parameters: tokenParams(code) });
    expect((await client.introspectToken({ token: token.accessToken })).subject).toBe("999900006");
    expect((await client.listConsents({})).consents.length).toBeGreaterThan(0);
    const keys = await keysUnder(redis, prefix);
    expect(keys.length).toBeGreaterThan(3);
    for (const k of keys) {
      expect(await redis.pttl(k), k).toBeGreaterThan(0);
      const type = await redis.type(k);
      const dump = type === "string" ? await redis.get(k) : type === "hash" ? JSON.stringify(await redis.hgetall(k)) : JSON.stringify(await redis.zrange(k, 0, -1));
      // The whole values and their secret parts (the flow id before the dot is not secret: it names the hash tag).
      const secretParts = [code, token.accessToken, sessionId].map((v) => v.split(".")[1]!);
      for (const secret of ["999900006", code, token.accessToken, sessionId, ...secretParts, "xcoivjuywkdkhvusuye3kch"]) {
        if (secret === "xcoivjuywkdkhvusuye3kch" && k.endsWith(":session")) continue; // state is kept to build the redirect
        expect(`${k} ${dump}`, k).not.toContain(secret);
      }
    }
  });

  it("keeps every key of a flow under the flow's one hash tag: session, code and token of a flow share it", async () => {
    const flowPrefix = `${prefix}-tags`;
    const { client } = routerClient({ stores: createRedisStores(redis, flowPrefix) });
    const a = await toCode(client);
    const b = await toCode(client);
    const tokenA = await client.exchangeAuthorizationCode({ parameters: tokenParams(a.code) });
    await client.exchangeAuthorizationCode({ parameters: tokenParams(b.code) });
    // A second use writes into the flow's keys too (the token slot), under the same tag.
    await rpcError(client.exchangeAuthorizationCode({ parameters: tokenParams(a.code) }));
    expect((await client.introspectToken({ token: tokenA.accessToken })).active).toBe(false);
    const keys = await keysUnder(redis, `${flowPrefix}:`);
    const flowKeys = keys.filter((k) => !k.startsWith(`${flowPrefix}:{consents}:`));
    const byTag = new Map<string, string[]>();
    for (const k of flowKeys) {
      const m = /^[^{]*\{([^}]+)\}:(.*)$/.exec(k);
      expect(m, k).not.toBeNull();
      byTag.set(m![1]!, [...(byTag.get(m![1]!) ?? []), m![2]!.replace(/^code:.*/, "code")]);
    }
    const flowA = a.sessionId.split(".")[0]!;
    const flowB = b.sessionId.split(".")[0]!;
    expect([...byTag.keys()].sort()).toEqual([flowA, flowB].sort());
    expect(byTag.get(flowA)!.sort()).toEqual(["code", "session", "token"]);
    expect(byTag.get(flowB)!.sort()).toEqual(["code", "session", "token"]);
    expect(a.code.split(".")[0]).toBe(flowA);
    expect(tokenA.accessToken.split(".")[0]).toBe(flowA);
    for (const k of keys) expect(await redis.pttl(k), k).toBeGreaterThan(0);
  });

  it("of 100 parallel exchanges of one code exactly one succeeds; the others are invalid_grant", async () => {
    const { client } = onRedis();
    const { code } = await toCode(client);
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => client.exchangeAuthorizationCode({ parameters: tokenParams(code) })));
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect((await rpcError(Promise.reject(r.reason))).oauth?.error).toBe("invalid_grant");
    }
    // The reuse attempts revoked the one token issued.
    const token = (ok[0] as PromiseFulfilledResult<{ accessToken: string }>).value.accessToken;
    expect((await client.introspectToken({ token })).active).toBe(false);
  });

  it("a second use of a code revokes the token issued from it", async () => {
    const { client } = onRedis();
    const { code } = await toCode(client);
    const first = await client.exchangeAuthorizationCode({ parameters: tokenParams(code) });
    expect((await client.introspectToken({ token: first.accessToken })).active).toBe(true);
    expect((await rpcError(client.exchangeAuthorizationCode({ parameters: tokenParams(code) }))).reason).toBe("CODE_ALREADY_USED");
    expect((await client.introspectToken({ token: first.accessToken })).active).toBe(false);
  });

  it("of parallel consent decisions on one session exactly one yields a code", async () => {
    const { client } = onRedis();
    const { sessionId, consent } = await toConsent(client);
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => client.decideConsent({ sessionId, csrfToken: consent.csrfToken, decision: ConsentDecision.ALLOW })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });
});

describe("AuthorizationServer with Redis down", () => {
  const dead = new Redis({ host: "127.0.0.1", port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
  dead.on("error", () => {});
  const { client } = routerClient({ stores: createRedisStores(dead, prefix) });
  afterAll(() => dead.disconnect());

  it("StartAuthorization answers UNAVAILABLE with a temporarily_unavailable redirect carrying state", async () => {
    const e = await rpcError(client.startAuthorization({ parameters: authorizationParams() }));
    expect(e.code).toBe(Code.Unavailable);
    expect(e.oauth?.disposition).toBe(ErrorDisposition.REDIRECT);
    expect(e.oauth!.redirectUrl.startsWith(REDIRECT)).toBe(true);
    expect(query(e.oauth!.redirectUrl).get("error")).toBe("temporarily_unavailable");
    expect(query(e.oauth!.redirectUrl).get("state")).toBe("xcoivjuywkdkhvusuye3kch");
  });

  it("later browser steps show an error page; the token endpoint answers 503 temporarily_unavailable", async () => {
    // Well-formed values (`<flowId>.<secret>`), so that the store is asked.
    const wellFormed = `${"A".repeat(22)}.${"A".repeat(43)}`;
    const step = await rpcError(client.checkAvailability({ sessionId: wellFormed }));
    expect(step.code).toBe(Code.Unavailable);
    expect(step.oauth?.disposition).toBe(ErrorDisposition.SHOW);
    const token = await rpcError(client.exchangeAuthorizationCode({ parameters: tokenParams(wellFormed) }));
    expect(token.code).toBe(Code.Unavailable);
    expect(token.oauth).toMatchObject({ error: "temporarily_unavailable", httpStatus: 503, disposition: ErrorDisposition.RESPOND });
    expect((await rpcError(client.introspectToken({ token: wellFormed }))).code).toBe(Code.Unavailable);
  });

  it("malformed values are refused without touching the store, so even with Redis down they get their usual answer", async () => {
    expect((await rpcError(client.checkAvailability({ sessionId: "A".repeat(43) }))).code).toBe(Code.NotFound);
    const token = await rpcError(client.exchangeAuthorizationCode({ parameters: tokenParams("A".repeat(43)) }));
    expect(token.oauth).toMatchObject({ error: "invalid_grant", httpStatus: 400 });
    expect(await client.introspectToken({ token: "A".repeat(43) })).toMatchObject({ active: false });
  });
});
