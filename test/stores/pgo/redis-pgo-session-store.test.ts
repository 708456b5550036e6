import { randomBytes, randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisPgoSessionStore } from "../../../src/stores/pgo/redis-pgo-session-store.js";
import { sampleSession } from "../../protocol/pgo/fixtures.js";
import { pgoSessionStoreContract } from "./pgo-session-store.contract.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `test-pgo-${randomUUID()}`;
let redis: Redis;

async function keysUnder(p: string): Promise<string[]> {
  const out: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${p}:*`, "COUNT", 500);
    cursor = next;
    out.push(...keys);
  } while (cursor !== "0");
  return out;
}

beforeAll(() => {
  redis = new Redis(REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  const keys = await keysUnder(prefix);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

let run = 0;
pgoSessionStoreContract("redis", async (clock) => {
  const p = `${prefix}:${run++}`;
  const key = randomBytes(32);
  const store = createRedisPgoSessionStore({ redis, keyPrefix: p, encryptionKey: key, now: clock.now });
  return {
    store,
    rawValues: async (flowId) => {
      const keys = await keysUnder(p);
      const mine = keys.filter((k) => k.includes(`{${flowId}}`));
      return Promise.all(mine.map(async (k) => (await redis.get(k)) ?? ""));
    },
    keysWithoutTtl: async () => {
      const keys = await keysUnder(p);
      const ttls = await Promise.all(keys.map((k) => redis.pttl(k)));
      return keys.filter((_, i) => ttls[i]! < 0);
    },
    close: async () => {},
  };
});

describe("redis PgoSessionStore specifics", () => {
  it("keeps all keys of one flow under one hash tag", async () => {
    const p = `${prefix}:tag`;
    const store = createRedisPgoSessionStore({ redis, keyPrefix: p, encryptionKey: randomBytes(32) });
    const s = sampleSession({ flowId: randomBytes(16).toString("base64url"), createdAt: new Date(), expiresAt: new Date(Date.now() + 60_000) });
    await store.create(s);
    await store.claimCode(s.flowId, s.expiresAt);
    const keys = await keysUnder(p);
    expect(keys.sort()).toEqual([`${p}:{${s.flowId}}:pgo-code-claim`, `${p}:{${s.flowId}}:pgo-session`, `${p}:{${s.flowId}}:pgo-state`]);
  });

  it("reads nothing it cannot decrypt (another key, or a tampered value)", async () => {
    const p = `${prefix}:keys`;
    const s = sampleSession({ flowId: randomBytes(16).toString("base64url"), createdAt: new Date(), expiresAt: new Date(Date.now() + 60_000) });
    await createRedisPgoSessionStore({ redis, keyPrefix: p, encryptionKey: randomBytes(32) }).create(s);
    expect(await createRedisPgoSessionStore({ redis, keyPrefix: p, encryptionKey: randomBytes(32) }).get(s.flowId)).toBeUndefined();
  });

  it("answers UNAVAILABLE when Redis cannot be reached", async () => {
    const down = new Redis("redis://127.0.0.1:1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
    down.on("error", () => {});
    const store = createRedisPgoSessionStore({ redis: down, keyPrefix: prefix, encryptionKey: randomBytes(32) });
    await expect(store.get("x".repeat(22))).rejects.toMatchObject({ reason: "SESSION_STORE_UNAVAILABLE", kind: "unavailable" });
    down.disconnect();
  });
});
