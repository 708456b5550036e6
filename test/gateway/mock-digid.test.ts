import { afterEach, describe, expect, it } from "vitest";
import {
  AuthenticationOutcome,
  AuthorizationServer,
  type CompleteAuthenticationRequest,
} from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import { oauthError } from "./support/oauth-error.js";
import { expectSecurityHeaders, form, hiddenField, serveGateway, type Served } from "./support/serve-gateway.js";

let served: Served | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

function stub(calls: string[], completions: CompleteAuthenticationRequest[]) {
  return serveGateway((r) =>
    r.service(AuthorizationServer, {
      completeAuthentication: (req) => {
        calls.push("complete");
        completions.push(req);
        if (req.outcome === AuthenticationOutcome.CANCELLED) {
          throw oauthError({ error: "access_denied", disposition: "redirect", redirectUrl: "http://pgo.localhost:1/pgo/callback?error=access_denied&state=s" });
        }
        return { sessionId: req.sessionId };
      },
      checkAvailability: (req) => {
        calls.push(`check:${req.sessionId}`);
        if (req.sessionId === "young") {
          throw oauthError({ error: "access_denied", disposition: "redirect", redirectUrl: "http://pgo.localhost:1/pgo/callback?error=access_denied&state=y" });
        }
        return { availableDataServiceIds: ["4"] };
      },
    }),
  );
}

async function loginPage(s: Served, session: string): Promise<string> {
  const res = await s.request("/digid/mock/login", { cookie: `dva_session=${session}` });
  expect(res.status).toBe(200);
  expectSecurityHeaders(res);
  return res.text();
}

describe("mock DigiD", () => {
  it("lists the demo persons and a per-session csrf token", async () => {
    served = await stub([], []);
    const page = await loginPage(served, "s1");
    expect(page).toContain("999900006");
    expect(page).toContain("Anna de Vries");
    expect(page).toContain("jonger dan 16");
    const t1 = hiddenField(page, "csrf");
    const t2 = hiddenField(await loginPage(served, "s2"), "csrf");
    expect(t1).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(t2).not.toBe(t1);
  });

  it("hands MOCK:<bsn> to CompleteAuthentication, checks availability and sends the browser to the consent page", async () => {
    const calls: string[] = [];
    const completions: CompleteAuthenticationRequest[] = [];
    served = await stub(calls, completions);
    const csrf = hiddenField(await loginPage(served, "s1"), "csrf")!;
    const res = await served.request("/digid/mock/login", { method: "POST", cookie: "dva_session=s1", ...form({ csrf, bsn: " 999900006 ", action: "login" }) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/oauth/consent");
    expect(calls).toEqual(["complete", "check:s1"]);
    expect(completions[0]).toMatchObject({ sessionId: "s1", outcome: AuthenticationOutcome.SUCCESS, artifact: "MOCK:999900006" });
    expect(served.logLines.join("\n")).not.toContain("999900006");
  });

  it("follows the access_denied redirect of a negative availability check", async () => {
    served = await stub([], []);
    const csrf = hiddenField(await loginPage(served, "young"), "csrf")!;
    const res = await served.request("/digid/mock/login", { method: "POST", cookie: "dva_session=young", ...form({ csrf, bsn: "999900031", action: "login" }) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toContain("error=access_denied");
  });

  it("cancels with CompleteAuthentication(CANCELLED) and follows the redirect the core answers", async () => {
    const completions: CompleteAuthenticationRequest[] = [];
    served = await stub([], completions);
    const csrf = hiddenField(await loginPage(served, "s1"), "csrf")!;
    const res = await served.request("/digid/mock/login", { method: "POST", cookie: "dva_session=s1", ...form({ csrf, action: "cancel" }) });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("http://pgo.localhost:1/pgo/callback?error=access_denied&state=s");
    expect(completions[0]?.outcome).toBe(AuthenticationOutcome.CANCELLED);
  });

  it("refuses a post without the token, with another session's token, or from another origin", async () => {
    const calls: string[] = [];
    served = await stub(calls, []);
    const other = hiddenField(await loginPage(served, "other"), "csrf")!;
    const mine = hiddenField(await loginPage(served, "s1"), "csrf")!;
    const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
      served!.request("/digid/mock/login", {
        method: "POST",
        cookie: "dva_session=s1",
        body: new URLSearchParams(fields).toString(),
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
      });
    const none = await post({ bsn: "999900006", action: "login" });
    expect(none.status).toBe(403);
    expect(await none.text()).toContain("Verzoek geweigerd");
    expect((await post({ csrf: other, bsn: "999900006", action: "login" })).status).toBe(403);
    expect((await post({ csrf: mine, bsn: "999900006", action: "login" }, { origin: "http://evil.localhost:1" })).status).toBe(403);
    expect(calls).toEqual([]);
  });

  it("asks again for a BSN that is not nine digits", async () => {
    const calls: string[] = [];
    served = await stub(calls, []);
    const csrf = hiddenField(await loginPage(served, "s1"), "csrf")!;
    const res = await served.request("/digid/mock/login", { method: "POST", cookie: "dva_session=s1", ...form({ csrf, bsn: "12<b>3", action: "login" }) });
    expect(res.status).toBe(400);
    const page = await res.text();
    expect(page).toContain("Een BSN bestaat uit 9 cijfers.");
    expect(page).not.toContain("<b>");
    expect(calls).toEqual([]);
  });

  it("does not exist outside demo mode", async () => {
    const s = await serveGateway(() => {}, { demoMode: false });
    served = s;
    expect((await s.request("/digid/mock/login", { cookie: "dva_session=s1" })).status).toBe(404);
    expect((await s.request("/fhir", { headers: { authorization: "Bearer x" } })).status).toBe(404);
    expect((await s.request("/")).status).toBe(404);
  });
});
