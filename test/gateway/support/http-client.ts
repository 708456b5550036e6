/**
 * A plain HTTP client with a cookie jar, no browser: what a script needs to
 * walk the demo flow. `*.localhost` names go to the loopback address, as
 * browsers do.
 */
import http from "node:http";
import type { LookupFunction } from "node:net";

export interface HttpAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  readonly location: string | undefined;
}

const loopback: LookupFunction = (_host, options, callback) => {
  if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: object[]) => void)(null, [{ address: "127.0.0.1", family: 4 }]);
  else callback(null, "127.0.0.1", 4);
};

export class CookieJar {
  /** host → cookie name → value */
  private readonly jar = new Map<string, Map<string, string>>();

  store(host: string, setCookie: string[] | undefined): void {
    for (const line of setCookie ?? []) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const cookies = this.jar.get(host) ?? new Map<string, string>();
      const maxAge = attrs.map((a) => a.trim().toLowerCase()).find((a) => a.startsWith("max-age="));
      if (maxAge === "max-age=0") cookies.delete(name);
      else cookies.set(name, value);
      this.jar.set(host, cookies);
    }
  }

  header(host: string): string | undefined {
    const cookies = this.jar.get(host);
    if (!cookies || cookies.size === 0) return undefined;
    return [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  get(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name);
  }
}

export class HttpClient {
  readonly cookies = new CookieJar();

  request(url: string, init: { method?: string; form?: Record<string, string | string[]>; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
    const target = new URL(url);
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookies.header(target.hostname);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form)) for (const x of Array.isArray(v) ? v : [v]) p.append(k, x);
      body = p.toString();
      headers["content-type"] = "application/x-www-form-urlencoded";
      headers["content-length"] = String(Buffer.byteLength(body));
    }
    return new Promise((resolve, reject) => {
      const req = http.request(target, { method: init.method ?? (body ? "POST" : "GET"), headers, lookup: loopback }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          this.cookies.store(target.hostname, res.headers["set-cookie"]);
          const location = res.headers.location ? new URL(res.headers.location, target).toString() : undefined;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8"), location });
        });
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(body);
    });
  }
}

export function hidden(page: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(page);
  if (!m) throw new Error(`no hidden field ${name} in page`);
  return m[1]!.replace(/&amp;/g, "&");
}
