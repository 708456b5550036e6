/**
 * The provider's browser-facing pages: the authorization endpoint (FLOW 3,
 * landing page) and the consent page (FLOW 9-10). Each turns one browser hop
 * into one AuthorizationServer call.
 */
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { ConsentDecision } from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import type { Gateway, RequestContext } from "./context.js";
import { originMatches } from "./csrf.js";
import { html, page } from "./html.js";
import { appendSetCookie, cookies, HttpError, paramsOf, readForm, serializeCookie } from "./http-io.js";

export const PROVIDER_SESSION_COOKIE = "dva_session";

export function providerSession(gw: Gateway, ctx: RequestContext): string | undefined {
  const sid = cookies(ctx.req).get(gw.cookieName(PROVIDER_SESSION_COOKIE));
  return sid || undefined;
}

export function noProviderSessionPage(gw: Gateway, ctx: RequestContext): void {
  gw.messagePage(
    ctx,
    "provider",
    400,
    "Sessie niet gevonden",
    "Uw inlogsessie is verlopen of hoort bij een andere browser. Ga terug naar uw PGO en begin opnieuw.",
  );
}

/** Only a path on this gateway or an http(s) URL may become a link (never javascript: and the like). */
function safeLink(url: string): string | undefined {
  if (url.startsWith("/") && !url.startsWith("//")) return url;
  try {
    const u = new URL(url);
    return u.protocol === "https:" || u.protocol === "http:" ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** GET /oauth/authorize → StartAuthorization → session cookie + landing page. */
export async function authorize(gw: Gateway, ctx: RequestContext): Promise<void> {
  try {
    const answer = await gw.auth.startAuthorization({ parameters: paramsOf(ctx.url.searchParams) });
    const expires = answer.expireTime ? (timestampDate(answer.expireTime).getTime() - Date.now()) / 1000 : undefined;
    appendSetCookie(
      ctx.res,
      serializeCookie(gw.cookieName(PROVIDER_SESSION_COOKIE), answer.sessionId, {
        secure: gw.options.secureCookies,
        ...(expires !== undefined && expires > 0 ? { maxAgeSeconds: expires } : {}),
      }),
    );
    const lp = answer.landingPage;
    const login = lp ? safeLink(lp.authenticationUrl) : undefined;
    const title = lp?.title || "Inloggen";
    const body = html`<h1>${title}</h1>
<p>${lp?.text}</p>
<table>
<tr><th>Zorgaanbieder</th><td>${lp?.providerDisplayName}</td></tr>
<tr><th>Aangevraagd door</th><td>${lp?.clientOrganisationName}</td></tr>
</table>
${login ? html`<p><a class="button" id="login" href="${login}">Inloggen met DigiD</a></p>` : html`<p class="error">Inloggen is op dit moment niet mogelijk.</p>`}`;
    gw.respond.html(ctx.res, 200, page({ site: "provider", title, body, siteLabel: lp?.providerDisplayName || undefined }));
  } catch (e) {
    gw.failurePage(ctx, "provider", e);
  }
}

/** GET /oauth/consent → GetConsent → the consent question. */
export async function showConsent(gw: Gateway, ctx: RequestContext): Promise<void> {
  const sessionId = providerSession(gw, ctx);
  if (!sessionId) return noProviderSessionPage(gw, ctx);
  try {
    const c = await gw.auth.getConsent({ sessionId });
    const body = html`<h1>${c.title}</h1>
<p class="question">${c.question}</p>
${c.dataServices.length ? html`<h2>Gegevens</h2><ul class="data-services">${c.dataServices.map((d) => html`<li>${d.displayName || d.id}</li>`)}</ul>` : ""}
<h2>Toelichting</h2>
${c.explanation.map((p) => html`<p>${p}</p>`)}
<form method="post" action="/oauth/consent">
<input type="hidden" name="csrf_token" value="${c.csrfToken}">
<button type="submit" name="decision" value="allow" id="allow">${c.allowLabel || "Toestemming geven"}</button>
<button type="submit" name="decision" value="deny" id="deny" class="secondary">${c.denyLabel || "Geen toestemming geven"}</button>
</form>
<p class="muted">Zorgaanbieder: ${c.providerDisplayName} · PGO: ${c.clientOrganisationName}</p>`;
    gw.respond.html(ctx.res, 200, page({ site: "provider", title: c.title || "Toestemming geven", body, siteLabel: c.providerDisplayName || undefined }));
  } catch (e) {
    gw.failurePage(ctx, "provider", e);
  }
}

/** POST /oauth/consent → DecideConsent → 303 to the client's redirect URI. */
export async function decideConsent(gw: Gateway, ctx: RequestContext): Promise<void> {
  try {
    const sessionId = providerSession(gw, ctx);
    if (!sessionId) return noProviderSessionPage(gw, ctx);
    if (!originMatches(ctx.req)) throw new HttpError(403, "cross-origin form post");
    const form = await readForm(ctx.req, gw.maxBody);
    const choice = form.get("decision");
    const decision = choice === "allow" ? ConsentDecision.ALLOW : choice === "deny" ? ConsentDecision.DENY : undefined;
    if (decision === undefined) throw new HttpError(400, "decision must be allow or deny");
    const answer = await gw.auth.decideConsent({ sessionId, csrfToken: form.get("csrf_token") ?? "", decision });
    gw.respond.redirect(ctx.res, answer.redirectUrl);
  } catch (e) {
    gw.failurePage(ctx, "provider", e);
  }
}
