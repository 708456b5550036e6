/**
 * The demo in headless Chromium: the person clicks through the PGO, the
 * provider's landing page, the mock DigiD and the consent page, as a real
 * browser does (cookies per host, CSP, 303 redirects across pgo.localhost
 * and dva.localhost). Every page is screenshotted into
 * test-output/screenshots/<test>-<step>.png.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium, mainText, shot } from "../gateway/support/browser.js";
import { startDemoService, type DemoService } from "../gateway/support/demo-service.js";

let demo: DemoService;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  demo = await startDemoService();
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await demo?.close();
});

/** A fresh browser profile (no cookies), with CSP violations collected. */
async function newPage(): Promise<{ page: Page; cspViolations: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  const cspViolations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return { page, cspViolations };
}

/** From the PGO's list to the consent page, for one test person; screenshots each page. */
async function toConsent(page: Page, test: string, bsn: string): Promise<void> {
  await page.goto(`${demo.pgo}/pgo/`);
  await expect.poll(() => page.title()).toBe("Gegevens ophalen");
  await page.getByLabel("Basisgegevens Zorg").check();
  await page.getByLabel("Laboratoriumresultaten").check();
  await shot(page, test, "01-pgo-choose");
  await page.getByRole("button", { name: "Gegevens ophalen" }).click();

  await page.waitForURL(`${demo.dva}/oauth/authorize?**`);
  expect(await mainText(page)).toContain("Demo Ziekenhuis");
  await shot(page, test, "02-landing");
  await page.getByRole("link", { name: "Inloggen met DigiD" }).click();

  await page.waitForURL(`${demo.dva}/digid/mock/login`);
  await page.getByLabel("BSN").fill(bsn);
  await shot(page, test, "03-digid");
  await page.getByRole("button", { name: "Inloggen", exact: true }).click();
}

async function consentPage(page: Page, test: string): Promise<void> {
  await page.waitForURL(`${demo.dva}/oauth/consent`);
  const text = await mainText(page);
  expect(text).toContain("Toestemming geven");
  expect(text).toContain("Demo Ziekenhuis");
  expect(text).toContain("Stichting MedMij");
  await shot(page, test, "04-consent");
}

const allowButton = (page: Page) => page.locator("button#allow");
const denyButton = (page: Page) => page.locator("button#deny");

describe("the demo in Chromium", () => {
  it("allow: all the way to the FHIR data", async () => {
    const { page, cspViolations } = await newPage();
    // What `npm start` shows at http://localhost:PORT/.
    await page.goto(`http://localhost:${demo.port}/`);
    await shot(page, "allow", "00-home");
    await page.getByRole("link", { name: "Naar de demo-PGO" }).click();
    await page.waitForURL(`${demo.pgo}/pgo/`);
    await toConsent(page, "allow", "999900006");
    await consentPage(page, "allow");
    await allowButton(page).click();

    await page.waitForURL(`${demo.pgo}/pgo/callback?**`);
    const granted = await mainText(page);
    expect(granted).toContain("Toestemming ontvangen");
    expect(granted).toContain("Basisgegevens Zorg");
    expect(granted).toContain("Laboratoriumresultaten");
    await shot(page, "allow", "05-granted");
    await page.getByRole("link", { name: "Gegevens ophalen" }).click();

    await page.waitForURL(`${demo.pgo}/pgo/data`);
    const data = await mainText(page);
    expect(data).toContain("Anna de Vries");
    expect(data).toContain("Astma");
    expect(data).toContain("Penicilline");
    expect(data).toContain("Hemoglobine: 8.4 mmol/L");
    await shot(page, "allow", "06-data");

    // Cookies stay on their own host, HttpOnly.
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "pgo_session")).toMatchObject({ domain: "pgo.localhost", httpOnly: true, sameSite: "Lax" });
    expect(cookies.find((c) => c.name === "dva_session")).toMatchObject({ domain: "dva.localhost", httpOnly: true, sameSite: "Lax" });
    expect(cspViolations).toEqual([]);
  });

  it("refuse: access_denied is shown at the PGO", async () => {
    const { page } = await newPage();
    await toConsent(page, "refuse", "999900006");
    await consentPage(page, "refuse");
    await denyButton(page).click();

    await page.waitForURL(`${demo.pgo}/pgo/callback?**`);
    expect(new URL(page.url()).searchParams.get("error")).toBe("access_denied");
    const text = await mainText(page);
    expect(text).toContain("Het ophalen van uw gegevens is niet gelukt");
    expect(text).toContain("access_denied");
    expect(text).toContain("Er zijn geen gegevens gedeeld.");
    await shot(page, "refuse", "05-denied");
  });

  it("under 16: the same access_denied as a refusal, and no consent question", async () => {
    const { page } = await newPage();
    await toConsent(page, "under16", "999900031");
    await page.waitForURL(`${demo.pgo}/pgo/callback?**`);
    expect(new URL(page.url()).searchParams.get("error")).toBe("access_denied");
    const text = await mainText(page);
    expect(text).toContain("access_denied");
    await shot(page, "under16", "04-denied");

    // Indistinguishable from a refusal (MedMij: autoriseren 1 vs 2).
    const { page: other } = await newPage();
    await toConsent(other, "under16-compare", "999900006");
    await consentPage(other, "under16-compare");
    await denyButton(other).click();
    await other.waitForURL(`${demo.pgo}/pgo/callback?**`);
    expect(await mainText(other)).toBe(text);
    const refused = new URL(other.url()).searchParams;
    const young = new URL(page.url()).searchParams;
    expect(young.get("error_description")).toBe(refused.get("error_description"));
  });

  it("cancel at DigiD: the PGO is told access_denied", async () => {
    const { page } = await newPage();
    await toConsent(page, "cancel", "");
    // toConsent pressed "Inloggen" with an empty BSN: the mock DigiD asks again.
    await page.waitForURL(`${demo.dva}/digid/mock/login`);
    expect(await mainText(page)).toContain("Een BSN bestaat uit 9 cijfers.");
    await shot(page, "cancel", "04-digid-again");
    await page.getByRole("button", { name: "Annuleren" }).click();
    await page.waitForURL(`${demo.pgo}/pgo/callback?**`);
    expect(new URL(page.url()).searchParams.get("error")).toBe("access_denied");
    expect(await mainText(page)).toContain("access_denied");
    await shot(page, "cancel", "05-denied");
  });

  it("a tampered state is refused at the PGO", async () => {
    const { page } = await newPage();
    await toConsent(page, "tampered", "999900006");
    await consentPage(page, "tampered");
    // An attacker changes state on the way back: rewrite the consent answer's Location.
    // (route.fetch runs in Node, which does not resolve *.localhost: send it to 127.0.0.1.)
    await page.route("**/oauth/consent", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      const answer = await route.fetch({ url: `http://127.0.0.1:${demo.port}/oauth/consent`, maxRedirects: 0 });
      const location = new URL(answer.headers()["location"]!);
      location.searchParams.set("state", `${location.searchParams.get("state")}x`);
      await route.fulfill({ status: 303, headers: { location: location.toString() } });
    });
    await allowButton(page).click();

    await page.waitForURL(`${demo.pgo}/pgo/callback?**`);
    const text = await mainText(page);
    expect(text).toContain("Het ophalen van uw gegevens is niet gelukt");
    expect(text).not.toContain("Toestemming ontvangen");
    await shot(page, "tampered", "05-refused");

    // Nothing was granted: the data page has no access.
    await page.goto(`${demo.pgo}/pgo/data`);
    expect(await mainText(page)).not.toContain("Anna de Vries");
    await shot(page, "tampered", "06-no-data");
  });

  it("a reused code: the replayed callback is refused, the token endpoint answers invalid_grant, and the first token is revoked", async () => {
    const { page } = await newPage();
    await toConsent(page, "reuse", "999900006");
    await consentPage(page, "reuse");
    await allowButton(page).click();
    await page.waitForURL(`${demo.pgo}/pgo/callback?**`);
    expect(await mainText(page)).toContain("Toestemming ontvangen");
    const callbackUrl = page.url();
    const code = new URL(callbackUrl).searchParams.get("code")!;
    await shot(page, "reuse", "05-granted");

    // The browser replays the callback.
    await page.goto(callbackUrl);
    expect(await mainText(page)).toContain("Het ophalen van uw gegevens is niet gelukt");
    await shot(page, "reuse", "06-replayed-callback");

    // The first token still works…
    await page.goto(`${demo.pgo}/pgo/data`);
    expect(await mainText(page)).toContain("Anna de Vries");
    await shot(page, "reuse", "07-data-before");

    // …until the used code is presented again at the token endpoint.
    const res = await fetch(`http://127.0.0.1:${demo.port}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "authorization_code",
        code,
        client_id: "pgo.localhost",
        redirect_uri: `${demo.pgo}/pgo/callback`,
      }).toString(),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe("invalid_grant");

    await page.goto(`${demo.pgo}/pgo/data`);
    const after = await mainText(page);
    expect(after).not.toContain("Anna de Vries");
    expect(after).toContain("verlopen of ingetrokken");
    await shot(page, "reuse", "08-data-revoked");
  });
});
