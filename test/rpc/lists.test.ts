/**
 * The Lists service over an in-process router transport, on a real list
 * holder reading list files from a temporary directory.
 */
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Code, ConnectError, createClient, createRouterTransport, type Client } from "@connectrpc/connect";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { ErrorInfoSchema } from "../../gen/google/rpc/error_details_pb.js";
import { ListEvent, ListKind as PK, Lists } from "../../gen/medmij/lists/v1/lists_pb.js";
import { createListSource } from "../../src/adapters/list-source.js";
import { silentLogger } from "../../src/log.js";
import { LIST_KINDS, type ListKind } from "../../src/protocol/lists/model.js";
import { protocolErrorInterceptor } from "../../src/rpc/errors.js";
import { createListsService } from "../../src/rpc/lists.js";
import { ListHolder } from "../../src/stores/lists/list-holder.js";
import { createMemoryLastGoodStore } from "../../src/stores/lists/memory-last-good-store.js";
import { gnlXml, oclXml, whitelistXml, XML_OF, zalXml } from "../protocol/lists/list-documents.js";

const tmp = mkdtempSync(path.join(tmpdir(), "medmij-rpc-lists-"));
const holders: ListHolder[] = [];
afterEach(async () => {
  await Promise.all(holders.splice(0).map((h) => h.close()));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const PROVIDERS = Array.from({ length: 30 }, (_, i) => ({
  name: `${String.fromCharCode(97 + (i % 26))}${"x".repeat(1 + Math.floor(i / 26))}ziekenhuis@medmij`,
  services: i % 3 === 0 ? [{ id: "1" }, { id: "4" }] : [{ id: "1" }],
}));

async function setup(files: Partial<Record<ListKind, string | null>> = {}): Promise<{ client: Client<typeof Lists>; holder: ListHolder; dir: string }> {
  const dir = mkdtempSync(path.join(tmp, "l-"));
  const defaults: Record<ListKind, string> = {
    zal: zalXml({ volgnummer: 5, providers: PROVIDERS }),
    ocl: oclXml({ volgnummer: 6 }),
    gnl: gnlXml({ volgnummer: 7 }),
    whitelist: whitelistXml({ volgnummer: 8 }),
  };
  for (const k of LIST_KINDS) {
    const content = k in files ? files[k] : defaults[k];
    if (content !== null && content !== undefined) writeFileSync(path.join(dir, `${k}.xml`), content);
  }
  const sources = Object.fromEntries(LIST_KINDS.map((k) => [k, createListSource(path.join(dir, `${k}.xml`), { allowHttp: false, timeoutMs: 1000, maxBytes: 1 << 20 })]));
  const holder = new ListHolder({ sources: sources as never, lastGood: createMemoryLastGoodStore(), logger: silentLogger, now: () => new Date(), maxBytes: 1 << 20, refreshIntervalMs: 0 });
  holders.push(holder);
  await holder.start();
  const transport = createRouterTransport((router) => router.service(Lists, createListsService({ holder })), { router: { interceptors: [protocolErrorInterceptor] } });
  return { client: createClient(Lists, transport), holder, dir };
}

async function failure(p: Promise<unknown>): Promise<{ code: Code; reason: string | undefined; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = ConnectError.from(e);
    return { code: err.code, reason: err.findDetails(ErrorInfoSchema)[0]?.reason, message: err.rawMessage };
  }
  throw new Error("expected the call to fail");
}

async function next<T>(it: AsyncIterator<T>): Promise<T> {
  const r = await it.next();
  if (r.done) throw new Error("the stream ended");
  return r.value;
}

describe("GetProvider", () => {
  it("answers the provider with its endpoints and GNL display names, case-insensitively", async () => {
    const { client } = await setup({ zal: zalXml(), gnl: gnlXml() });
    const { provider } = await client.getProvider({ name: "HuisartsVoorbeeld@MedMij" });
    expect(provider?.name).toBe("huisartsvoorbeeld@medmij");
    expect(provider?.dataServices.map((d) => [d.id, d.displayName])).toEqual([
      ["1", "Basisgegevens Zorg"],
      ["4", "Laboratoriumresultaten"],
    ]);
    expect(provider?.dataServices[0]).toMatchObject({
      authorizationEndpointUri: "https://auth.dva-voorbeeld.nl/oauth/authorize",
      tokenEndpointUri: "https://auth.dva-voorbeeld.nl:8443/oauth/token",
      systemRoles: [expect.objectContaining({ code: "LAB-1.0.0-LRB-FHIR", resourceEndpointUri: "https://fhir.dva-voorbeeld.nl/fhir" })],
    });
  });

  it("answers NOT_FOUND for a provider that is not on the list", async () => {
    const { client } = await setup();
    expect(await failure(client.getProvider({ name: "onbekend@medmij" }))).toMatchObject({ code: Code.NotFound, reason: "PROVIDER_NOT_FOUND" });
  });

  it("answers INVALID_ARGUMENT for an empty or malformed name", async () => {
    const { client } = await setup();
    expect(await failure(client.getProvider({ name: "" }))).toMatchObject({ code: Code.InvalidArgument, reason: "PROVIDER_NAME_MISSING" });
    expect(await failure(client.getProvider({ name: "huisarts-1@medmij" }))).toMatchObject({ code: Code.InvalidArgument, reason: "PROVIDER_NAME_MALFORMED" });
  });

  it("answers UNAVAILABLE with a clear message while the ZAL is not loaded", async () => {
    const { client } = await setup({ zal: null });
    const f = await failure(client.getProvider({ name: "huisarts@medmij" }));
    expect(f).toMatchObject({ code: Code.Unavailable, reason: "LIST_NOT_LOADED" });
    expect(f.message).toMatch(/Zorgaanbiederslijst is not loaded/);
  });
});

describe("ListProviders", () => {
  it("pages through all providers in name order", async () => {
    const { client } = await setup();
    const names: string[] = [];
    let pageToken = "";
    do {
      const page = await client.listProviders({ pageSize: 7, pageToken });
      expect(page.providers.length).toBeLessThanOrEqual(7);
      names.push(...page.providers.map((p) => p.name));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(names).toEqual(PROVIDERS.map((p) => p.name).sort());
  });

  it("filters by gegevensdienst", async () => {
    const { client } = await setup();
    const page = await client.listProviders({ dataServiceId: "4", pageSize: 100 });
    expect(page.providers).toHaveLength(10);
    expect(page.providers.every((p) => p.dataServices.some((d) => d.id === "4"))).toBe(true);
    expect(page.nextPageToken).toBe("");
  });

  it("refuses a negative page size and a page token it did not give out", async () => {
    const { client } = await setup();
    expect(await failure(client.listProviders({ pageSize: -1 }))).toMatchObject({ code: Code.InvalidArgument, reason: "PAGE_SIZE_NEGATIVE" });
    expect(await failure(client.listProviders({ pageToken: "bm9wZQ" }))).toMatchObject({ code: Code.InvalidArgument, reason: "PAGE_TOKEN_INVALID" });
    expect(await failure(client.listProviders({ dataServiceId: "x".repeat(31) }))).toMatchObject({ code: Code.InvalidArgument });
  });
});

describe("GetOAuthClient", () => {
  it("answers the client, case-insensitively", async () => {
    const { client } = await setup();
    expect((await client.getOAuthClient({ hostname: "PGO.VoorbeeldPGO.nl" })).client).toMatchObject({ hostname: "pgo.voorbeeldpgo.nl", organisationName: "Voorbeeld PGO" });
  });
  it("answers NOT_FOUND for an unknown client and INVALID_ARGUMENT for a malformed hostname", async () => {
    const { client } = await setup();
    expect(await failure(client.getOAuthClient({ hostname: "evil.example.nl" }))).toMatchObject({ code: Code.NotFound, reason: "UNKNOWN_CLIENT" });
    expect(await failure(client.getOAuthClient({ hostname: "pgo.example.nl:443" }))).toMatchObject({ code: Code.InvalidArgument, reason: "HOSTNAME_MALFORMED" });
    expect(await failure(client.getOAuthClient({ hostname: "" }))).toMatchObject({ code: Code.InvalidArgument, reason: "HOSTNAME_MISSING" });
  });
  it("answers UNAVAILABLE while the OCL is not loaded", async () => {
    const { client } = await setup({ ocl: "<broken" });
    expect(await failure(client.getOAuthClient({ hostname: "pgo.voorbeeldpgo.nl" }))).toMatchObject({ code: Code.Unavailable, reason: "LIST_NOT_LOADED" });
  });
});

describe("GetDataServiceNames", () => {
  it("answers all names ordered by id, or the ones asked in the order asked, leaving out unknown ids", async () => {
    const { client } = await setup({ gnl: gnlXml({ names: [["49", "Huisartsgegevens"], ["4", "Laboratoriumresultaten"], ["1", "Basisgegevens Zorg"]] }) });
    expect((await client.getDataServiceNames({})).names.map((n) => n.id)).toEqual(["1", "4", "49"]);
    expect((await client.getDataServiceNames({ ids: ["49", "99", "1"] })).names.map((n) => [n.id, n.displayName])).toEqual([
      ["49", "Huisartsgegevens"],
      ["1", "Basisgegevens Zorg"],
    ]);
  });
  it("refuses an empty id", async () => {
    const { client } = await setup();
    expect(await failure(client.getDataServiceNames({ ids: ["1", ""] }))).toMatchObject({ code: Code.InvalidArgument, reason: "DATA_SERVICE_ID_MALFORMED" });
  });
});

describe("CheckWhitelist", () => {
  it("answers whether a hostname is a MedMij node, case-insensitively", async () => {
    const { client } = await setup();
    expect((await client.checkWhitelist({ hostname: "Auth.DVA-voorbeeld.nl" })).whitelisted).toBe(true);
    expect((await client.checkWhitelist({ hostname: "evil.example.nl" })).whitelisted).toBe(false);
    expect(await failure(client.checkWhitelist({ hostname: "not a host" }))).toMatchObject({ code: Code.InvalidArgument });
  });
  it("answers UNAVAILABLE while the Whitelist is not loaded", async () => {
    const { client } = await setup({ whitelist: null });
    expect(await failure(client.checkWhitelist({ hostname: "a.example.nl" }))).toMatchObject({ code: Code.Unavailable, reason: "LIST_NOT_LOADED" });
  });
});

describe("GetListStatus", () => {
  it("answers one status per list in ListKind order, with the refusal reason when there is one", async () => {
    const { client, dir, holder } = await setup();
    writeFileSync(path.join(dir, "gnl.xml"), XML_OF.gnl(3));
    await holder.refresh("gnl");
    const { lists } = await client.getListStatus({});
    expect(lists.map((l) => l.kind)).toEqual([PK.ZORGAANBIEDERSLIJST, PK.OAUTH_CLIENT_LIST, PK.GEGEVENSDIENSTNAMENLIJST, PK.WHITELIST]);
    expect(lists[0]).toMatchObject({ loaded: true, sequenceNumber: 5n, entryCount: 30n, source: path.join(dir, "zal.xml"), lastError: "" });
    expect(lists[0]!.publishTime?.seconds).toBe(BigInt(Date.UTC(2024, 2, 1, 9) / 1000));
    expect(lists[0]!.fetchTime).toBeDefined();
    expect(lists[2]).toMatchObject({ loaded: true, sequenceNumber: 7n, lastError: "Volgnummer 3 is lower than the loaded 7" });
  });
  it("shows a list that never loaded", async () => {
    const { client } = await setup({ whitelist: null });
    const wl = (await client.getListStatus({})).lists[3]!;
    expect(wl).toMatchObject({ loaded: false, sequenceNumber: 0n, entryCount: 0n });
    expect(wl.lastError).toMatch(/ENOENT/);
  });
});

describe("WatchLists", () => {
  it("sends CURRENT for each list, then UPDATED and REFUSED as they happen, until the client cancels", async () => {
    const { client, dir, holder } = await setup();
    const abort = new AbortController();
    const stream = client.watchLists({}, { signal: abort.signal })[Symbol.asyncIterator]();
    const current = [await next(stream), await next(stream), await next(stream), await next(stream)];
    expect(current.map((c) => [c.event, c.status?.kind])).toEqual([
      [ListEvent.CURRENT, PK.ZORGAANBIEDERSLIJST],
      [ListEvent.CURRENT, PK.OAUTH_CLIENT_LIST],
      [ListEvent.CURRENT, PK.GEGEVENSDIENSTNAMENLIJST],
      [ListEvent.CURRENT, PK.WHITELIST],
    ]);
    writeFileSync(path.join(dir, "ocl.xml"), XML_OF.ocl(60));
    await holder.refresh("ocl");
    const updated = await next(stream);
    expect(updated).toMatchObject({ event: ListEvent.UPDATED, status: expect.objectContaining({ kind: PK.OAUTH_CLIENT_LIST, sequenceNumber: 60n }) });
    writeFileSync(path.join(dir, "ocl.xml"), "<OAuthclientlist/>");
    await holder.refresh("ocl");
    const refused = await next(stream);
    expect(refused.event).toBe(ListEvent.REFUSED);
    expect(refused.status?.lastError).toMatch(/namespace/);
    abort.abort();
    await expect(stream.next()).rejects.toMatchObject({ code: Code.Canceled });
  });

  it("follows only the kinds asked for", async () => {
    const { client, dir, holder } = await setup();
    const abort = new AbortController();
    const stream = client.watchLists({ kinds: [PK.WHITELIST] }, { signal: abort.signal })[Symbol.asyncIterator]();
    expect((await next(stream)).status?.kind).toBe(PK.WHITELIST);
    writeFileSync(path.join(dir, "gnl.xml"), XML_OF.gnl(90));
    await holder.refresh("gnl");
    writeFileSync(path.join(dir, "whitelist.xml"), XML_OF.whitelist(91));
    await holder.refresh("whitelist");
    expect(await next(stream)).toMatchObject({ event: ListEvent.UPDATED, status: expect.objectContaining({ kind: PK.WHITELIST, sequenceNumber: 91n }) });
    abort.abort();
  });

  it("ends when the holder closes", async () => {
    const { client, holder } = await setup();
    const stream = client.watchLists({ kinds: [PK.ZORGAANBIEDERSLIJST] })[Symbol.asyncIterator]();
    expect((await next(stream)).event).toBe(ListEvent.CURRENT);
    await holder.close();
    expect((await stream.next()).done).toBe(true);
  });

  it("refuses an unspecified kind", async () => {
    const { client } = await setup();
    const stream = client.watchLists({ kinds: [PK.UNSPECIFIED] })[Symbol.asyncIterator]();
    expect(await failure(stream.next())).toMatchObject({ code: Code.InvalidArgument, reason: "LIST_KIND_INVALID" });
  });

  it("keeps answering from the loaded copy after the source file disappears", async () => {
    const { client, dir, holder } = await setup();
    unlinkSync(path.join(dir, "ocl.xml"));
    await holder.refresh("ocl");
    expect((await client.getOAuthClient({ hostname: "pgo.voorbeeldpgo.nl" })).client?.organisationName).toBe("Voorbeeld PGO");
  });
});
