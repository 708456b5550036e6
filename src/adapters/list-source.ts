/**
 * Where a list comes from: a local file or an https URL (plain http only
 * when explicitly allowed, for demos). Fetches are conditional (ETag /
 * Last-Modified for URLs, modification time and size for files), capped in
 * size and bounded in time. Redirects are not followed: a list URL that moves
 * is a configuration change, not something to follow silently.
 */
import { readFile, stat } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import path from "node:path";
import { rootCertificates } from "node:tls";
import { fileURLToPath } from "node:url";

export interface FetchConditions {
  readonly etag?: string | undefined;
  readonly lastModified?: string | undefined;
}

export type FetchResult =
  | { readonly kind: "not-modified" }
  | { readonly kind: "body"; readonly body: Buffer; readonly etag?: string | undefined; readonly lastModified?: string | undefined };

export interface ListSource {
  /** The file path or URL, as shown in the status. */
  readonly location: string;
  /** Resolves with the new body or "not-modified"; rejects with a plain-language Error (also when `signal` aborts). */
  fetch(conditions: FetchConditions, signal?: AbortSignal): Promise<FetchResult>;
}

export interface ListSourceOptions {
  readonly allowHttp: boolean;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Extra trusted CA certificates (PEM), added to Node's built-in roots. */
  readonly caPem?: string | undefined;
}

export class ListSourceConfigError extends Error {
  override name = "ListSourceConfigError";
}

export function createListSource(location: string, options: ListSourceOptions): ListSource {
  if (/^https?:\/\//i.test(location)) {
    const url = new URL(location);
    if (url.protocol === "http:" && !options.allowHttp) {
      throw new ListSourceConfigError(`list source ${location}: plain http is refused (use https, or LIST_ALLOW_HTTP=true for a demo)`);
    }
    return httpSource(url, options);
  }
  if (/^file:/i.test(location)) return fileSource(fileURLToPath(location), location, options);
  if (/^[a-z][a-z0-9+.-]+:/i.test(location)) {
    throw new ListSourceConfigError(`list source ${location}: only file paths and https URLs are supported`);
  }
  return fileSource(path.resolve(location), location, options);
}

function fileSource(file: string, location: string, options: ListSourceOptions): ListSource {
  return {
    location,
    async fetch(conditions) {
      const s = await stat(file).catch((e: NodeJS.ErrnoException) => {
        throw new Error(`cannot read ${file}: ${e.code ?? e.message}`);
      });
      if (!s.isFile()) throw new Error(`${file} is not a file`);
      if (s.size > options.maxBytes) throw new Error(`${file} is ${s.size} bytes, larger than the cap of ${options.maxBytes} bytes`);
      const etag = `"file-${s.size}-${Math.trunc(s.mtimeMs)}"`;
      if (conditions.etag === etag) return { kind: "not-modified" };
      const body = await readFile(file);
      if (body.byteLength > options.maxBytes) throw new Error(`${file} is larger than the cap of ${options.maxBytes} bytes`);
      return { kind: "body", body, etag };
    },
  };
}

function httpSource(url: URL, options: ListSourceOptions): ListSource {
  const ca = options.caPem ? [...rootCertificates, options.caPem] : undefined;
  return {
    location: url.toString(),
    fetch(conditions, signal) {
      return new Promise<FetchResult>((resolve, reject) => {
        if (signal?.aborted) return reject(new Error(`${url}: fetch cancelled`));
        const headers: Record<string, string> = { accept: "application/xml, text/xml", "user-agent": "medmij-oauth-lists" };
        if (conditions.etag) headers["if-none-match"] = conditions.etag;
        if (conditions.lastModified) headers["if-modified-since"] = conditions.lastModified;
        const requestOptions: https.RequestOptions = { method: "GET", headers, agent: false };
        if (url.protocol === "https:") Object.assign(requestOptions, { minVersion: "TLSv1.2", ...(ca ? { ca } : {}) });
        const req = (url.protocol === "https:" ? https : http).request(url, requestOptions, (res) => {
          const status = res.statusCode ?? 0;
          if (status === 304) {
            res.resume();
            return settle(() => resolve({ kind: "not-modified" }));
          }
          if (status !== 200) {
            res.resume();
            const where = status >= 300 && status < 400 && res.headers.location ? ` (redirect to ${res.headers.location} not followed)` : "";
            return settle(() => reject(new Error(`${url} answered HTTP ${status}${where}`)));
          }
          const declared = Number(res.headers["content-length"] ?? "0");
          if (declared > options.maxBytes) {
            req.destroy();
            return settle(() => reject(new Error(`${url} announces ${declared} bytes, larger than the cap of ${options.maxBytes} bytes`)));
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (chunk: Buffer) => {
            size += chunk.byteLength;
            if (size > options.maxBytes) {
              req.destroy();
              settle(() => reject(new Error(`${url} sent more than the cap of ${options.maxBytes} bytes`)));
              return;
            }
            chunks.push(chunk);
          });
          res.on("end", () =>
            settle(() =>
              resolve({
                kind: "body",
                body: Buffer.concat(chunks),
                etag: header(res.headers.etag),
                lastModified: header(res.headers["last-modified"]),
              }),
            ),
          );
          res.on("error", (e) => settle(() => reject(new Error(`${url}: ${e.message}`))));
        });
        let done = false;
        const timer = setTimeout(() => {
          settle(() => reject(new Error(`${url} did not answer within ${options.timeoutMs} ms`)));
          req.destroy();
        }, options.timeoutMs);
        timer.unref();
        function settle(f: () => void) {
          if (done) return;
          done = true;
          clearTimeout(timer);
          f();
        }
        const onAbort = () => {
          settle(() => reject(new Error(`${url}: fetch cancelled`)));
          req.destroy();
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        req.on("close", () => signal?.removeEventListener("abort", onAbort));
        req.on("error", (e) => settle(() => reject(new Error(`${url}: ${e.message}`))));
        req.end();
      });
    },
  };
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
