import { describe, expect, it } from "vitest";
import { grantedScope, parseScope } from "../../../src/protocol/authorization/parse-scope.js";
import { PROVIDER, snapshot } from "./fixtures.js";

const served = [PROVIDER];
const parse = (scope: string, version: "1" | "2.1" | "2.2") => parseScope(scope, version, snapshot.zal, served);

describe("parseScope, interface version 1 (one GegevensdienstId, as the seed)", () => {
  it("accepts one GegevensdienstId this provider offers", () => {
    expect(parse("4", "1")).toEqual({ ok: true, value: { scope: "4", providerName: PROVIDER, dataServiceIds: ["4"], providerOnly: false } });
  });
  it("refuses ids not offered here, several ids and the later grammar", () => {
    for (const s of ["7", "99", "1 4", "demoziekenhuis~1", "demoziekenhuis"]) expect(parse(s, "1").ok, s).toBe(false);
  });
});

describe("parseScope, interface version 2.1 (aanbieder~id, one provider)", () => {
  it("accepts one or several combinations of one provider", () => {
    expect(parse("demoziekenhuis~1", "2.1")).toMatchObject({ ok: true, value: { dataServiceIds: ["1"], providerName: PROVIDER } });
    expect(parse("demoziekenhuis~1 demoziekenhuis~4", "2.1")).toMatchObject({ ok: true, value: { dataServiceIds: ["1", "4"] } });
  });
  it("refuses mixed providers, unknown ids, providers not served here, bad separators and other forms", () => {
    const bad = [
      "demoziekenhuis~1 anderziekenhuis~7",
      "anderziekenhuis~7",
      "demoziekenhuis~7",
      "demoziekenhuis~1  demoziekenhuis~4",
      "demoziekenhuis~1\tdemoziekenhuis~4",
      " demoziekenhuis~1",
      "demoziekenhuis~1 demoziekenhuis~1",
      "demoziekenhuis",
      "4",
      "demoziekenhuis@medmij~1",
      "subscribe~180/demoziekenhuis~1",
      "Demoziekenhuis~1",
      "demoziekenhuis~",
      "~1",
    ];
    for (const s of bad) expect(parse(s, "2.1").ok, s).toBe(false);
  });
});

describe("parseScope, interface version 2.2 (aanbieder, or aanbieder~id)", () => {
  it("accepts the provider alone: every gegevensdienst it offers", () => {
    expect(parse("demoziekenhuis", "2.2")).toEqual({ ok: true, value: { scope: "demoziekenhuis", providerName: PROVIDER, dataServiceIds: ["1", "4"], providerOnly: true } });
  });
  it("accepts one aanbieder~id", () => {
    expect(parse("demoziekenhuis~4", "2.2")).toMatchObject({ ok: true, value: { dataServiceIds: ["4"], providerOnly: false } });
  });
  it("refuses several values, providers not served here and bare ids", () => {
    for (const s of ["demoziekenhuis~1 demoziekenhuis~4", "anderziekenhuis", "demoziekenhuis demoziekenhuis", "4", "onbekend"]) {
      expect(parse(s, "2.2").ok, s).toBe(false);
    }
  });
});

it("without a ZAL the scope cannot be checked (temporarily unavailable, not invalid)", () => {
  expect(parseScope("demoziekenhuis~1", "2.1", undefined, served)).toMatchObject({ ok: false, reason: "PROVIDER_LIST_UNAVAILABLE" });
});

describe("grantedScope", () => {
  it("is the requested scope when everything is available, and drops unavailable combinations otherwise (2.1)", () => {
    const requested = { scope: "demoziekenhuis~1 demoziekenhuis~4", providerName: PROVIDER, dataServiceIds: ["1", "4"], providerOnly: false };
    expect(grantedScope(requested, "2.1", ["1", "4"])).toBe("demoziekenhuis~1 demoziekenhuis~4");
    expect(grantedScope(requested, "2.1", ["4"])).toBe("demoziekenhuis~4");
  });
  it("keeps a provider-only scope", () => {
    expect(grantedScope({ scope: "demoziekenhuis", providerName: PROVIDER, dataServiceIds: ["1", "4"], providerOnly: true }, "2.2", ["1"])).toBe("demoziekenhuis");
  });
});
