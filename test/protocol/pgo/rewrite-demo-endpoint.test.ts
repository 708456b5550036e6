import { describe, expect, it } from "vitest";
import { isLocalhostName, rewriteDemoEndpoint } from "../../../src/protocol/pgo/rewrite-demo-endpoint.js";

describe("rewriteDemoEndpoint", () => {
  const demo = { rewriteLocalhost: true, port: 8080 };
  const live = { rewriteLocalhost: false, port: 8080 };

  it("in demo mode reaches https://X.localhost at http://X.localhost:<port>, path and query kept", () => {
    expect(rewriteDemoEndpoint("https://dva.localhost/oauth/token", demo).toString()).toBe("http://dva.localhost:8080/oauth/token");
    expect(rewriteDemoEndpoint("https://dva.localhost:8443/fhir?x=1", demo).toString()).toBe("http://dva.localhost:8080/fhir?x=1");
  });

  it("rewrites nothing outside demo mode, nor hosts that are not *.localhost", () => {
    expect(rewriteDemoEndpoint("https://dva.localhost/oauth/token", live).toString()).toBe("https://dva.localhost/oauth/token");
    expect(rewriteDemoEndpoint("https://auth.dva-voorbeeld.nl/token", demo).toString()).toBe("https://auth.dva-voorbeeld.nl/token");
  });

  it("requires https (and no credentials) for every endpoint from the lists", () => {
    expect(() => rewriteDemoEndpoint("http://auth.dva-voorbeeld.nl/token", live)).toThrow(/https/);
    expect(() => rewriteDemoEndpoint("http://dva.localhost/token", demo)).toThrow(/https/);
    expect(() => rewriteDemoEndpoint("https://u:p@dva.localhost/token", live)).toThrow(/credentials/);
    expect(() => rewriteDemoEndpoint("not a url", live)).toThrow(/not a URL/);
  });

  it("knows the RFC 6761 loopback names", () => {
    expect(isLocalhostName("localhost")).toBe(true);
    expect(isLocalhostName("DVA.Localhost")).toBe(true);
    expect(isLocalhostName("localhost.example.nl")).toBe(false);
    expect(isLocalhostName("notlocalhost")).toBe(false);
  });
});
