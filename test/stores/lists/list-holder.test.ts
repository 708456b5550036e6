/**
 * The list holder against a real local HTTP server and a real HTTPS server
 * (certificate made by openssl): first load, conditional refresh, Volgnummer
 * rule, refusals in status and events, last good copy across a restart,
 * timeouts, size cap, periodic refresh and close().
 */
import { mkdtempSync, rmSync, writeFileSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createListSource, ListSourceConfigError, type ListSource, type ListSourceOptions } from "../../../src/adapters/list-source.js";
import { createLogger, type Logger } from "../../../src/log.js";
import { LIST_KINDS, findProvider, type ListKind } from "../../../src/protocol/lists/model.js";
import { createDiskLastGoodStore } from "../../../src/stores/lists/disk-last-good-store.js";
import type { LastGoodStore } from "../../../src/stores/lists/last-good-store.js";
import { ListHolder, type ListChange } from "../../../src/stores/lists/list-holder.js";
import { createMemoryLastGoodStore } from "../../../src/stores/lists/memory-last-good-store.js";
import { createOffThreadParser, type ListParser } from "../../../src/stores/lists/parse-off-thread.js";
import { XML_OF, zalXml, whitelistXml } from "../../protocol/lists/list-documents.js";
import { makeCertificate, startListServer, type ListServer } from "./list-server.js";

const tmp = mkdtempSync(path.join(tmpdir(), "medmij-holder-"));
const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function capture(): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { logger: createLogger("debug", {}, (l) => lines.push(JSON.parse(l) as Record<string, unknown>)), lines };
}

async function serverWithAll(volgnummer = 10, tls?: { key: string; cert: string }): Promise<ListServer> {
  const server = await startListServer(tls);
  open.push(server);
  for (const k of LIST_KINDS) server.publish(k, XML_OF[k](volgnummer));
  return server;
}

interface Built {
  holder: ListHolder;
  events: ListChange[];
  lines: Record<string, unknown>[];
}

function build(locations: (k: ListKind) => string, o: Partial<ListSourceOptions> & { lastGood?: LastGoodStore; intervalMs?: number; parse?: ListParser } = {}): Built {
  const options: ListSourceOptions = { allowHttp: true, timeoutMs: 3000, maxBytes: 1024 * 1024, ...o };
  const sources = Object.fromEntries(LIST_KINDS.map((k) => [k, createListSource(locations(k), options)])) as Record<ListKind, ListSource>;
  const { logger, lines } = capture();
  const holder = new ListHolder({ sources, lastGood: o.lastGood ?? createMemoryLastGoodStore(), logger, now: () => new Date(), maxBytes: options.maxBytes, refreshIntervalMs: o.intervalMs ?? 0, ...(o.parse ? { parse: o.parse } : {}) });
  open.push(holder);
  const events: ListChange[] = [];
  holder.subscribe((e) => events.push(e));
  return { holder, events, lines };
}

const statusOf = (h: ListHolder, k: ListKind) => h.status().find((s) => s.kind === k)!;

async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("list holder over HTTP", () => {
  it("loads every list on start and shows it in the view and the status", async () => {
    const server = await serverWithAll(10);
    const { holder } = build((k) => server.url(k));
    await holder.start();
    const lists = holder.view.current();
    expect(findProvider(lists.zal, "huisartsvoorbeeld@medmij")?.dataServices.map((d) => d.id)).toEqual(["1", "4"]);
    expect(lists.ocl?.volgnummer).toBe(10);
    const s = statusOf(holder, "whitelist");
    expect(s).toMatchObject({ loaded: true, volgnummer: 10, tijdstempel: "2024-03-01T09:00:00Z", source: server.url("whitelist"), lastError: undefined, entryCount: 3 });
    expect(s.fetchedAt).toBeInstanceOf(Date);
    expect(holder.view.current()).toBe(lists);
  });

  it("announces the first load of each list as UPDATED", async () => {
    const server = await serverWithAll(10);
    const { holder, events } = build((k) => server.url(k));
    await holder.start();
    expect(events.map((e) => (e.event === "closed" ? "closed" : `${e.event}:${e.status.kind}`)).sort()).toEqual(["updated:gnl", "updated:ocl", "updated:whitelist", "updated:zal"]);
  });

  it("parses on a worker thread when given that parser, with the same outcome", async () => {
    const server = await serverWithAll(10);
    const { holder } = build((k) => server.url(k), { parse: createOffThreadParser(undefined, 0) });
    await holder.start();
    expect(holder.status().map((s) => s.volgnummer)).toEqual([10, 10, 10, 10]);
    server.publish("zal", zalXml({ volgnummer: 9 }));
    await holder.refresh("zal");
    expect(statusOf(holder, "zal").lastError).toBe("Volgnummer 9 is lower than the loaded 10");
  });

  it("asks conditionally (If-None-Match) and keeps the copy on 304 without an event", async () => {
    const server = await serverWithAll(10);
    const { holder, events } = build((k) => server.url(k));
    await holder.start();
    events.length = 0; // the first load announces each list as UPDATED
    const before = holder.view.current();
    await holder.refresh("ocl");
    const last = server.requests.filter((r) => r.path === "/lists/ocl.xml").at(-1)!;
    expect(last.ifNoneMatch).toMatch(/^"/);
    expect(last.status).toBe(304);
    expect(events).toEqual([]);
    expect(holder.view.current()).toBe(before);
  });

  it("uses If-Modified-Since when the server sends no ETag", async () => {
    const server = await serverWithAll(10);
    server.behaviour = "no-etag";
    const { holder } = build((k) => server.url(k));
    await holder.start();
    await holder.refresh("gnl");
    const last = server.requests.filter((r) => r.path === "/lists/gnl.xml").at(-1)!;
    expect(last.ifModifiedSince).toMatch(/GMT$/);
    expect(last.status).toBe(304);
  });

  it("replaces a list with a higher Volgnummer, announces UPDATED and saves the last good copy", async () => {
    const server = await serverWithAll(10);
    const lastGood = createMemoryLastGoodStore();
    const { holder, events } = build((k) => server.url(k), { lastGood });
    await holder.start();
    events.length = 0; // the first load announces each list as UPDATED
    server.publish("zal", zalXml({ volgnummer: 11, providers: [{ name: "nieuwziekenhuis@medmij", services: [{ id: "7" }] }] }));
    await holder.refresh("zal");
    expect(holder.view.current().zal?.volgnummer).toBe(11);
    expect(findProvider(holder.view.current().zal, "nieuwziekenhuis@medmij")).toBeDefined();
    expect(events).toEqual([{ event: "updated", status: expect.objectContaining({ kind: "zal", volgnummer: 11, lastError: undefined }) }]);
    expect((await lastGood.load("zal"))?.xml).toContain("<Volgnummer>11</Volgnummer>");
  });

  it("refuses a lower or equal Volgnummer: keeps the copy, logs, shows last_error, announces REFUSED", async () => {
    const server = await serverWithAll(10);
    const { holder, events, lines } = build((k) => server.url(k));
    await holder.start();
    events.length = 0; // the first load announces each list as UPDATED
    server.publish("ocl", XML_OF.ocl(9));
    await holder.refresh("ocl");
    expect(holder.view.current().ocl?.volgnummer).toBe(10);
    expect(statusOf(holder, "ocl").lastError).toBe("Volgnummer 9 is lower than the loaded 10");
    expect(events.map((e) => e.event)).toEqual(["refused"]);
    expect(lines.some((l) => l.msg === "list refused; the loaded copy stays" && l.list === "ocl")).toBe(true);
    server.publish("ocl", XML_OF.ocl(10).replace("Voorbeeld PGO", "Ander PGO"));
    await holder.refresh("ocl");
    expect(statusOf(holder, "ocl").lastError).toMatch(/equals the loaded one/);
    expect(holder.view.current().ocl?.clients[0]?.organisationName).toBe("Voorbeeld PGO");
  });

  it("refuses an invalid list and names the element path and rule in last_error", async () => {
    const server = await serverWithAll(10);
    const { holder, events } = build((k) => server.url(k));
    await holder.start();
    events.length = 0; // the first load announces each list as UPDATED
    server.publish("zal", zalXml({ volgnummer: 12, providers: [{ name: "Huisarts@medmij", services: [{ id: "1" }] }] }));
    await holder.refresh("zal");
    expect(holder.view.current().zal?.volgnummer).toBe(10);
    expect(statusOf(holder, "zal").lastError).toContain("/Zorgaanbiederslijst/Zorgaanbieders/Zorgaanbieder[1]/Zorgaanbiedernaam: [pattern]");
    expect(events[0]).toMatchObject({ event: "refused" });
  });

  it("refuses a list of another kind served at a list's URL", async () => {
    const server = await serverWithAll(10);
    const { holder } = build((k) => server.url(k));
    await holder.start();
    server.publish("gnl", XML_OF.ocl(50));
    await holder.refresh("gnl");
    expect(statusOf(holder, "gnl").lastError).toContain("[kind-mismatch]");
  });

  it("keeps the copy when the source fails, and clears last_error once it answers again", async () => {
    const server = await serverWithAll(10);
    const { holder } = build((k) => server.url(k));
    await holder.start();
    server.behaviour = "error-500";
    await holder.refresh("whitelist");
    expect(statusOf(holder, "whitelist").lastError).toMatch(/HTTP 500/);
    expect(holder.view.current().whitelist?.volgnummer).toBe(10);
    server.behaviour = "normal";
    await holder.refresh("whitelist");
    expect(statusOf(holder, "whitelist").lastError).toBeUndefined();
  });

  it("gives up after the fetch timeout", async () => {
    const server = await serverWithAll(10);
    server.behaviour = "hang";
    const { holder } = build((k) => server.url(k), { timeoutMs: 200 });
    await holder.start();
    expect(statusOf(holder, "zal")).toMatchObject({ loaded: false });
    expect(statusOf(holder, "zal").lastError).toMatch(/did not answer within 200 ms/);
    expect(holder.view.current().zal).toBeUndefined();
  });

  it("cancels a hanging fetch when closed", async () => {
    const server = await serverWithAll(10);
    server.behaviour = "hang";
    const { holder, events } = build((k) => server.url(k), { timeoutMs: 60_000 });
    const started = holder.start();
    await until(() => server.requests.length === 4, "four requests");
    await holder.close();
    await started;
    expect(holder.view.current()).toEqual({});
    expect(events).toEqual([{ event: "closed" }]);
  });

  it("refuses a body over the size cap", async () => {
    const server = await serverWithAll(10);
    server.behaviour = "huge";
    const { holder } = build((k) => server.url(k), { maxBytes: 4096 });
    await holder.start();
    expect(statusOf(holder, "whitelist").lastError).toMatch(/cap of 4096 bytes/);
  });

  it("does not follow redirects", async () => {
    const server = await serverWithAll(10);
    server.behaviour = "redirect";
    const { holder } = build((k) => server.url(k));
    await holder.start();
    expect(statusOf(holder, "ocl").lastError).toMatch(/HTTP 302 \(redirect to https:\/\/elsewhere.example.nl\/list.xml not followed\)/);
  });

  it("starts without network from the last good copy on disk, and refuses an older copy afterwards", async () => {
    const server = await serverWithAll(10);
    const dir = path.join(tmp, "restart");
    const first = build((k) => server.url(k), { lastGood: createDiskLastGoodStore(dir) });
    await first.holder.start();
    await first.holder.close();
    await server.close();
    const second = build((k) => server.url(k), { lastGood: createDiskLastGoodStore(dir), timeoutMs: 500 });
    await second.holder.start();
    for (const k of LIST_KINDS) {
      expect(statusOf(second.holder, k)).toMatchObject({ loaded: true, volgnummer: 10 });
    }
    await second.holder.refresh();
    expect(statusOf(second.holder, "zal").lastError).toMatch(/fetch failed/);
    expect(second.holder.view.current().zal?.volgnummer).toBe(10);
  });

  it("refreshes on its interval and stops when closed", async () => {
    const server = await serverWithAll(10);
    const { holder, events } = build((k) => server.url(k), { intervalMs: 50 });
    await holder.start();
    events.length = 0; // the first load announces each list as UPDATED
    server.publish("gnl", XML_OF.gnl(11));
    await until(() => holder.view.current().gnl?.volgnummer === 11, "the periodic refresh");
    expect(events.some((e) => e.event === "updated")).toBe(true);
    await holder.close();
    expect(events.at(-1)).toEqual({ event: "closed" });
    const count = server.requests.length;
    server.publish("gnl", XML_OF.gnl(12));
    await new Promise((r) => setTimeout(r, 200));
    expect(server.requests.length).toBe(count);
    expect(holder.view.current().gnl?.volgnummer).toBe(11);
  });

  it("refuses plain http unless allowed, and other URL schemes", () => {
    expect(() => createListSource("http://lists.example.nl/MedMij_Whitelist.xml", { allowHttp: false, timeoutMs: 1000, maxBytes: 1000 })).toThrow(ListSourceConfigError);
    expect(() => createListSource("ftp://lists.example.nl/x.xml", { allowHttp: true, timeoutMs: 1000, maxBytes: 1000 })).toThrow(/only file paths and https URLs/);
  });
});

describe("list holder over HTTPS with a certificate made by openssl", () => {
  let tls: { key: string; cert: string };
  beforeAll(() => {
    tls = makeCertificate();
  });

  it("fetches when the certificate is trusted through the CA option", async () => {
    const server = await serverWithAll(20, tls);
    const { holder } = build((k) => server.url(k), { allowHttp: false, caPem: tls.cert });
    await holder.start();
    expect(statusOf(holder, "zal")).toMatchObject({ loaded: true, volgnummer: 20, lastError: undefined });
    server.publish("whitelist", whitelistXml({ volgnummer: 21, hosts: ["nieuw.example.nl"] }));
    await holder.refresh("whitelist");
    expect(holder.view.current().whitelist?.hostnames.has("nieuw.example.nl")).toBe(true);
  });

  it("refuses the server when its certificate is not trusted", async () => {
    const server = await serverWithAll(20, tls);
    const { holder } = build((k) => server.url(k), { allowHttp: false });
    await holder.start();
    expect(statusOf(holder, "zal").loaded).toBe(false);
    expect(statusOf(holder, "zal").lastError).toMatch(/self[- ]signed|certificate/i);
  });
});

describe("list holder over files", () => {
  it("reads a file, skips an unchanged one and takes a newer version", async () => {
    const dir = mkdtempSync(path.join(tmp, "files-"));
    for (const k of LIST_KINDS) writeFileSync(path.join(dir, `${k}.xml`), XML_OF[k](3));
    const { holder, events } = build((k) => path.join(dir, `${k}.xml`));
    await holder.start();
    events.length = 0; // the first load announces each list as UPDATED
    expect(statusOf(holder, "ocl")).toMatchObject({ loaded: true, volgnummer: 3 });
    await holder.refresh();
    expect(events).toEqual([]);
    writeFileSync(path.join(dir, "ocl.xml"), XML_OF.ocl(4));
    utimesSync(path.join(dir, "ocl.xml"), new Date(), new Date(Date.now() + 5000));
    await holder.refresh("ocl");
    expect(holder.view.current().ocl?.volgnummer).toBe(4);
  });

  it("reports a missing file without throwing", async () => {
    const { holder } = build((k) => path.join(tmp, "nope", `${k}.xml`));
    await holder.start();
    expect(statusOf(holder, "gnl").lastError).toMatch(/cannot read .*ENOENT/);
  });
});
