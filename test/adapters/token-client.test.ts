import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpTokenClient } from "../../src/adapters/token-client/http-token-client.js";
import { makeTestPki, type TestPki } from "./token-client-tls-fixture.js";

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const seen: Seen[] = [];
function handler(req: http.IncomingMessage, res: http.ServerResponse) {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
    if (req.url === "/slow") return; // never answers
    if (req.url === "/big") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("x".repeat(200_000));
      return;
    }
    if (req.url === "/redirect") {
      res.writeHead(302, { location: "https://elsewhere.example/token" });
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ access_token: "abc", token_type: "Bearer" }));
  });
}

let plain: http.Server;
let secure: https.Server;
let pki: TestPki;
let plainPort: number;
let securePort: number;

beforeAll(async () => {
  pki = makeTestPki("tokens.localhost");
  plain = http.createServer(handler);
  secure = https.createServer({ key: pki.key, cert: pki.cert }, handler);
  await new Promise<void>((r) => plain.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => secure.listen(0, "127.0.0.1", r));
  plainPort = (plain.address() as AddressInfo).port;
  securePort = (secure.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const s of [plain, secure]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  pki.cleanup();
});

const form = { grant_type: "authorization_code", code: "a b&c=d", client_id: "pgo.localhost" };

describe("http token client (FLOW 12 transport)", () => {
  it("POSTs the form url-encoded with the given headers, and resolves *.localhost itself", async () => {
    const client = createHttpTokenClient({ allowHttpToLocalhost: true });
    const res = await client.post({
      url: new URL(`http://dva.localhost:${plainPort}/oauth/token`),
      form,
      headers: { "MedMij-Request-ID": "r-1", "X-Correlation-ID": "c-1" },
      timeoutMs: 5000,
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ access_token: "abc", token_type: "Bearer" });
    const last = seen[seen.length - 1]!;
    expect(last.method).toBe("POST");
    expect(last.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(last.headers["medmij-request-id"]).toBe("r-1");
    expect(last.headers["x-correlation-id"]).toBe("c-1");
    expect(Object.fromEntries(new URLSearchParams(last.body))).toEqual(form);
  });

  it("refuses plain http outside demo mode, and to hosts other than *.localhost", async () => {
    const strict = createHttpTokenClient({ allowHttpToLocalhost: false });
    await expect(strict.post({ url: new URL(`http://dva.localhost:${plainPort}/x`), form, headers: {}, timeoutMs: 1000 })).rejects.toMatchObject({ reason: "TOKEN_ENDPOINT_NOT_HTTPS" });
    const demo = createHttpTokenClient({ allowHttpToLocalhost: true });
    await expect(demo.post({ url: new URL(`http://127.0.0.1:${plainPort}/x`), form, headers: {}, timeoutMs: 1000 })).rejects.toMatchObject({ reason: "TOKEN_ENDPOINT_NOT_HTTPS" });
  });

  it("gives up at the deadline without retrying", async () => {
    const before = seen.filter((s) => s.url === "/slow").length;
    const client = createHttpTokenClient({ allowHttpToLocalhost: true });
    await expect(client.post({ url: new URL(`http://dva.localhost:${plainPort}/slow`), form, headers: {}, timeoutMs: 150 })).rejects.toMatchObject({
      reason: "TOKEN_ENDPOINT_TIMEOUT",
      kind: "deadline_exceeded",
    });
    expect(seen.filter((s) => s.url === "/slow").length).toBe(before + 1);
  });

  it("refuses an oversized answer, does not follow redirects, and reports refused connections", async () => {
    const client = createHttpTokenClient({ allowHttpToLocalhost: true, maxResponseBytes: 1024 });
    await expect(client.post({ url: new URL(`http://dva.localhost:${plainPort}/big`), form, headers: {}, timeoutMs: 5000 })).rejects.toMatchObject({ reason: "TOKEN_RESPONSE_TOO_LARGE" });
    expect((await client.post({ url: new URL(`http://dva.localhost:${plainPort}/redirect`), form, headers: {}, timeoutMs: 5000 })).status).toBe(302);
    await expect(client.post({ url: new URL("http://dva.localhost:1/x"), form, headers: {}, timeoutMs: 5000 })).rejects.toMatchObject({ reason: "TOKEN_ENDPOINT_UNREACHABLE", kind: "unavailable" });
  });

  it("verifies TLS: trusts an openssl-made CA only through caFile, and checks the hostname", async () => {
    const url = new URL(`https://tokens.localhost:${securePort}/oauth/token`);
    const trusting = createHttpTokenClient({ allowHttpToLocalhost: false, caFile: pki.caFile });
    expect((await trusting.post({ url, form, headers: {}, timeoutMs: 5000 })).status).toBe(200);

    const untrusting = createHttpTokenClient({ allowHttpToLocalhost: false });
    await expect(untrusting.post({ url, form, headers: {}, timeoutMs: 5000 })).rejects.toMatchObject({ reason: "TOKEN_ENDPOINT_TLS_ERROR" });

    const wrongHost = new URL(`https://other.localhost:${securePort}/oauth/token`);
    await expect(trusting.post({ url: wrongHost, form, headers: {}, timeoutMs: 5000 })).rejects.toMatchObject({ reason: "TOKEN_ENDPOINT_TLS_ERROR" });
  });
});
