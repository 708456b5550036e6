/**
 * Mock DigiD (demo mode only): the person types a test BSN instead of
 * logging in. The artifact handed to the core is "MOCK:<bsn>", which only
 * the core's mock authentication resolves. CSRF: a token bound to the
 * session cookie (see csrf.ts).
 */
import { AuthenticationOutcome } from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import type { Gateway, RequestContext } from "./context.js";
import { originMatches } from "./csrf.js";
import { html, page, type SafeHtml } from "./html.js";
import { HttpError, readForm } from "./http-io.js";
import { noProviderSessionPage, providerSession } from "./provider-pages.js";

const PURPOSE = "mock-digid-login";

function loginPage(gw: Gateway, ctx: RequestContext, sessionId: string, status: number, problem?: string, bsn = ""): void {
  const persons = gw.demo.demoPersons();
  const hints: SafeHtml = persons.length
    ? html`<details open><summary>Testpersonen</summary><ul class="persons">${persons.map(
        (p) => html`<li><code>${p.bsn}</code> ${p.name}</li>`,
      )}</ul></details>`
    : html``;
  const body = html`<h1>Inloggen met DigiD (test)</h1>
<p>Dit is een nagebootste DigiD voor de demo. Vul het BSN van een testpersoon in.</p>
${problem ? html`<p class="error" role="alert">${problem}</p>` : ""}
<form method="post" action="/digid/mock/login">
<input type="hidden" name="csrf" value="${gw.csrf.token(PURPOSE, sessionId)}">
<label for="bsn">BSN</label>
<input type="text" id="bsn" name="bsn" inputmode="numeric" autocomplete="off" maxlength="9" value="${bsn}">
<p>
<button type="submit" name="action" value="login" id="login">Inloggen</button>
<button type="submit" name="action" value="cancel" id="cancel" class="secondary">Annuleren</button>
</p>
</form>
${hints}`;
  gw.respond.html(ctx.res, status, page({ site: "digid", title: "Inloggen met DigiD (test)", body }));
}

/** GET /digid/mock/login */
export function showMockLogin(gw: Gateway, ctx: RequestContext): void {
  const sessionId = providerSession(gw, ctx);
  if (!sessionId) return noProviderSessionPage(gw, ctx);
  loginPage(gw, ctx, sessionId, 200);
}

/** POST /digid/mock/login → CompleteAuthentication → CheckAvailability → 303 to the consent page. */
export async function submitMockLogin(gw: Gateway, ctx: RequestContext): Promise<void> {
  try {
    const sessionId = providerSession(gw, ctx);
    if (!sessionId) return noProviderSessionPage(gw, ctx);
    const form = await readForm(ctx.req, gw.maxBody);
    if (!originMatches(ctx.req) || !gw.csrf.verify(PURPOSE, sessionId, form.get("csrf"))) {
      throw new HttpError(403, "csrf token missing or wrong");
    }
    if (form.get("action") === "cancel") {
      // The core answers a cancellation with the access_denied redirect (a REDIRECT failure).
      await gw.auth.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.CANCELLED });
      return gw.messagePage(ctx, "digid", 200, "Inloggen geannuleerd", "U heeft het inloggen geannuleerd. U kunt dit venster sluiten.");
    }
    const bsn = (form.get("bsn") ?? "").trim();
    if (!/^\d{9}$/.test(bsn)) {
      return loginPage(gw, ctx, sessionId, 400, "Een BSN bestaat uit 9 cijfers.", bsn.slice(0, 9));
    }
    await gw.auth.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.SUCCESS, artifact: `MOCK:${bsn}` });
    await gw.auth.checkAvailability({ sessionId });
    gw.respond.redirect(ctx.res, "/oauth/consent");
  } catch (e) {
    gw.failurePage(ctx, "provider", e);
  }
}
