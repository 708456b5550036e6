import { afterEach, describe, expect, it } from "vitest";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import {
  AuthorizationServer,
  ConsentDecision,
  type DecideConsentRequest,
  type StartAuthorizationRequest,
} from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import { oauthError } from "./support/oauth-error.js";
import { expectSecurityHeaders, form, hiddenField, serveGateway, setCookie, type Served } from "./support/serve-gateway.js";

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

const landing = {
  providerDisplayName: "Demo Ziekenhuis",
  clientOrganisationName: "Demo PGO B.V.",
  title: "Inloggen bij Demo Ziekenhuis",
  text: "U gaat inloggen met DigiD om uw gegevens van Demo Ziekenhuis in Demo PGO B.V. te zetten.",
  authenticationUrl: "/digid/mock/login",
};

describe("GET /oauth/authorize", () => {
  it("passes every query parameter raw and in order, sets the session cookie and shows the landing page", async () => {
    let seen: StartAuthorizationRequest | undefined;
    served = await serveGateway((r) =>
      r.service(AuthorizationServer, {
        startAuthorization: (req) => {
          seen = req;
          return { sessionId: "sess-123", expireTime: timestampFromDate(new Date(Date.now() + 600_000)), landingPage: landing };
        },
      }),
    );
    const res = await served.request("/oauth/authorize?response_type=code&client_id=pgo.localhost&scope=a+b&state=x%26y&state=again&extra=");
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    expect(seen?.parameters.map((p) => [p.name, p.value])).toEqual([
      ["response_type", "code"],
      ["client_id", "pgo.localhost"],
      ["scope", "a b"],
      ["state", "x&y"],
      ["state", "again"],
      ["extra", ""],
    ]);
    const cookie = setCookie(res, "dva_session")!;
    expect(cookie).toMatch(/^dva_session=sess-123; /);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    expect(cookie).toContain("Path=/");
    expect(cookie).toMatch(/Max-Age=(59\d|600)/);
    expect(cookie).not.toContain("Secure");
    const page = await res.text();
    expect(page).toContain("<h1>Inloggen bij Demo Ziekenhuis</h1>");
    expect(page).toContain("Demo PGO B.V.");
    expect(page).toContain('href="/digid/mock/login"');
    expect(page).not.toContain("sess-123");
  });

  it("uses a Secure __Host- cookie outside demo mode", async () => {
    served = await serveGateway(
      (r) => r.service(AuthorizationServer, { startAuthorization: () => ({ sessionId: "s1", landingPage: landing }) }),
      { secureCookies: true, demoMode: false },
    );
    const res = await served.request("/oauth/authorize?client_id=x");
    const cookie = setCookie(res, "__Host-dva_session")!;
    expect(cookie).toContain("Secure");
    expect(cookie).toContain("Path=/");
    expect(res.headers.get("content-security-policy")).not.toContain("localhost");
  });

  it("escapes every text it renders and links no javascript: URL", async () => {
    served = await serveGateway((r) =>
      r.service(AuthorizationServer, {
        startAuthorization: () => ({
          sessionId: "s",
          landingPage: { ...landing, title: "<script>alert(1)</script>", clientOrganisationName: '"><img src=x>', authenticationUrl: "javascript:alert(1)" },
        }),
      }),
    );
    const page = await (await served.request("/oauth/authorize")).text();
    expect(page).not.toContain("<script>alert(1)");
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).not.toContain("<img src=x>");
    expect(page).not.toContain("javascript:");
    expect(page).toContain("Inloggen is op dit moment niet mogelijk");
  });

  it("shows an error page, without redirecting, when the core says SHOW (bad client_id or redirect_uri)", async () => {
    served = await serveGateway((r) =>
      r.service(AuthorizationServer, {
        startAuthorization: () => {
          throw oauthError({ error: "invalid_request", disposition: "show", userMessage: "De app die u hierheen stuurde is onbekend." });
        },
      }),
    );
    const res = await served.request("/oauth/authorize?client_id=evil.example&redirect_uri=https://evil.example/cb");
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(setCookie(res, "dva_session")).toBeUndefined();
    expectSecurityHeaders(res);
    const page = await res.text();
    expect(page).toContain("De app die u hierheen stuurde is onbekend.");
    expect(page).toContain("invalid_request");
    expect(page).not.toContain("evil.example");
  });

  it("redirects with 303 to the URL the core built when it says REDIRECT", async () => {
    const to = "https://pgo.example/cb?error=invalid_scope&state=abc";
    served = await serveGateway((r) =>
      r.service(AuthorizationServer, {
        startAuthorization: () => {
          throw oauthError({ error: "invalid_scope", disposition: "redirect", redirectUrl: to });
        },
      }),
    );
    const res = await served.request("/oauth/authorize?scope=zzz");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe(to);
    expectSecurityHeaders(res);
  });

  it("explains a failure without an OAuth detail (no service behind the transport) in Dutch", async () => {
    served = await serveGateway(() => {});
    const res = await served.request("/oauth/authorize?client_id=x");
    expect(res.status).toBe(501);
    const page = await res.text();
    expect(page).toContain("Er ging iets mis");
  });
});

describe("consent page", () => {
  const consent = {
    providerDisplayName: "Demo Ziekenhuis",
    clientOrganisationName: "Demo PGO B.V.",
    dataServices: [{ id: "4", displayName: "Laboratoriumresultaten" }],
    title: "Toestemming geven",
    question: "Wil je de gegevens die Demo Ziekenhuis over jou heeft in jouw PGO zetten?",
    explanation: ["Demo Ziekenhuis mag niet zonder jouw toestemming gegevens delen.", "Voor de verbinding heeft Stichting MedMij strenge regels gemaakt."],
    allowLabel: "Ja, ik geef toestemming",
    denyLabel: "Nee",
    csrfToken: "csrf-abc",
    scope: "demoziekenhuis",
  };

  it("refuses without the session cookie", async () => {
    served = await serveGateway((r) => r.service(AuthorizationServer, { getConsent: () => consent }));
    const res = await served.request("/oauth/consent");
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Sessie niet gevonden");
  });

  it("shows the question, the explanation, both buttons and the csrf token", async () => {
    let asked = "";
    served = await serveGateway((r) =>
      r.service(AuthorizationServer, {
        getConsent: (req) => {
          asked = req.sessionId;
          return consent;
        },
      }),
    );
    const res = await served.request("/oauth/consent", { cookie: "dva_session=sess-9" });
    expect(res.status).toBe(200);
    expectSecurityHeaders(res);
    expect(asked).toBe("sess-9");
    const page = await res.text();
    expect(page).toContain("<h1>Toestemming geven</h1>");
    expect(page).toContain(consent.question);
    for (const p of consent.explanation) expect(page).toContain(p);
    expect(page).toContain("Laboratoriumresultaten");
    expect(page).toContain('value="allow"');
    expect(page).toContain('value="deny"');
    expect(page).toContain("Ja, ik geef toestemming");
    expect(hiddenField(page, "csrf_token")).toBe("csrf-abc");
  });

  it("posts the decision with the csrf token and redirects 303 to the client's redirect URI", async () => {
    const calls: DecideConsentRequest[] = [];
    served = await serveGateway((r) =>
      r.service(AuthorizationServer, {
        decideConsent: (req) => {
          calls.push(req);
          return { redirectUrl: "http://pgo.localhost:1/pgo/callback?code=c&state=s", decision: req.decision };
        },
      }),
    );
    const allow = await served.request("/oauth/consent", { method: "POST", cookie: "dva_session=s1", ...form({ csrf_token: "t1", decision: "allow" }) });
    expect(allow.status).toBe(303);
    expect(allow.headers.get("location")).toBe("http://pgo.localhost:1/pgo/callback?code=c&state=s");
    const deny = await served.request("/oauth/consent", {
      method: "POST",
      cookie: "dva_session=s1",
      ...form({ csrf_token: "t2", decision: "deny" }),
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "null" },
    });
    expect(deny.status).toBe(303);
    expect(calls.map((c) => [c.sessionId, c.csrfToken, c.decision])).toEqual([
      ["s1", "t1", ConsentDecision.ALLOW],
      ["s1", "t2", ConsentDecision.DENY],
    ]);
  });

  it("shows the core's refusal of a wrong csrf token", async () => {
    served = await serveGateway((r) =>
      r.service(AuthorizationServer, {
        decideConsent: () => {
          throw oauthError({ error: "invalid_request", disposition: "show", httpStatus: 403, userMessage: "Dit formulier is verlopen." });
        },
      }),
    );
    const res = await served.request("/oauth/consent", { method: "POST", cookie: "dva_session=s1", ...form({ csrf_token: "forged", decision: "allow" }) });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Dit formulier is verlopen.");
  });

  it("refuses a post from another origin, a missing decision, a non-form body and an oversized body, without calling the core", async () => {
    let called = 0;
    served = await serveGateway((r) =>
      r.service(AuthorizationServer, {
        decideConsent: () => {
          called++;
          return { redirectUrl: "http://x/" };
        },
      }),
    );
    const post = (init: RequestInit) => served!.request("/oauth/consent", { method: "POST", cookie: "dva_session=s1", ...init });
    const cross = await post({ body: "csrf_token=t&decision=allow", headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://evil.localhost" } });
    expect(cross.status).toBe(403);
    expectSecurityHeaders(cross);
    expect((await post(form({ csrf_token: "t", decision: "maybe" }))).status).toBe(400);
    expect((await post({ body: '{"decision":"allow"}', headers: { "content-type": "application/json" } })).status).toBe(415);
    const big = await post(form({ csrf_token: "t", decision: "allow", pad: "x".repeat(64 * 1024) }));
    expect(big.status).toBe(413);
    expect(await big.text()).toContain("Verzoek te groot");
    expect(called).toBe(0);
  });
});
