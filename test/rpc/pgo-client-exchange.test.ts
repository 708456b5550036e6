/**
 * ExchangeAuthorizationCode over real HTTP (FLOW 12; the seed's
 * exchange_authorization_code): a well-behaved token endpoint that checks
 * what it receives, deliberately broken ones, a host off the Whitelist, and
 * https with an openssl-made certificate trusted through caFile.
 */
import { randomBytes, randomUUID } from "node:crypto";
import https from "node:https";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OauthErrorCode } from "../../gen/medmij/errors/v1/errors_pb.js";
import { createHttpTokenClient } from "../../src/adapters/token-client/http-token-client.js";
import { createRedisPgoSessionStore } from "../../src/stores/pgo/redis-pgo-session-store.js";
import { makeTestPki, type TestPki } from "../adapters/token-client-tls-fixture.js";
import { authorize, BROKEN, CLIENT_ID, failure, makeHarness, makeLists, REDIRECT_URI, TestTokenServer } from "./pgo-client-fixtures.js";

const server = new TestTokenServer();
beforeAll(() => server.start());
afterAll(() => server.stop());

const seenAt = (path: string) => server.seen.filter((s) => s.path === path).length;

describe("ExchangeAuthorizationCode against a well-behaved token endpoint", () => {
  it("POSTs the RFC 6749 form with PKCE and the MedMij headers, stores the token, and never returns or logs it", async () => {
    const h = makeHarness({ port: server.port });
    const { start, code } = await authorize(h, server);
    const res = await h.client.exchangeAuthorizationCode({ sessionId: start.sessionId });
    expect(res).toMatchObject({ sessionId: start.sessionId, scope: "demoziekenhuis~1", providerName: "demoziekenhuis@medmij", dataServiceIds: ["1"] });
    expect(timestampDate(res.expireTime!).getTime()).toBe(h.clock.now.getTime() + 900_000);

    const sent = server.seen[server.seen.length - 1]!;
    expect(sent.path).toBe("/oauth/token");
    expect(sent.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(sent.headers["x-correlation-id"]).toBe(start.correlationId);
    expect(sent.headers["medmij-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(sent.form).sort()).toEqual(["client_id", "code", "code_verifier", "grant_type", "redirect_uri"]);
    expect(sent.form).toMatchObject({ grant_type: "authorization_code", code, client_id: CLIENT_ID, redirect_uri: REDIRECT_URI });

    const token = (await h.client.prepareResourceRequest({ sessionId: start.sessionId })).headers.find((x) => x.name === "Authorization")!.value.slice(7);
    expect(JSON.stringify(res, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(token);
    const logs = h.logLines.join("\n");
    expect(logs).toContain("receive_token_response");
    for (const secret of [token, code, sent.form.code_verifier!]) expect(logs).not.toContain(secret);
  });

  it("presents a code at most once, even to concurrent callers", async () => {
    const h = makeHarness({ port: server.port });
    const { start } = await authorize(h, server);
    const before = seenAt("/oauth/token");
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => h.client.exchangeAuthorizationCode({ sessionId: start.sessionId })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(seenAt("/oauth/token")).toBe(before + 1);
    const again = await failure(h.client.exchangeAuthorizationCode({ sessionId: start.sessionId }));
    expect([again.code, again.info?.reason, again.oauth?.code]).toEqual([Code.FailedPrecondition, "CODE_ALREADY_PRESENTED", OauthErrorCode.INVALID_GRANT]);
  });

  it("refuses to exchange before a code arrived, and for an unknown session", async () => {
    const h = makeHarness({ port: server.port });
    const start = await h.client.startAuthorization({ providerName: "demoziekenhuis@medmij", dataServiceIds: ["1"] });
    expect((await failure(h.client.exchangeAuthorizationCode({ sessionId: start.sessionId }))).info?.reason).toBe("NO_AUTHORIZATION_CODE");
    expect((await failure(h.client.exchangeAuthorizationCode({ sessionId: "" }))).code).toBe(Code.InvalidArgument);
    const forged = start.sessionId.split(".")[0] + "." + "y".repeat(43);
    expect((await failure(h.client.exchangeAuthorizationCode({ sessionId: forged }))).code).toBe(Code.NotFound);
  });

  it("works the same with the Redis session store", async () => {
    const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
    const prefix = `test-pgo-rpc-${randomUUID()}`;
    try {
      const store = createRedisPgoSessionStore({ redis, keyPrefix: prefix, encryptionKey: randomBytes(32) });
      const h = makeHarness({ port: server.port, store });
      const { start } = await authorize(h, server);
      await h.client.exchangeAuthorizationCode({ sessionId: start.sessionId });
      expect((await h.client.prepareResourceRequest({ sessionId: start.sessionId })).url).toBe(`http://dva.localhost:${server.port}/fhir`);
      expect((await failure(h.client.exchangeAuthorizationCode({ sessionId: start.sessionId }))).info?.reason).toBe("CODE_ALREADY_PRESENTED");
    } finally {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });
});

describe("ExchangeAuthorizationCode against broken token endpoints", () => {
  const cases: [keyof typeof BROKEN, Code, string][] = [
    ["servererror", Code.Unavailable, "TOKEN_ENDPOINT_HTTP_ERROR"],
    ["fouttype", Code.FailedPrecondition, "TOKEN_TYPE_NOT_BEARER"],
    ["geentoken", Code.FailedPrecondition, "ACCESS_TOKEN_MISSING"],
    ["geenjson", Code.FailedPrecondition, "TOKEN_RESPONSE_NOT_JSON"],
    ["weigert", Code.FailedPrecondition, "PROVIDER_INVALID_GRANT"],
    ["raar", Code.FailedPrecondition, "PROVIDER_UNKNOWN_ERROR"],
    ["traag", Code.DeadlineExceeded, "TOKEN_ENDPOINT_TIMEOUT"],
  ];

  it.each(cases)("%s: answers %s / %s, tries once, and ends the flow", async (name, code, reason) => {
    const h = makeHarness({ port: server.port, settings: { tokenTimeoutMs: 300 } });
    const { start } = await authorize(h, server, `${name}@medmij`);
    const before = seenAt(BROKEN[name]);
    const f = await failure(h.client.exchangeAuthorizationCode({ sessionId: start.sessionId }));
    expect([f.code, f.info?.reason]).toEqual([code, reason]);
    expect(f.oauth?.userMessage).toMatch(/zorgaanbieder|toestemming/i);
    expect(seenAt(BROKEN[name])).toBe(before + 1);
    // No automatic retry, and the code is not presented again.
    const again = await failure(h.client.exchangeAuthorizationCode({ sessionId: start.sessionId }));
    expect(again.info?.reason).toBe("CODE_ALREADY_PRESENTED");
    expect(seenAt(BROKEN[name])).toBe(before + 1);
    expect((await failure(h.client.prepareResourceRequest({ sessionId: start.sessionId }))).info?.reason).toBe("NO_ACCESS_TOKEN");
  });

  it("refuses, before sending, a token endpoint whose host left the Whitelist", async () => {
    const h = makeHarness({ port: server.port, lists: makeLists(["evil.localhost"]) });
    const { start } = await authorize(h, server, "nietgewhitelist@medmij");
    h.lists.snapshot = makeLists();
    const total = server.seen.length;
    const f = await failure(h.client.exchangeAuthorizationCode({ sessionId: start.sessionId }));
    expect([f.code, f.info?.reason, f.info?.metadata.host]).toEqual([Code.FailedPrecondition, "TOKEN_ENDPOINT_NOT_WHITELISTED", "evil.localhost"]);
    expect(server.seen.length).toBe(total);
  });

  it("sends the code only to this session's own token endpoint (mix-up defence)", async () => {
    const h = makeHarness({ port: server.port });
    const { start } = await authorize(h, server);
    // The ZAL now points the provider elsewhere: the code issued by the old server must not go there.
    const moved = makeLists();
    const zal = moved.zal!;
    const demo = zal.providerByName.get("demoziekenhuis@medmij")!;
    const redirected = { ...demo.dataServices[0]!, tokenEndpointUri: "https://dva.localhost/broken/500" };
    (demo.dataServiceById as Map<string, typeof redirected>).set("1", redirected);
    h.lists.snapshot = moved;
    const total = server.seen.length;
    const f = await failure(h.client.exchangeAuthorizationCode({ sessionId: start.sessionId }));
    expect([f.code, f.info?.reason]).toEqual([Code.FailedPrecondition, "TOKEN_ENDPOINT_CHANGED"]);
    expect(server.seen.length).toBe(total);
  });
});

describe("ExchangeAuthorizationCode over https (no demo rewriting)", () => {
  let pki: TestPki;
  const tls = new TestTokenServer();
  beforeAll(async () => {
    pki = makeTestPki("tokens.localhost");
    await tls.start((h) => https.createServer({ key: pki.key, cert: pki.cert }, h));
  });
  afterAll(async () => {
    await tls.stop();
    pki.cleanup();
  });

  it("verifies the certificate against caFile and exchanges the code", async () => {
    const lists = makeLists([], `tokens.localhost:${tls.port}`);
    const h = makeHarness({
      lists: { ...lists, whitelist: makeLists(["tokens.localhost"]).whitelist! },
      settings: { endpoints: { rewriteLocalhost: false, port: 8080 } },
      tokenClient: createHttpTokenClient({ allowHttpToLocalhost: false, caFile: pki.caFile }),
    });
    const { start } = await authorize(h, tls, "httpsziekenhuis@medmij");
    expect(start.authorizationUrl.startsWith(`https://tokens.localhost:${tls.port}/oauth/authorize?`)).toBe(true);
    await h.client.exchangeAuthorizationCode({ sessionId: start.sessionId });
    expect((await h.client.prepareResourceRequest({ sessionId: start.sessionId })).url).toBe(`https://tokens.localhost:${tls.port}/fhir`);
  });

  it("refuses a certificate it cannot verify (no caFile), without retrying", async () => {
    const lists = makeLists([], `tokens.localhost:${tls.port}`);
    const h = makeHarness({
      lists: { ...lists, whitelist: makeLists(["tokens.localhost"]).whitelist! },
      settings: { endpoints: { rewriteLocalhost: false, port: 8080 } },
      tokenClient: createHttpTokenClient({ allowHttpToLocalhost: false }),
    });
    const { start } = await authorize(h, tls, "httpsziekenhuis@medmij");
    const total = tls.seen.length;
    const f = await failure(h.client.exchangeAuthorizationCode({ sessionId: start.sessionId }));
    expect([f.code, f.info?.reason]).toEqual([Code.Unavailable, "TOKEN_ENDPOINT_TLS_ERROR"]);
    expect(tls.seen.length).toBe(total);
  });
});
