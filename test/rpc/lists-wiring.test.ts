/**
 * wireLists and the Lists service inside the running service: bundled demo
 * lists, configured file sources with a disk cache, Redis for last good
 * copies, and a configuration that must stop the start.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { ListEvent, Lists } from "../../gen/medmij/lists/v1/lists_pb.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/log.js";
import { findProvider, findClient, isWhitelisted, dataServiceName, LIST_KINDS } from "../../src/protocol/lists/model.js";
import type { Infra } from "../../src/wiring/infra.js";
import { bundledListPath, wireLists } from "../../src/wiring/lists.js";
import { XML_OF } from "../protocol/lists/list-documents.js";
import { repoRoot } from "../helpers/paths.js";
import { startTestService } from "../helpers/service.js";

const tmp = mkdtempSync(path.join(tmpdir(), "medmij-wire-lists-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const infraOf = (env: Record<string, string>, redis?: Redis): Infra => ({ config: loadConfig(env), logger: silentLogger, redis, now: () => new Date() });

describe("wireLists", () => {
  it("serves the bundled demo lists when no source is configured", async () => {
    const { view, role } = await wireLists(infraOf({}));
    try {
      const { zal, ocl, gnl, whitelist } = view.current();
      const provider = findProvider(zal, "demoziekenhuis@medmij");
      expect(provider?.dataServices.map((d) => d.id)).toEqual(["1", "4"]);
      expect(provider?.dataServiceById.get("1")?.tokenEndpointUri).toBe("https://dva.localhost/oauth/token");
      expect(findClient(ocl, "pgo.localhost")?.organisationName).toBe("Demo PGO");
      expect(isWhitelisted(whitelist, "dva.localhost")).toBe(true);
      expect(dataServiceName(gnl, "4")).toBeDefined();
      expect(role.serviceNames).toEqual(["medmij.lists.v1.Lists"]);
      expect(role.summary["lists.lastGood"]).toBe("memory");
    } finally {
      await role.close();
    }
  });

  it("finds the bundled lists in the project", () => {
    expect(bundledListPath("ocl")).toBe(path.join(repoRoot, "demo/lists/MedMij_OAuthclientlist.xml"));
  });

  it("reads configured file sources and keeps the last good copies on disk", async () => {
    const dir = mkdtempSync(path.join(tmp, "src-"));
    const cache = path.join(dir, "cache");
    const env: Record<string, string> = { LIST_CACHE_DIR: cache, LIST_REFRESH_INTERVAL_SECONDS: "0", ENCRYPTION_KEY: "a".repeat(64) };
    const vars = { zal: "ZAL_SOURCE", ocl: "OCL_SOURCE", gnl: "GNL_SOURCE", whitelist: "WHITELIST_SOURCE" } as const;
    for (const k of LIST_KINDS) {
      writeFileSync(path.join(dir, `${k}.xml`), XML_OF[k](12));
      env[vars[k]] = path.join(dir, `${k}.xml`);
    }
    const { view, role } = await wireLists(infraOf(env));
    await role.close();
    expect(view.current().zal?.volgnummer).toBe(12);
    expect(readdirSync(cache).sort()).toEqual(["gnl.last-good.json", "ocl.last-good.json", "whitelist.last-good.json", "zal.last-good.json"]);
    // A restart whose sources are gone starts from the cache.
    for (const k of LIST_KINDS) rmSync(path.join(dir, `${k}.xml`));
    const again = await wireLists(infraOf(env));
    await again.role.close();
    expect(again.view.current().ocl?.volgnummer).toBe(12);
  });

  it("keeps the last good copies in Redis when there is one", async () => {
    const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
    const prefix = `test-wire-lists-${randomUUID()}`;
    try {
      const infra = { ...infraOf({ REDIS_KEY_PREFIX: prefix, DEMO_MODE: "true" }), redis };
      const { role } = await wireLists(infra);
      await role.close();
      expect(role.summary["lists.lastGood"]).toBe("redis");
      expect(await redis.exists(`${prefix}:{lists}:zal:last-good`)).toBe(1);
      expect(await redis.pttl(`${prefix}:{lists}:zal:last-good`)).toBeGreaterThan(0);
    } finally {
      await redis.del(...LIST_KINDS.map((k) => `${prefix}:{lists}:${k}:last-good`));
      await redis.quit();
    }
  });

  it("stops the start on a plain http source that is not allowed, or an unreadable CA file", async () => {
    const sources = { ZAL_SOURCE: "http://lists.example.nl/zal.xml", OCL_SOURCE: "x", GNL_SOURCE: "x", WHITELIST_SOURCE: "x", ENCRYPTION_KEY: "a".repeat(64) };
    await expect(wireLists(infraOf(sources))).rejects.toThrow(/plain http is refused/);
    await expect(wireLists(infraOf({ LIST_CA_FILE: path.join(tmp, "missing.pem") }))).rejects.toThrow(/LIST_CA_FILE: cannot read/);
  });
});

describe("the Lists service in the running service", () => {
  it("answers over HTTP from the bundled demo lists", async () => {
    const svc = await startTestService({ ROLES: "lists" });
    try {
      const client = createClient(Lists, createConnectTransport({ baseUrl: svc.url, httpVersion: "1.1" }));
      const { lists } = await client.getListStatus({});
      expect(lists.map((l) => l.loaded)).toEqual([true, true, true, true]);
      expect((await client.getProvider({ name: "demoziekenhuis@medmij" })).provider?.dataServices).toHaveLength(2);
      expect((await client.checkWhitelist({ hostname: "pgo.localhost" })).whitelisted).toBe(true);
    } finally {
      await svc.close();
    }
  });

  it("ends a WatchLists stream when the service shuts down", async () => {
    const svc = await startTestService({ ROLES: "lists" });
    const client = createClient(Lists, createConnectTransport({ baseUrl: svc.url, httpVersion: "2" }));
    const stream = client.watchLists({})[Symbol.asyncIterator]();
    for (let i = 0; i < 4; i++) expect((await stream.next()).value?.event).toBe(ListEvent.CURRENT);
    const ended = stream.next().then(
      (r) => (r.done ? "done" : "message"),
      () => "ended with an error",
    );
    await svc.close();
    expect(["done", "ended with an error"]).toContain(await ended);
  });
});
