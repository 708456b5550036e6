/**
 * Runs createGateway on a real node:http server (port 0) over a
 * createRouterTransport stub of the services, and gives tests a small
 * client that never follows redirects.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createRouterTransport, type ConnectRouter } from "@connectrpc/connect";
import { createGateway, type GatewayOptions } from "../../../src/gateway/index.js";
import { createLogger } from "../../../src/log.js";

export interface Served {
  readonly base: string;
  readonly port: number;
  readonly logLines: string[];
  request(path: string, init?: RequestInit & { cookie?: string }): Promise<Response>;
  close(): Promise<void>;
}

export async function serveGateway(routes: (router: ConnectRouter) => void, options: Partial<GatewayOptions> = {}): Promise<Served> {
  const logLines: string[] = [];
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const handler = createGateway({
    transport: createRouterTransport(routes),
    logger: createLogger("debug", {}, (line) => logLines.push(line)),
    demoMode: true,
    publicPort: port,
    secureCookies: false,
    provider: true,
    pgo: true,
    ...options,
  });
  server.on("request", handler);
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    port,
    logLines,
    request: (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (init.cookie) headers.set("cookie", init.cookie);
      return fetch(base + path, { ...init, headers, redirect: "manual" });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** name=value of each Set-Cookie, for sending back. */
export function cookieHeader(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

export function setCookie(res: Response, name: string): string | undefined {
  return res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
}

/** The value of a hidden form field in a page. */
export function hiddenField(page: string, name: string): string | undefined {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(page);
  return m?.[1];
}

export function form(fields: Record<string, string | string[]>): { body: string; headers: Record<string, string> } {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
  return { body: p.toString(), headers: { "content-type": "application/x-www-form-urlencoded" } };
}

export function expectSecurityHeaders(res: Response): void {
  const csp = res.headers.get("content-security-policy") ?? "";
  if (!csp.includes("frame-ancestors 'none'") || !csp.includes("default-src 'none'")) throw new Error(`weak CSP: ${csp}`);
  const want: Record<string, string> = {
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  };
  for (const [k, v] of Object.entries(want)) {
    if (res.headers.get(k) !== v) throw new Error(`${k}: expected ${v}, got ${res.headers.get(k)}`);
  }
}
