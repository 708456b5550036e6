import { afterEach, describe, expect, it } from "vitest";
import { expectSecurityHeaders, serveGateway, type Served } from "./support/serve-gateway.js";

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

describe("gateway routing and pages", () => {
  it("links the demo home page to the PGO on pgo.localhost at the public port", async () => {
    served = await serveGateway(() => {}, { publicPort: 8123 });
    const res = await served.request("/");
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    expect(await res.text()).toContain('href="http://pgo.localhost:8123/pgo/"');
  });

  it("sends a tight CSP that lets forms reach the demo hosts only in demo mode", async () => {
    served = await serveGateway(() => {}, { publicPort: 8123 });
    const csp = (await served.request("/")).headers.get("content-security-policy");
    expect(csp).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self' https: http://*.localhost:8123 http://localhost:8123; frame-ancestors 'none'; base-uri 'none'",
    );
  });

  it("serves its stylesheet and answers unknown paths and methods with pages carrying the same headers", async () => {
    served = await serveGateway(() => {});
    const css = await served.request("/assets/gateway.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    const missing = await served.request("/nope");
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing);
    expect(await missing.text()).toContain("Pagina niet gevonden");
    const wrong = await served.request("/oauth/authorize", { method: "DELETE" });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET");
    expectSecurityHeaders(wrong);
  });

  it("mounts only the gateways asked for", async () => {
    served = await serveGateway(() => {}, { provider: false });
    expect((await served.request("/oauth/authorize")).status).toBe(404);
    expect((await served.request("/oauth/token", { method: "POST" })).status).toBe(404);
    await served.close();
    served = await serveGateway(() => {}, { pgo: false });
    expect((await served.request("/pgo/")).status).toBe(404);
  });

  it("refuses an absolute-form or scheme-relative request target", async () => {
    served = await serveGateway(() => {});
    const res = await new Promise<number>((resolve, reject) => {
      import("node:http").then(({ request }) => {
        const req = request({ host: "127.0.0.1", port: served!.port, path: "//evil.example/pgo/", method: "GET" }, (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
    });
    expect(res).toBe(400);
  });
});
