import { describe, expect, it } from "vitest";
import { buildScope } from "../../../src/protocol/pgo/build-scope.js";

describe("buildScope per interface version", () => {
  it('"1": the GegevensdienstId alone, exactly one (the seed)', () => {
    expect(buildScope("1", "demoziekenhuis@medmij", ["4"])).toBe("4");
    expect(() => buildScope("1", "demoziekenhuis@medmij", ["1", "4"])).toThrow(/exactly one/);
  });

  it('"2.1": space-separated aanbieder~id of one provider', () => {
    expect(buildScope("2.1", "demoziekenhuis@medmij", ["1"])).toBe("demoziekenhuis~1");
    expect(buildScope("2.1", "DemoZiekenhuis@medmij", ["1", "4"])).toBe("demoziekenhuis~1 demoziekenhuis~4");
  });

  it('"2.2": only the aanbieder (Verzamelen)', () => {
    expect(buildScope("2.2", "demoziekenhuis@medmij", ["1", "4"])).toBe("demoziekenhuis");
  });

  it("refuses no gegevensdienst, a doubled one, and a name that is no Zorgaanbiedernaam", () => {
    expect(() => buildScope("2.1", "demoziekenhuis@medmij", [])).toThrow(/at least one/);
    expect(() => buildScope("2.1", "demoziekenhuis@medmij", ["1", "1"])).toThrow(/more than once/);
    expect(() => buildScope("2.1", "demo-ziekenhuis@medmij", ["1"])).toThrow(/Zorgaanbiedernaam/);
  });
});
