/**
 * The PGO gateway's resource request (FLOW 14): a plain GET with the URL and
 * headers PrepareResourceRequest returned. `*.localhost` names resolve to
 * the loopback address (RFC 6761 §6.3) — Node's resolver may not know them.
 */
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import dns from "node:dns";

export interface FetchedResource {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export const loopbackForLocalhost: LookupFunction = (hostname, options, callback) => {
  const name = hostname.toLowerCase();
  if (name === "localhost" || name.endsWith(".localhost")) {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: "127.0.0.1", family: 4 }]);
    } else {
      callback(null, "127.0.0.1", 4);
    }
    return;
  }
  (dns.lookup as unknown as (h: string, o: unknown, cb: unknown) => void)(hostname, options, callback);
};

export function fetchResource(
  url: string,
  headers: readonly { name: string; value: string }[],
  opts: { timeoutMs: number; maxBytes: number },
): Promise<FetchedResource> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new Error("the resource URL is malformed"));
    }
    if (target.protocol !== "http:" && target.protocol !== "https:") return reject(new Error("the resource URL is not http(s)"));
    const outgoing: Record<string, string> = { accept: "application/fhir+json, application/json" };
    for (const h of headers) outgoing[h.name] = h.value;
    const lib = target.protocol === "https:" ? https : http;
    const req = lib.request(target, { method: "GET", headers: outgoing, lookup: loopbackForLocalhost, timeout: opts.timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > opts.maxBytes) {
          req.destroy(new Error("the resource response is too large"));
          return;
        }
        chunks.push(c);
      });
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error("the resource server did not answer in time")));
    req.on("error", reject);
    req.end();
  });
}
