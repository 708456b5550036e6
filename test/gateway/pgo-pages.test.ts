import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  PgoClient,
  type HandleAuthorizationResponseRequest,
  type StartAuthorizationRequest,
} from "../../gen/medmij/pgo/v1/pgo_client_pb.js";
import { oauthError } from "./support/oauth-error.js";
import { cookieHeader, expectSecurityHeaders, form, hiddenField, serveGateway, setCookie, type Served } from "./support/serve-gateway.js";

let served: Served | undefined;
let upstream: http.Server | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
  if (upstream) {
    upstream.closeAllConnections();
    await new Promise((r) => upstream!.close(r));
    upstream = undefined;
  }
});

const providers = [
  { name: "demoziekenhuis@medmij", dataServices: [{ id: "1", displayName: "Basisgegevens Zorg" }, { id: "4", displayName: "Laboratoriumresultaten" }] },
  { name: "<b>evil</b>@medmij", dataServices: [{ id: "9", displayName: "" }] },
];

const ACCESS_TOKEN = "secret-access-token-never-in-a-page";

function pgoStub(rec: { starts: StartAuthorizationRequest[]; callbacks: HandleAuthorizationResponseRequest[]; resourceUrl?: string }) {
  return serveGateway((r) =>
    r.service(PgoClient, {
      listDataServices: () => ({ providers }),
      startAuthorization: (req) => {
        rec.starts.push(req);
        return {
          sessionId: "pgo-sess-1",
          authorizationUrl: "http://dva.localhost:1/oauth/authorize?client_id=pgo.localhost&state=st",
          expireTime: timestampFromDate(new Date(Date.now() + 900_000)),
        };
      },
      handleAuthorizationResponse: (req) => {
        rec.callbacks.push(req);
        const p = Object.fromEntries(req.parameters.map((x) => [x.name, x.value]));
        if (p.error === "access_denied") {
          throw oauthError({ error: "access_denied", disposition: "show", httpStatus: 403, userMessage: "De zorgaanbieder heeft uw verzoek niet toegekend." });
        }
        if (p.state !== "st") throw oauthError({ error: "invalid_request", disposition: "show", userMessage: "Dit antwoord hoort niet bij uw verzoek." });
        return { sessionId: req.sessionId, providerName: "demoziekenhuis@medmij", dataServiceIds: ["4"] };
      },
      exchangeAuthorizationCode: (req) => ({
        sessionId: req.sessionId,
        scope: "demoziekenhuis",
        providerName: "demoziekenhuis@medmij",
        dataServiceIds: ["4"],
        expireTime: timestampFromDate(new Date(Date.now() + 900_000)),
      }),
      prepareResourceRequest: () => ({
        url: rec.resourceUrl ?? "http://127.0.0.1:1/fhir",
        headers: [
          { name: "Authorization", value: `Bearer ${ACCESS_TOKEN}` },
          { name: "MedMij-Request-ID", value: "r-1" },
          { name: "X-Correlation-ID", value: "c-1" },
        ],
      }),
    }),
  );
}

async function startUpstream(handler: http.RequestListener): Promise<number> {
  upstream = http.createServer(handler);
  await new Promise<void>((r) => upstream!.listen(0, "127.0.0.1", r));
  return (upstream.address() as AddressInfo).port;
}

describe("PGO: provider list and start", () => {
  it("lists providers and gegevensdiensten (escaped) with a csrf nonce cookie", async () => {
    served = await pgoStub({ starts: [], callbacks: [] });
    const res = await served.request("/pgo/");
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    const nonce = setCookie(res, "pgo_csrf")!;
    expect(nonce).toContain("HttpOnly");
    expect(nonce).toContain("SameSite=Lax");
    const page = await res.text();
    expect(page).toContain("demoziekenhuis@medmij");
    expect(page).toContain("Laboratoriumresultaten");
    expect(page).toContain("&lt;b&gt;evil&lt;/b&gt;@medmij");
    expect(page).toContain("Gegevensdienst 9");
    expect(hiddenField(page, "csrf")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await served.request("/pgo")).headers.get("location")).toBe("/pgo/");
  });

  it("starts the flow: session cookie and 303 to the provider's authorization endpoint", async () => {
    const rec = { starts: [] as StartAuthorizationRequest[], callbacks: [] };
    served = await pgoStub(rec);
    const list = await served.request("/pgo/");
    const csrf = hiddenField(await list.text(), "csrf")!;
    const res = await served.request("/pgo/start", {
      method: "POST",
      cookie: cookieHeader(list),
      ...form({ csrf, provider_name: "demoziekenhuis@medmij", data_service_id: ["1", "4"] }),
    });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("http://dva.localhost:1/oauth/authorize?client_id=pgo.localhost&state=st");
    const session = setCookie(res, "pgo_session")!;
    expect(session).toMatch(/^pgo_session=pgo-sess-1; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    expect(rec.starts[0]).toMatchObject({ providerName: "demoziekenhuis@medmij", dataServiceIds: ["1", "4"] });
  });

  it("refuses a start without the nonce cookie or token (CSRF) and one without a gegevensdienst", async () => {
    const rec = { starts: [] as StartAuthorizationRequest[], callbacks: [] };
    served = await pgoStub(rec);
    const list = await served.request("/pgo/");
    const csrf = hiddenField(await list.text(), "csrf")!;
    const noCookie = await served.request("/pgo/start", { method: "POST", ...form({ csrf, provider_name: "demoziekenhuis@medmij", data_service_id: "1" }) });
    expect(noCookie.status).toBe(403);
    const noToken = await served.request("/pgo/start", { method: "POST", cookie: cookieHeader(list), ...form({ provider_name: "demoziekenhuis@medmij", data_service_id: "1" }) });
    expect(noToken.status).toBe(403);
    const nothing = await served.request("/pgo/start", { method: "POST", cookie: cookieHeader(list), ...form({ csrf, provider_name: "demoziekenhuis@medmij" }) });
    expect(nothing.status).toBe(400);
    expect(await nothing.text()).toContain("Kies ten minste één soort gegevens");
    expect(rec.starts).toEqual([]);
  });
});

describe("PGO: callback", () => {
  it("hands every query parameter and the cookie's session to the core, exchanges the code and says what was granted", async () => {
    const rec = { starts: [], callbacks: [] as HandleAuthorizationResponseRequest[] };
    served = await pgoStub(rec);
    const res = await served.request("/pgo/callback?code=abc&state=st", { cookie: "pgo_session=pgo-sess-1" });
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    expect(rec.callbacks[0]!.sessionId).toBe("pgo-sess-1");
    expect(rec.callbacks[0]!.parameters.map((p) => [p.name, p.value])).toEqual([
      ["code", "abc"],
      ["state", "st"],
    ]);
    const page = await res.text();
    expect(page).toContain("Toestemming ontvangen");
    expect(page).toContain("Laboratoriumresultaten");
    expect(page).not.toContain("Basisgegevens Zorg");
    expect(page).toContain('href="/pgo/data"');
    expect(page).not.toContain(ACCESS_TOKEN);
  });

  it("explains access_denied in plain Dutch", async () => {
    served = await pgoStub({ starts: [], callbacks: [] });
    const res = await served.request("/pgo/callback?error=access_denied&state=st", { cookie: "pgo_session=pgo-sess-1" });
    expect(res.status).toBe(403);
    const page = await res.text();
    expect(page).toContain("Het ophalen van uw gegevens is niet gelukt");
    expect(page).toContain("De zorgaanbieder heeft uw verzoek niet toegekend.");
    expect(page).toContain("Er zijn geen gegevens gedeeld.");
    expect(page).toContain("access_denied");
  });

  it("refuses a callback without the session cookie (started in another browser) without calling the core", async () => {
    const rec = { starts: [], callbacks: [] as HandleAuthorizationResponseRequest[] };
    served = await pgoStub(rec);
    const res = await served.request("/pgo/callback?code=abc&state=st");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Sessie niet gevonden");
    expect(rec.callbacks).toEqual([]);
  });
});

describe("PGO: data page", () => {
  it("performs the prepared request (resolving *.localhost to loopback) and shows the Bundle's contents", async () => {
    const received: http.IncomingHttpHeaders[] = [];
    const port = await startUpstream((req, res) => {
      received.push(req.headers);
      res.setHeader("content-type", "application/fhir+json");
      res.end(
        JSON.stringify({
          resourceType: "Bundle",
          type: "searchset",
          entry: [
            { resource: { resourceType: "Patient", name: [{ given: ["Anna"], family: "de Vries" }], birthDate: "1980-05-14" } },
            { resource: { resourceType: "Observation", code: { text: "Hemoglobine" }, valueQuantity: { value: 8.4, unit: "mmol/L" }, effectiveDateTime: "2026-11-20" } },
            { resource: { resourceType: "Condition", code: { text: "<i>Astma</i>" } } },
          ],
        }),
      );
    });
    served = await pgoStub({ starts: [], callbacks: [], resourceUrl: `http://fhir.localhost:${port}/fhir` });
    const res = await served.request("/pgo/data", { cookie: "pgo_session=pgo-sess-1" });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("3 gegevens opgehaald");
    expect(page).toContain("Anna de Vries");
    expect(page).toContain("Hemoglobine: 8.4 mmol/L");
    expect(page).toContain("&lt;i&gt;Astma&lt;/i&gt;");
    expect(page).not.toContain(ACCESS_TOKEN);
    expect(received[0]!.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(received[0]!["medmij-request-id"]).toBe("r-1");
    expect(received[0]!["x-correlation-id"]).toBe("c-1");
    expect(received[0]!.host).toBe(`fhir.localhost:${port}`);
  });

  it("explains a 401 from the resource server (expired or revoked access)", async () => {
    const port = await startUpstream((_req, res) => {
      res.statusCode = 401;
      res.setHeader("www-authenticate", 'Bearer error="invalid_token"');
      res.end("{}");
    });
    served = await pgoStub({ starts: [], callbacks: [], resourceUrl: `http://127.0.0.1:${port}/fhir` });
    const res = await served.request("/pgo/data", { cookie: "pgo_session=pgo-sess-1" });
    expect(res.status).toBe(502);
    expect(await res.text()).toContain("verlopen of ingetrokken");
  });

  it("explains an unreachable resource server", async () => {
    served = await pgoStub({ starts: [], callbacks: [], resourceUrl: "http://127.0.0.1:1/fhir" });
    const res = await served.request("/pgo/data", { cookie: "pgo_session=pgo-sess-1" });
    expect(res.status).toBe(502);
    expect(await res.text()).toContain("niet bereikbaar");
  });
});
