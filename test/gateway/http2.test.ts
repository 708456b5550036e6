/** The gateway also answers over HTTP/2 (the service's port speaks h2c too). */
import http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createRouterTransport } from "@connectrpc/connect";
import { AuthorizationServer } from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import { createGateway } from "../../src/gateway/index.js";
import { silentLogger } from "../../src/log.js";
import { oauthError } from "./support/oauth-error.js";

let server: http2.Http2Server | undefined;
let client: http2.ClientHttp2Session | undefined;
afterEach(async () => {
  client?.close();
  if (server) await new Promise((r) => server!.close(r));
  server = client = undefined;
});

function h2request(path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; headers: http2.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = client!.request({ ":path": path, ":method": init.method ?? "GET", ":authority": "dva.localhost", ...init.headers });
    let headers: http2.IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    req.on("response", (h) => (headers = h));
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve({ status: Number(headers[":status"]), headers, body: Buffer.concat(chunks).toString("utf8") }));
    req.on("error", reject);
    req.end(init.body);
  });
}

describe("gateway over HTTP/2", () => {
  it("serves the landing page and the token endpoint", async () => {
    const transport = createRouterTransport((r) =>
      r.service(AuthorizationServer, {
        startAuthorization: () => ({ sessionId: "h2-session", landingPage: { title: "Inloggen", authenticationUrl: "/digid/mock/login" } }),
        exchangeAuthorizationCode: () => {
          throw oauthError({ error: "invalid_grant", disposition: "respond", description: "unknown code" });
        },
      }),
    );
    server = http2.createServer();
    server.on("request", createGateway({ transport, logger: silentLogger, demoMode: true, publicPort: 1, secureCookies: false, provider: true, pgo: true }));
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    client = http2.connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);

    const landing = await h2request("/oauth/authorize?client_id=pgo.localhost");
    expect(landing.status).toBe(200);
    expect(landing.headers["x-frame-options"]).toBe("DENY");
    expect(String(landing.headers["set-cookie"])).toContain("dva_session=h2-session; Path=/; HttpOnly; SameSite=Lax");
    expect(landing.body).toContain("<h1>Inloggen</h1>");

    const token = await h2request("/oauth/token", {
      method: "POST",
      body: "grant_type=authorization_code&code=zzz",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(token.status).toBe(400);
    expect(token.headers["cache-control"]).toBe("no-store");
    expect(JSON.parse(token.body)).toEqual({ error: "invalid_grant", error_description: "unknown code" });
  });
});
