/**
 * The PGO's browser pages: choose a provider and gegevensdiensten (FLOW 1-2),
 * the redirect URI (FLOW 10-12) and the data page (FLOW 14). The flow is
 * bound to the browser by the pgo_session cookie; the access token never
 * reaches the browser.
 */
import { timestampDate } from "@bufbuild/protobuf/wkt";
import type { Gateway, RequestContext } from "./context.js";
import { newNonce, originMatches } from "./csrf.js";
import { fetchResource } from "./fetch-resource.js";
import { summarizeBundle } from "./fhir-summary.js";
import { html, page } from "./html.js";
import { appendSetCookie, cookies, HttpError, paramsOf, readForm, serializeCookie } from "./http-io.js";

export const PGO_SESSION_COOKIE = "pgo_session";
const PGO_CSRF_COOKIE = "pgo_csrf";
const START_PURPOSE = "pgo-start";

const back = html`<p><a class="button secondary" href="/pgo/" id="back">Terug naar het overzicht</a></p>`;

function pgoSession(gw: Gateway, ctx: RequestContext): string | undefined {
  return cookies(ctx.req).get(gw.cookieName(PGO_SESSION_COOKIE)) || undefined;
}

function noSessionPage(gw: Gateway, ctx: RequestContext): void {
  gw.messagePage(
    ctx,
    "pgo",
    400,
    "Sessie niet gevonden",
    "Dit antwoord van de zorgaanbieder hoort niet bij een verzoek dat in deze browser is gestart, of uw sessie is verlopen. Begin opnieuw.",
    back,
  );
}

function timeNl(d: Date): string {
  return d.toLocaleTimeString("nl-NL", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam" });
}

/** GET /pgo/ → ListDataServices → a form per provider. */
export async function listProviders(gw: Gateway, ctx: RequestContext): Promise<void> {
  try {
    let nonce = cookies(ctx.req).get(gw.cookieName(PGO_CSRF_COOKIE));
    if (!nonce || !/^[A-Za-z0-9_-]{43}$/.test(nonce)) {
      nonce = newNonce();
      appendSetCookie(ctx.res, serializeCookie(gw.cookieName(PGO_CSRF_COOKIE), nonce, { secure: gw.options.secureCookies }));
    }
    const filter = (ctx.url.searchParams.get("q") ?? "").slice(0, 100);
    const pageToken = (ctx.url.searchParams.get("page") ?? "").slice(0, 200);
    const list = await gw.pgo.listDataServices({ pageSize: 50, filter, pageToken });
    const csrf = gw.csrf.token(START_PURPOSE, nonce);
    const forms = list.providers.map(
      (p) => html`<form method="post" action="/pgo/start" class="provider">
<input type="hidden" name="csrf" value="${csrf}">
<input type="hidden" name="provider_name" value="${p.name}">
<fieldset>
<legend>${p.name}</legend>
${p.dataServices.map(
  (d) => html`<label class="check"><input type="checkbox" name="data_service_id" value="${d.id}"> ${d.displayName || `Gegevensdienst ${d.id}`}</label>`,
)}
<button type="submit">Gegevens ophalen</button>
</fieldset>
</form>`,
    );
    const next = list.nextPageToken
      ? html`<p><a href="/pgo/?${new URLSearchParams({ q: filter, page: list.nextPageToken }).toString()}">Volgende zorgaanbieders</a></p>`
      : "";
    const body = html`<h1>Gegevens ophalen bij uw zorgaanbieder</h1>
<p>Kies een zorgaanbieder en de gegevens die u in uw PGO wilt zetten. U logt daarna in bij de zorgaanbieder en geeft toestemming.</p>
<form method="get" action="/pgo/"><label for="q">Zoeken</label><input type="text" id="q" name="q" value="${filter}"> <button type="submit" class="secondary">Zoek</button></form>
${forms.length ? forms : html`<p>Geen zorgaanbieders gevonden.</p>`}
${next}`;
    gw.respond.html(ctx.res, 200, page({ site: "pgo", title: "Gegevens ophalen", body }));
  } catch (e) {
    gw.failurePage(ctx, "pgo", e, { title: "Zorgaanbieders konden niet worden geladen" });
  }
}

/** POST /pgo/start → StartAuthorization → pgo_session cookie + 303 to the provider. */
export async function startFlow(gw: Gateway, ctx: RequestContext): Promise<void> {
  try {
    const form = await readForm(ctx.req, gw.maxBody);
    const nonce = cookies(ctx.req).get(gw.cookieName(PGO_CSRF_COOKIE));
    if (!originMatches(ctx.req) || !gw.csrf.verify(START_PURPOSE, nonce, form.get("csrf"))) {
      throw new HttpError(403, "csrf token missing or wrong");
    }
    const providerName = form.get("provider_name") ?? "";
    const dataServiceIds = form.getAll("data_service_id");
    if (!providerName || dataServiceIds.length === 0) {
      return gw.messagePage(ctx, "pgo", 400, "Kies wat u wilt ophalen", "Kies ten minste één soort gegevens bij een zorgaanbieder.", back);
    }
    const answer = await gw.pgo.startAuthorization({ providerName, dataServiceIds });
    const expires = answer.expireTime ? (timestampDate(answer.expireTime).getTime() - Date.now()) / 1000 : undefined;
    appendSetCookie(
      ctx.res,
      serializeCookie(gw.cookieName(PGO_SESSION_COOKIE), answer.sessionId, {
        secure: gw.options.secureCookies,
        ...(expires !== undefined && expires > 0 ? { maxAgeSeconds: expires } : {}),
      }),
    );
    gw.respond.redirect(ctx.res, answer.authorizationUrl);
  } catch (e) {
    gw.failurePage(ctx, "pgo", e, { title: "Het ophalen kon niet starten", back });
  }
}

/** Display names of a provider's gegevensdiensten (best effort: ids when the list call fails). */
async function dataServiceNames(gw: Gateway, providerName: string): Promise<Map<string, string>> {
  try {
    const list = await gw.pgo.listDataServices({ filter: providerName, pageSize: 50 });
    const p = list.providers.find((x) => x.name === providerName);
    return new Map((p?.dataServices ?? []).map((d) => [d.id, d.displayName]));
  } catch {
    return new Map();
  }
}

/** GET /pgo/callback → HandleAuthorizationResponse → ExchangeAuthorizationCode → what was granted. */
export async function callback(gw: Gateway, ctx: RequestContext): Promise<void> {
  const sessionId = pgoSession(gw, ctx);
  if (!sessionId) return noSessionPage(gw, ctx);
  try {
    const received = await gw.pgo.handleAuthorizationResponse({ parameters: paramsOf(ctx.url.searchParams), sessionId });
    const granted = await gw.pgo.exchangeAuthorizationCode({ sessionId: received.sessionId || sessionId });
    const names = await dataServiceNames(gw, granted.providerName);
    const until = granted.expireTime ? timeNl(timestampDate(granted.expireTime)) : "";
    const body = html`<h1>Toestemming ontvangen</h1>
<div class="ok"><p>U heeft toestemming gegeven. Uw PGO mag deze gegevens ophalen bij ${granted.providerName}:</p>
<ul class="granted">${granted.dataServiceIds.map((id) => html`<li>${names.get(id) || `Gegevensdienst ${id}`}</li>`)}</ul></div>
${until ? html`<p class="muted">De toegang is geldig tot ${until}.</p>` : ""}
<p><a class="button" href="/pgo/data" id="fetch">Gegevens ophalen</a></p>
${back}`;
    gw.respond.html(ctx.res, 200, page({ site: "pgo", title: "Toestemming ontvangen", body }));
  } catch (e) {
    gw.failurePage(ctx, "pgo", e, { title: "Het ophalen van uw gegevens is niet gelukt", back });
  }
}

/** GET /pgo/data → PrepareResourceRequest → GET the resource endpoint → the Bundle's contents. */
export async function showData(gw: Gateway, ctx: RequestContext): Promise<void> {
  const sessionId = pgoSession(gw, ctx);
  if (!sessionId) return noSessionPage(gw, ctx);
  let prepared;
  try {
    prepared = await gw.pgo.prepareResourceRequest({ sessionId });
  } catch (e) {
    return gw.failurePage(ctx, "pgo", e, { title: "Uw gegevens konden niet worden opgehaald", back });
  }
  const title = "Uw gegevens";
  const upstream = (message: string) =>
    gw.messagePage(ctx, "pgo", 502, "Uw gegevens konden niet worden opgehaald", message, back);
  let fetched;
  try {
    fetched = await fetchResource(prepared.url, prepared.headers, { timeoutMs: gw.options.resourceTimeoutMs ?? 30_000, maxBytes: 5 * 1024 * 1024 });
  } catch (e) {
    gw.logger.warn("resource request failed", { path: ctx.url.pathname, reason: e instanceof Error ? e.message : "unknown" });
    return upstream("De zorgaanbieder was niet bereikbaar. Probeer het later opnieuw.");
  }
  if (fetched.status === 401) {
    return upstream("De zorgaanbieder weigert de toegang: de toegang is verlopen of ingetrokken. Begin opnieuw om weer toestemming te geven.");
  }
  if (fetched.status !== 200) return upstream(`De zorgaanbieder antwoordde met een fout (HTTP ${fetched.status}).`);
  let bundle: unknown;
  try {
    bundle = JSON.parse(fetched.body);
  } catch {
    return upstream("De zorgaanbieder stuurde gegevens die niet gelezen konden worden.");
  }
  const { count, table } = summarizeBundle(bundle);
  const body = html`<h1>${title}</h1>
<p>${count === 1 ? "1 gegeven" : `${count} gegevens`} opgehaald bij de zorgaanbieder.</p>
${count ? table : ""}
${back}`;
  gw.respond.html(ctx.res, 200, page({ site: "pgo", title, body }));
}
