/**
 * The HTTP gateways (provider side, PGO side, demo pages) as one request
 * handler. They reach the core only through generated clients over
 * `transport`, so they can run in another process: each browser hop is
 * parsed, turned into one RPC (two or three where a hop spans steps), and
 * the answer rendered. No protocol rule lives here.
 *
 * Provider:  GET /oauth/authorize, GET|POST /oauth/consent, POST /oauth/token,
 *            demo mode: GET|POST /digid/mock/login, GET /fhir[/<Type>]
 * PGO:       GET /pgo/, POST /pgo/start, GET /pgo/callback, GET /pgo/data
 * Always:    GET /assets/gateway.css; demo mode: GET / (links to the PGO)
 */
import { GATEWAY_CSS } from "./assets.js";
import { Gateway, type RequestContext } from "./context.js";
import { html, page } from "./html.js";
import { requestUrl, resOf } from "./http-io.js";
import { showMockLogin, submitMockLogin } from "./mock-digid.js";
import { callback, listProviders, showData, startFlow } from "./pgo-pages.js";
import { authorize, decideConsent, showConsent } from "./provider-pages.js";
import { resourceServer } from "./resource-server.js";
import { tokenEndpoint } from "./token-endpoint.js";
import type { GatewayOptions, HttpHandler } from "./types.js";

export type { GatewayOptions, HttpHandler, HttpRequest, HttpResponse } from "./types.js";

type Route = (gw: Gateway, ctx: RequestContext) => void | Promise<void>;

function routes(options: GatewayOptions): Map<string, Route> {
  const r = new Map<string, Route>();
  r.set("GET /assets/gateway.css", (gw, ctx) => gw.respond.text(ctx.res, 200, "text/css; charset=utf-8", GATEWAY_CSS));
  if (options.provider) {
    r.set("GET /oauth/authorize", authorize);
    r.set("GET /oauth/consent", showConsent);
    r.set("POST /oauth/consent", decideConsent);
    r.set("* /oauth/token", tokenEndpoint);
    if (options.demoMode) {
      r.set("GET /digid/mock/login", showMockLogin);
      r.set("POST /digid/mock/login", submitMockLogin);
      r.set("* /fhir", resourceServer);
      r.set("* /fhir/*", resourceServer);
    }
  }
  if (options.pgo) {
    r.set("GET /pgo", (gw, ctx) => gw.respond.redirect(ctx.res, "/pgo/"));
    r.set("GET /pgo/", listProviders);
    r.set("POST /pgo/start", startFlow);
    r.set("GET /pgo/callback", callback);
    r.set("GET /pgo/data", showData);
  }
  if (options.demoMode) r.set("GET /", demoHome);
  return r;
}

function demoHome(gw: Gateway, ctx: RequestContext): void {
  const port = gw.options.publicPort;
  const pgo = `http://pgo.localhost:${port}/pgo/`;
  const body = html`<h1>medmij-oauth demo</h1>
<p>Deze demo draait een PGO en een zorgaanbieder (autorisatieserver, nagebootste DigiD en een FHIR-server) in één proces.
De PGO draait op <code>pgo.localhost</code>, de zorgaanbieder op <code>dva.localhost</code>: browsers sturen beide naar deze computer.</p>
${gw.options.pgo ? html`<p><a class="button" href="${pgo}" id="start">Naar de demo-PGO</a></p>` : ""}
<p class="muted">Alleen testgegevens. Testpersonen: BSN 999900006 (heeft gegevens), 999900031 (jonger dan 16), 999900043 (geen gegevens).</p>`;
  gw.respond.html(ctx.res, 200, page({ site: "demo", title: "medmij-oauth demo", body }));
}

/** The route for method + path, or the methods the path does allow (empty: unknown path). */
function lookup(table: Map<string, Route>, method: string, path: string): { route?: Route; allow: string[] } {
  const exact = table.get(`${method} ${path}`) ?? table.get(`* ${path}`);
  if (exact) return { route: exact, allow: [] };
  const prefix = path.slice(0, path.indexOf("/", 1) + 1);
  const wildcard = prefix.length > 1 ? table.get(`* ${prefix}*`) : undefined;
  if (wildcard) return { route: wildcard, allow: [] };
  return { allow: [...table.keys()].filter((k) => k.endsWith(` ${path}`)).map((k) => k.split(" ")[0]!) };
}

export function createGateway(options: GatewayOptions): HttpHandler {
  const gw = new Gateway(options);
  const table = routes(options);
  return (req, res) => {
    const url = requestUrl(req);
    const fallbackCtx: RequestContext = { req, res, url: url ?? new URL("http://localhost/") };
    if (!url) {
      return gw.messagePage(fallbackCtx, "demo", 400, "Ongeldig verzoek", "Het adres van dit verzoek kon niet worden gelezen.");
    }
    const method = (req.method ?? "GET").toUpperCase();
    const { route, allow } = lookup(table, method === "HEAD" ? "GET" : method, url.pathname);
    const ctx: RequestContext = { req, res, url };
    if (!route) {
      if (allow.length > 0) {
        resOf(res).setHeader("Allow", allow.join(", "));
        return gw.messagePage(ctx, "demo", 405, "Methode niet toegestaan", "Deze pagina ondersteunt deze methode niet.");
      }
      return gw.messagePage(ctx, "demo", 404, "Pagina niet gevonden", "Deze pagina bestaat niet.");
    }
    Promise.resolve()
      .then(() => route(gw, ctx))
      .catch((e: unknown) => {
        // Handlers answer their own failures; this is the last line against a bug.
        gw.logger.error("gateway handler crashed", { path: url.pathname, error: e instanceof Error ? e : String(e) });
        if (!resOf(res).headersSent) {
          gw.messagePage(ctx, "demo", 500, "Er ging iets mis", "Er ging iets mis bij het verwerken van uw verzoek.");
        } else {
          resOf(res).end();
        }
      });
  };
}
