import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { LIST_KINDS } from "../../../src/protocol/lists/model.js";
import { createRedisLastGoodStore, LAST_GOOD_TTL_MS } from "../../../src/stores/lists/redis-last-good-store.js";
import { lastGoodContract } from "./last-good.contract.js";

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { lazyConnect: false, maxRetriesPerRequest: 2 });
const runPrefix = `test-lists-${randomUUID()}`;
const prefixes: string[] = [];
const prefix = () => {
  const p = `${runPrefix}-${prefixes.length}`;
  prefixes.push(p);
  return p;
};

afterAll(async () => {
  const keys = prefixes.flatMap((p) => LIST_KINDS.map((k) => `${p}:{lists}:${k}:last-good`));
  await redis.del(...keys);
  await redis.quit();
});

lastGoodContract("redis", () => createRedisLastGoodStore(redis, prefix()));

describe("redis last-good store", () => {
  it("keeps each list under one key in the lists hash tag, with a TTL renewed on every save", async () => {
    const p = prefix();
    const store = createRedisLastGoodStore(redis, p);
    await store.save("zal", { xml: "<x/>", source: "s", fetchedAt: "2026-12-04T10:00:00.000Z" });
    const key = `${p}:{lists}:zal:last-good`;
    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(LAST_GOOD_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(LAST_GOOD_TTL_MS);
    await redis.pexpire(key, 5_000);
    await store.save("zal", { xml: "<y/>", source: "s", fetchedAt: "2026-12-04T11:00:00.000Z" });
    expect(await redis.pttl(key)).toBeGreaterThan(LAST_GOOD_TTL_MS - 60_000);
  });
});

describe("list holder with the last good copies in Redis", () => {
  it("starts from Redis without network after a restart, and ignores a damaged stored copy", async () => {
    const { startListServer } = await import("./list-server.js");
    const { createListSource } = await import("../../../src/adapters/list-source.js");
    const { ListHolder } = await import("../../../src/stores/lists/list-holder.js");
    const { silentLogger } = await import("../../../src/log.js");
    const { XML_OF } = await import("../../protocol/lists/list-documents.js");
    const server = await startListServer();
    for (const k of LIST_KINDS) server.publish(k, XML_OF[k](30));
    const p = prefix();
    const make = () =>
      new ListHolder({
        sources: Object.fromEntries(LIST_KINDS.map((k) => [k, createListSource(server.url(k), { allowHttp: true, timeoutMs: 500, maxBytes: 1 << 20 })])) as never,
        lastGood: createRedisLastGoodStore(redis, p),
        logger: silentLogger,
        now: () => new Date(),
        maxBytes: 1 << 20,
        refreshIntervalMs: 0,
      });
    const first = make();
    await first.start();
    await first.close();
    await server.close();
    await redis.set(`${p}:{lists}:gnl:last-good`, JSON.stringify({ xml: "<Gegevensdienstnamenlijst/>", source: server.url("gnl"), fetchedAt: "2026-12-04T10:00:00Z" }), "PX", 60_000);
    const second = make();
    await second.start();
    const status = Object.fromEntries(second.status().map((s) => [s.kind, s]));
    expect(status.zal).toMatchObject({ loaded: true, volgnummer: 30 });
    expect(status.whitelist).toMatchObject({ loaded: true, volgnummer: 30 });
    expect(status.gnl).toMatchObject({ loaded: false });
    expect(status.gnl?.lastError).toMatch(/fetch failed/);
    expect(second.view.current().ocl?.volgnummer).toBe(30);
    await second.close();
  });
});
