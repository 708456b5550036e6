/**
 * Small request/response helpers that work for both node:http and
 * node:http2 compatibility objects (the gateway is a connect-node fallback
 * handler, so it may see either).
 */
import type { HttpRequest, HttpResponse } from "./types.js";

/** An HTTP-level refusal (bad body, wrong method) raised while reading a request. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

/** The subset of ServerResponse / Http2ServerResponse the gateway uses. */
interface ResLike {
  statusCode: number;
  readonly headersSent: boolean;
  setHeader(name: string, value: string | readonly string[]): unknown;
  getHeader(name: string): unknown;
  removeHeader(name: string): unknown;
  end(body?: string | Buffer): unknown;
}

export function resOf(res: HttpResponse): ResLike {
  return res as unknown as ResLike;
}

export function header(req: HttpRequest, name: string): string | undefined {
  const v = (req.headers as Record<string, string | string[] | undefined>)[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** The Host the browser used (HTTP/2: :authority). */
export function requestHost(req: HttpRequest): string {
  return header(req, ":authority") ?? header(req, "host") ?? "localhost";
}

/** The request URL; undefined when it cannot be parsed. */
export function requestUrl(req: HttpRequest): URL | undefined {
  try {
    const host = requestHost(req);
    const base = new URL(`http://${/^[A-Za-z0-9.\-:[\]]+$/.test(host) ? host : "localhost"}`);
    const raw = req.url ?? "/";
    // Only origin-form targets: "//evil/x" or absolute URLs must not change the origin.
    if (!raw.startsWith("/") || raw.startsWith("//")) return undefined;
    return new URL(raw, base);
  } catch {
    return undefined;
  }
}

export type Param = { name: string; value: string };

/** Parameters of a query string or form body, raw and in order. */
export function paramsOf(search: URLSearchParams): Param[] {
  return [...search].map(([name, value]) => ({ name, value }));
}

/** Cookie header → the first value of each cookie name. */
export function cookies(req: HttpRequest): Map<string, string> {
  const out = new Map<string, string>();
  const raw = (req.headers as Record<string, string | string[] | undefined>)["cookie"];
  const lines = Array.isArray(raw) ? raw : raw ? [raw] : [];
  for (const line of lines) {
    for (const part of line.split(";")) {
      const eq = part.indexOf("=");
      if (eq <= 0) continue;
      const name = part.slice(0, eq).trim();
      const value = part.slice(eq + 1).trim();
      if (!out.has(name)) out.set(name, value);
    }
  }
  return out;
}

/** The media type of Content-Type, lower case, without parameters. */
export function mediaType(req: HttpRequest): string {
  return (header(req, "content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}

const DRAIN_LIMIT = 1024 * 1024;

/**
 * Reads the request body as UTF-8, refusing more than `limit` bytes (413)
 * and invalid UTF-8 (400). An oversized body is drained (up to 1 MiB, then
 * the connection is dropped) so the refusal can still be delivered.
 */
export async function readBody(req: HttpRequest, limit: number): Promise<string> {
  const declared = header(req, "content-length");
  if (declared !== undefined && /^\d+$/.test(declared) && Number(declared) > limit) {
    throw new HttpError(413, `request body larger than ${limit} bytes`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of req as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    size += buf.length;
    if (size > limit) {
      tooLarge = true;
      if (size > DRAIN_LIMIT) {
        (req as unknown as { destroy(): void }).destroy();
        break;
      }
      continue;
    }
    chunks.push(buf);
  }
  if (tooLarge) throw new HttpError(413, `request body larger than ${limit} bytes`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new HttpError(400, "request body is not valid UTF-8");
  }
}

/** Reads an application/x-www-form-urlencoded body (400 for any other type). */
export async function readForm(req: HttpRequest, limit: number): Promise<URLSearchParams> {
  const type = mediaType(req);
  if (type !== "application/x-www-form-urlencoded") {
    throw new HttpError(415, "expected an application/x-www-form-urlencoded form");
  }
  return new URLSearchParams(await readBody(req, limit));
}

export interface CookieInit {
  readonly maxAgeSeconds?: number;
  readonly secure: boolean;
  readonly path?: string;
}

export function serializeCookie(name: string, value: string, init: CookieInit): string {
  const parts = [`${name}=${value}`, `Path=${init.path ?? "/"}`, "HttpOnly", "SameSite=Lax"];
  if (init.maxAgeSeconds !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(init.maxAgeSeconds))}`);
  if (init.secure) parts.push("Secure");
  return parts.join("; ");
}

export function appendSetCookie(res: HttpResponse, cookie: string): void {
  const r = resOf(res);
  const prev = r.getHeader("set-cookie");
  const list = Array.isArray(prev) ? (prev as string[]) : typeof prev === "string" ? [prev] : [];
  r.setHeader("Set-Cookie", [...list, cookie]);
}
