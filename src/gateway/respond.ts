/**
 * Every response of the gateway goes through here, so that every page, JSON
 * answer and redirect carries the same security headers.
 */
import { resOf } from "./http-io.js";
import type { HttpResponse } from "./types.js";

/**
 * Pages load nothing but our own stylesheet. Forms post to our own origin;
 * the redirects that follow a POST (to the provider's authorization
 * endpoint, back to the PGO's redirect URI) are also subject to
 * form-action, hence https: (any provider or PGO; the lists require https)
 * and, in demo mode only, the http://*.localhost demo hosts on our port.
 */
export function contentSecurityPolicy(demoMode: boolean, publicPort: number): string {
  const formAction = ["'self'", "https:"];
  if (demoMode) formAction.push(`http://*.localhost:${publicPort}`, `http://localhost:${publicPort}`);
  return [
    "default-src 'none'",
    "style-src 'self'",
    "img-src 'self'",
    `form-action ${formAction.join(" ")}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
}

export class Responder {
  constructor(private readonly csp: string) {}

  private common(res: HttpResponse, status: number): void {
    const r = resOf(res);
    r.statusCode = status;
    r.setHeader("Content-Security-Policy", this.csp);
    r.setHeader("X-Frame-Options", "DENY");
    r.setHeader("Referrer-Policy", "no-referrer");
    r.setHeader("Cache-Control", "no-store");
    r.setHeader("X-Content-Type-Options", "nosniff");
  }

  html(res: HttpResponse, status: number, body: string): void {
    this.common(res, status);
    resOf(res).setHeader("Content-Type", "text/html; charset=utf-8");
    resOf(res).end(body);
  }

  json(res: HttpResponse, status: number, body: unknown, contentType = "application/json; charset=utf-8"): void {
    this.common(res, status);
    const r = resOf(res);
    r.setHeader("Content-Type", contentType);
    r.setHeader("Pragma", "no-cache");
    r.end(JSON.stringify(body));
  }

  text(res: HttpResponse, status: number, contentType: string, body: string): void {
    this.common(res, status);
    resOf(res).setHeader("Content-Type", contentType);
    resOf(res).end(body);
  }

  /** 303 See Other: the browser follows with GET, and never re-posts a form (RFC 9700 §2.1). */
  redirect(res: HttpResponse, location: string): void {
    this.common(res, 303);
    const r = resOf(res);
    r.setHeader("Location", location);
    r.setHeader("Content-Type", "text/plain; charset=utf-8");
    r.end("See Other\n");
  }
}
