import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisCodeStore } from "../../../src/stores/authorization/redis-code-store.js";
import { createRedisConsentLog } from "../../../src/stores/authorization/redis-consent-log.js";
import { createRedisPendingSessions } from "../../../src/stores/authorization/redis-pending-sessions.js";
import { createRedisSessionStore } from "../../../src/stores/authorization/redis-session-store.js";
import { createRedisTokenStore } from "../../../src/stores/authorization/redis-token-store.js";
import { createRedisStores } from "../../../src/stores/authorization/create-stores.js";
import { StoreUnavailableError } from "../../../src/stores/authorization/store-unavailable.js";
import { codeStoreContract } from "./code-store.contract.js";
import { consentLogContract } from "./consent-log.contract.js";
import { pendingSessionsContract } from "./pending-sessions.contract.js";
import { codeRecord, consentEntry, deleteUnder, key, keysUnder, session, sleep, tokenRecord } from "./records.fixtures.js";
import { sessionStoreContract } from "./session-store.contract.js";
import { tokenStoreContract } from "./token-store.contract.js";

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
// A unique prefix per run (and per consent-log instance): never FLUSHALL.
const run = `test-as-${randomBytes(6).toString("hex")}`;
let n = 0;

afterAll(async () => {
  await deleteUnder(redis, run);
  redis.disconnect();
});

sessionStoreContract("redis", () => createRedisSessionStore(redis, run));
codeStoreContract("redis", () => ({ codes: createRedisCodeStore(redis, run), tokens: createRedisTokenStore(redis, run) }));
tokenStoreContract("redis", () => createRedisTokenStore(redis, run));
consentLogContract("redis", () => createRedisConsentLog(redis, `${run}-${++n}`));
pendingSessionsContract("redis", () => createRedisPendingSessions(redis, run));

describe("Redis layout", () => {
  it("keeps every key of a flow under one hash tag and gives every key a TTL; no secret appears in a key or value", async () => {
    const prefix = `${run}-layout`;
    const stores = createRedisStores(redis, prefix);
    const sk = key();
    const ck = key(sk.flowId);
    const tk = key(sk.flowId);
    await stores.sessions.create(sk, session({ subject: "v1.sealed" }), 60_000);
    await stores.codes.save(ck, codeRecord(), 60_000);
    await stores.tokens.save(tk, tokenRecord(), 60_000);
    await stores.consents.append(consentEntry());
    const keys = await keysUnder(redis, `${prefix}:`);
    const flow = sk.flowId;
    expect(keys.sort()).toEqual(
      [
        `${prefix}:{${flow}}:session`,
        `${prefix}:{${flow}}:code:${ck.hash}`,
        `${prefix}:{${flow}}:token`,
        `${prefix}:{consents}:seq`,
        `${prefix}:{consents}:all`,
        `${prefix}:{consents}:client:oauthclient.local`,
      ].sort(),
    );
    for (const k of keys) expect(await redis.pttl(k), k).toBeGreaterThan(0);
    // The session and the token keep the hash they are checked against.
    expect(await redis.hget(`${prefix}:{${flow}}:session`, "h")).toBe(sk.hash);
    expect(await redis.hget(`${prefix}:{${flow}}:token`, "h")).toBe(tk.hash);
  });

  it("a reused code's revocation marker has a TTL too", async () => {
    const prefix = `${run}-marker`;
    const stores = createRedisStores(redis, prefix);
    const ck = key();
    await stores.codes.save(ck, codeRecord(), 60_000);
    const b = { clientId: "oauthclient.local", redirectUri: "https://oauthclient.local/cb", codeChallenge: "" };
    await stores.codes.consume(ck, b, new Date(), 900_000, key(ck.flowId).hash);
    await stores.codes.consume(ck, b, new Date(), 900_000, key(ck.flowId).hash);
    expect(await redis.hget(`${prefix}:{${ck.flowId}}:token`, "revoked")).toBe("1");
    expect(await redis.pttl(`${prefix}:{${ck.flowId}}:token`)).toBeGreaterThan(60_000);
  });

  it("a client's pending sessions: one sorted set under the client's own hash tag, with a TTL ≥ the session lifetime, gone after it", async () => {
    const prefix = `${run}-pending`;
    const stores = createRedisStores(redis, prefix);
    const now = Date.now();
    const flowId = key().flowId;
    await stores.pending.admit("OAuthClient.local", flowId, now, now + 900_000, 10, 900_000);
    const pendingKey = `${prefix}:{client:oauthclient.local}:pending`;
    expect(await keysUnder(redis, `${prefix}:`)).toEqual([pendingKey]);
    expect(await redis.zrange(pendingKey, 0, -1)).toEqual([flowId]);
    expect(await redis.pttl(pendingKey)).toBeGreaterThan(60_000);
    // A shorter lifetime never shortens the key; the key of a short-lived client goes away by itself.
    await stores.pending.admit("oauthclient.local", key().flowId, now, now + 100, 10, 100);
    expect(await redis.pttl(pendingKey)).toBeGreaterThan(60_000);
    await stores.pending.admit("short.example", key().flowId, Date.now(), Date.now() + 150, 10, 150);
    await sleep(400);
    expect(await redis.exists(`${prefix}:{client:short.example}:pending`)).toBe(0);
  });

  it("a consumed code keeps a TTL (the used-marker expires too)", async () => {
    const store = createRedisCodeStore(redis, run);
    const h = key();
    await store.save(h, codeRecord(), 60_000);
    await store.consume(h, { clientId: "oauthclient.local", redirectUri: "https://oauthclient.local/cb", codeChallenge: "" }, new Date(), 900_000, "t");
    const ttl = await redis.pttl(`${run}:{${h.flowId}}:code:${h.hash}`);
    expect(ttl).toBeGreaterThan(60_000);
  });
});

describe("Redis down", () => {
  it("every store answers StoreUnavailableError instead of hanging or crashing", async () => {
    const dead = new Redis({ host: "127.0.0.1", port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null });
    dead.on("error", () => {});
    const stores = createRedisStores(dead, run);
    await expect(stores.sessions.get(key())).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(stores.codes.consume(key(), { clientId: "a", redirectUri: "b", codeChallenge: "" }, new Date(), 1000, "t")).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(stores.tokens.get(key())).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(stores.consents.append(consentEntry())).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(stores.pending.admit("oauthclient.local", key().flowId, 0, 1000, 10, 1000)).rejects.toBeInstanceOf(StoreUnavailableError);
    dead.disconnect();
  });
});
