/** What every gateway handler receives: clients, responder, CSRF tokens and the shared error pages. */
import { Code, createClient, type Client } from "@connectrpc/connect";
import { AuthorizationServer } from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import { ErrorDisposition } from "../../gen/medmij/errors/v1/errors_pb.js";
import { PgoClient } from "../../gen/medmij/pgo/v1/pgo_client_pb.js";
import type { Logger } from "../log.js";
import { CsrfTokens } from "./csrf.js";
import { DemoData } from "./demo-data.js";
import { dutchAdvice, dutchExplanation, failureOf } from "./failure.js";
import { html, page, type SafeHtml, type Site } from "./html.js";
import { HttpError } from "./http-io.js";
import { contentSecurityPolicy, Responder } from "./respond.js";
import type { GatewayOptions, HttpRequest, HttpResponse } from "./types.js";

export interface RequestContext {
  readonly req: HttpRequest;
  readonly res: HttpResponse;
  readonly url: URL;
}

export class Gateway {
  readonly respond: Responder;
  readonly csrf: CsrfTokens;
  readonly auth: Client<typeof AuthorizationServer>;
  readonly pgo: Client<typeof PgoClient>;
  readonly logger: Logger;
  readonly maxBody: number;
  readonly demo: DemoData;

  constructor(readonly options: GatewayOptions) {
    this.respond = new Responder(contentSecurityPolicy(options.demoMode, options.publicPort));
    this.csrf = new CsrfTokens(options.csrfSecret);
    this.auth = createClient(AuthorizationServer, options.transport);
    this.pgo = createClient(PgoClient, options.transport);
    this.logger = options.logger.child({ component: "gateway" });
    this.maxBody = options.maxBodyBytes ?? 16 * 1024;
    this.demo = new DemoData(options.demoDir);
  }

  /** `__Host-` cookies (Secure, Path=/, no Domain) outside demo mode. */
  cookieName(base: string): string {
    return this.options.secureCookies ? `__Host-${base}` : base;
  }

  /** A page the gateway itself decides on (bad request, unknown path…). */
  messagePage(ctx: RequestContext, site: Site, status: number, title: string, message: string, extra?: SafeHtml): void {
    const body = html`<h1>${title}</h1><p>${message}</p>${extra}`;
    this.respond.html(ctx.res, status, page({ site, title, body }));
  }

  /** Refusals raised while reading the request (HttpError) as a page. */
  httpErrorPage(ctx: RequestContext, site: Site, e: HttpError): void {
    const text: Record<number, [string, string]> = {
      400: ["Ongeldig verzoek", "Het verzoek kon niet worden gelezen."],
      403: ["Verzoek geweigerd", "Dit formulier is verlopen of komt niet van deze website. Ga terug en probeer het opnieuw."],
      405: ["Methode niet toegestaan", "Deze pagina ondersteunt deze methode niet."],
      413: ["Verzoek te groot", "Het verstuurde formulier is te groot."],
      415: ["Ongeldig formulier", "Het verzoek had niet de vorm van een formulier."],
    };
    const [title, message] = text[e.status] ?? ["Ongeldig verzoek", "Het verzoek kon niet worden verwerkt."];
    this.messagePage(ctx, site, e.status, title, message);
  }

  /**
   * An RPC failure in a browser flow: REDIRECT → 303 to the URL the core
   * built; anything else → an error page with the core's Dutch userMessage
   * (or our explanation of the OAuth error code).
   */
  failurePage(ctx: RequestContext, site: Site, e: unknown, opts: { title?: string; back?: SafeHtml } = {}): void {
    if (e instanceof HttpError) return this.httpErrorPage(ctx, site, e);
    const f = failureOf(e);
    this.logger.warn("request failed", {
      path: ctx.url.pathname,
      rpcStatus: Code[f.code],
      oauthError: f.error,
      disposition: ErrorDisposition[f.disposition],
    });
    if (f.disposition === ErrorDisposition.REDIRECT && f.oauth?.redirectUrl) {
      return this.respond.redirect(ctx.res, f.oauth.redirectUrl);
    }
    // The core's userMessage says what happened; without one, our explanation of the OAuth error does.
    const userMessage = f.oauth?.userMessage ?? "";
    const title = opts.title ?? "Er ging iets mis";
    const body = html`<h1>${title}</h1>
<div class="error">
<p>${userMessage || dutchExplanation(f.error)}</p>
${userMessage ? html`<p>${dutchAdvice(f.error, site === "pgo" ? "pgo" : "provider")}</p>` : ""}
</div>
<p class="muted">Foutcode: <code>${f.error}</code></p>
${opts.back}`;
    this.respond.html(ctx.res, f.status, page({ site, title, body }));
  }
}
