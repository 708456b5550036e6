import { afterEach, describe, expect, it } from "vitest";
import { Code } from "@connectrpc/connect";
import { AuthorizationServer, type ExchangeAuthorizationCodeRequest } from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import { oauthError } from "./support/oauth-error.js";
import { serveGateway, type Served } from "./support/serve-gateway.js";

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

const CODE = "c0de-value-that-must-never-be-logged";
const TOKEN = "t0ken-value-that-must-never-be-logged";

async function tokenServer(calls: ExchangeAuthorizationCodeRequest[]) {
  return serveGateway((r) =>
    r.service(AuthorizationServer, {
      exchangeAuthorizationCode: (req) => {
        calls.push(req);
        const code = req.parameters.find((p) => p.name === "code")?.value;
        if (code === "used") throw oauthError({ error: "invalid_grant", disposition: "respond", description: "the code was already used" });
        if (code === "wrong-client") {
          throw oauthError({ error: "invalid_client", disposition: "respond", httpStatus: 401, code: Code.Unauthenticated, description: "unknown client" });
        }
        return { accessToken: TOKEN, tokenType: "Bearer", expiresIn: 900n, scope: "demoziekenhuis" };
      },
    }),
  );
}

function expectTokenHeaders(res: Response) {
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(res.headers.get("cache-control")).toBe("no-store");
  expect(res.headers.get("pragma")).toBe("no-cache");
}

const params: [string, string][] = [
  ["grant_type", "authorization_code"],
  ["code", CODE],
  ["client_id", "pgo.localhost"],
  ["redirect_uri", "http://pgo.localhost:8080/pgo/callback"],
];

describe("POST /oauth/token", () => {
  it("takes a form body (RFC 6749 §4.1.3), passes it raw in order with the chain headers, and answers §5.1 JSON", async () => {
    const calls: ExchangeAuthorizationCodeRequest[] = [];
    served = await tokenServer(calls);
    const res = await served.request("/oauth/token", {
      method: "POST",
      body: new URLSearchParams(params).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded; charset=UTF-8", "MedMij-Request-ID": "req-1", "X-Correlation-ID": "corr-1" },
    });
    expect(res.status).toBe(200);
    expectTokenHeaders(res);
    expect(await res.json()).toEqual({ access_token: TOKEN, token_type: "Bearer", expires_in: 900, scope: "demoziekenhuis" });
    expect(calls[0]!.parameters.map((p) => [p.name, p.value])).toEqual(params);
    expect(calls[0]).toMatchObject({ requestId: "req-1", correlationId: "corr-1" });
    const log = served.logLines.join("\n");
    expect(log).toContain("req-1");
    expect(log).toContain("corr-1");
    expect(log).not.toContain(CODE);
    expect(log).not.toContain(TOKEN);
  });

  it("takes a JSON body (the seed's client) and query parameters (the MedMij 2.2 example)", async () => {
    const calls: ExchangeAuthorizationCodeRequest[] = [];
    served = await tokenServer(calls);
    const json = await served.request("/oauth/token", {
      method: "POST",
      body: JSON.stringify(Object.fromEntries(params)),
      headers: { "content-type": "application/json" },
    });
    expect(json.status).toBe(200);
    expectTokenHeaders(json);
    const query = await served.request(`/oauth/token?${new URLSearchParams(params).toString()}`, { method: "POST" });
    expect(query.status).toBe(200);
    expect(calls.map((c) => c.parameters.map((p) => [p.name, p.value]))).toEqual([params, params]);
  });

  it("passes query and body parameters together, so that the core can refuse one given twice", async () => {
    const calls: ExchangeAuthorizationCodeRequest[] = [];
    served = await tokenServer(calls);
    await served.request("/oauth/token?code=q", { method: "POST", body: "code=b", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(calls[0]!.parameters.map((p) => [p.name, p.value])).toEqual([
      ["code", "q"],
      ["code", "b"],
    ]);
  });

  it("answers a used code with 400 invalid_grant (§5.2)", async () => {
    served = await tokenServer([]);
    const res = await served.request("/oauth/token", { method: "POST", body: "grant_type=authorization_code&code=used", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(400);
    expectTokenHeaders(res);
    expect(await res.json()).toEqual({ error: "invalid_grant", error_description: "the code was already used" });
  });

  it("answers invalid_client with 401 and WWW-Authenticate", async () => {
    served = await tokenServer([]);
    const res = await served.request("/oauth/token", { method: "POST", body: "code=wrong-client", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    expect(((await res.json()) as { error: string }).error).toBe("invalid_client");
  });

  it("refuses malformed input with a clear 400 JSON, never a crash", async () => {
    const calls: ExchangeAuthorizationCodeRequest[] = [];
    served = await tokenServer(calls);
    const post = (body: string, type: string) => served!.request("/oauth/token", { method: "POST", body, headers: { "content-type": type } });
    for (const [body, type, text] of [
      ["{not json", "application/json", "malformed"],
      ["[1,2]", "application/json", "object"],
      ['{"code":{"a":1}}', "application/json", "must be a string"],
      ["<xml/>", "text/xml", "Content-Type"],
    ] as const) {
      const res = await post(body, type);
      expect(res.status).toBe(400);
      expectTokenHeaders(res);
      const json = (await res.json()) as { error: string; error_description: string };
      expect(json.error).toBe("invalid_request");
      expect(json.error_description).toContain(text);
    }
    const bad = await served.request("/oauth/token", { method: "POST", body: Buffer.from([0x63, 0x3d, 0xff, 0xfe]), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(bad.status).toBe(400);
    expect(calls).toEqual([]);
  });

  it("refuses an oversized body with 413, also when it arrives without Content-Length", async () => {
    served = await tokenServer([]);
    const fixed = await served.request("/oauth/token", { method: "POST", body: "code=" + "x".repeat(40_000), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(fixed.status).toBe(413);
    expect(((await fixed.json()) as { error: string }).error).toBe("invalid_request");
    const chunk = new TextEncoder().encode("x".repeat(8 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 4) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const chunked = await served.request("/oauth/token", {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("accepts POST only", async () => {
    served = await tokenServer([]);
    const res = await served.request("/oauth/token?code=x");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expectTokenHeaders(res);
  });

  it("answers 500 server_error when the core fails without an OAuth detail", async () => {
    served = await serveGateway((r) =>
      r.service(AuthorizationServer, {
        exchangeAuthorizationCode: () => {
          throw new Error("boom");
        },
      }),
    );
    const res = await served.request("/oauth/token", { method: "POST", body: "code=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: "server_error" });
  });
});
