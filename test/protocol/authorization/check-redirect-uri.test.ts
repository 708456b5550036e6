import { describe, expect, it } from "vitest";
import { checkRedirectUri } from "../../../src/protocol/authorization/check-redirect-uri.js";

const strict = { allowLocalhostHttp: false };
const demo = { allowLocalhostHttp: true };
const ok = (uri: string, client = "oauthclient.local", policy = strict) => checkRedirectUri(uri, client, policy).ok;

describe("checkRedirectUri", () => {
  it("accepts an https URL on the client's own host, with or without a path", () => {
    expect(ok("https://oauthclient.local/cb")).toBe(true);
    expect(ok("https://oauthclient.local")).toBe(true);
    expect(ok("https://OAuthClient.LOCAL/cb/deeper")).toBe(true);
  });

  it("refuses a host that merely starts with client_id (the seed's string-prefix bug)", () => {
    expect(ok("https://oauthclient.local.evil.example/cb")).toBe(false);
    expect(ok("https://oauthclient.localevil.example/cb")).toBe(false);
    expect(ok("https://evil.example/oauthclient.local")).toBe(false);
  });

  it("refuses a subdomain or a parent domain of client_id", () => {
    expect(ok("https://www.oauthclient.local/cb")).toBe(false);
    expect(ok("https://local/cb")).toBe(false);
    expect(ok("https://oauthclient.local./cb")).toBe(false);
  });

  it("refuses userinfo, also when it fakes the host", () => {
    expect(ok("https://oauthclient.local@evil.example/cb")).toBe(false);
    expect(ok("https://user:pw@oauthclient.local/cb")).toBe(false);
    expect(ok("https://@oauthclient.local/cb")).toBe(false);
  });

  it("refuses a query, a fragment (even empty ones) and a port (even the default)", () => {
    expect(ok("https://oauthclient.local/cb?x=1")).toBe(false);
    expect(ok("https://oauthclient.local/cb?")).toBe(false);
    expect(ok("https://oauthclient.local/cb#f")).toBe(false);
    expect(ok("https://oauthclient.local/cb#")).toBe(false);
    expect(ok("https://oauthclient.local:8443/cb")).toBe(false);
    expect(ok("https://oauthclient.local:443/cb")).toBe(false);
  });

  it("refuses http, other schemes, relative URLs, whitespace and a missing value", () => {
    expect(ok("http://oauthclient.local/cb")).toBe(false);
    expect(ok("javascript://oauthclient.local/%0aalert(1)")).toBe(false);
    expect(ok("//oauthclient.local/cb")).toBe(false);
    expect(ok("/cb")).toBe(false);
    expect(ok(" https://oauthclient.local/cb")).toBe(false);
    expect(ok("https://oauthclient.local/c\tb")).toBe(false);
    expect(ok("https:\\\\oauthclient.local\\cb")).toBe(false);
    expect(checkRedirectUri(undefined, "oauthclient.local", strict)).toMatchObject({ ok: false, reason: "MISSING_REDIRECT_URI" });
  });

  it("demo mode: http with a port only for *.localhost clients", () => {
    expect(ok("http://pgo.localhost:8080/pgo/callback", "pgo.localhost", demo)).toBe(true);
    expect(ok("http://pgo.localhost:8080/pgo/callback", "pgo.localhost", strict)).toBe(false);
    expect(ok("http://oauthclient.local:8080/cb", "oauthclient.local", demo)).toBe(false);
    expect(ok("https://oauthclient.local:8080/cb", "oauthclient.local", demo)).toBe(false);
    expect(ok("http://evil.localhost:8080/cb", "pgo.localhost", demo)).toBe(false);
    expect(ok("http://pgo.localhost:8080/cb?x=1", "pgo.localhost", demo)).toBe(false);
  });
});
