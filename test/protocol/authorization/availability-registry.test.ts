import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { availableInRegistry, parseAvailabilityRegistry } from "../../../src/protocol/authorization/availability-registry.js";
import { ADULT_BSN, MINOR_BSN, NO_DATA_BSN } from "./fixtures.js";

const demo = parseAvailabilityRegistry(JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../../demo/availability-registry.json"), "utf8")));
const now = new Date("2026-12-04T12:00:00Z");

describe("availability registry", () => {
  it("gives the requested gegevensdiensten an adult has data for", () => {
    expect(availableInRegistry(demo, ADULT_BSN, ["1", "4"], now)).toEqual(["1", "4"]);
    expect(availableInRegistry(demo, ADULT_BSN, ["4", "7"], now)).toEqual(["4"]);
  });
  it("gives nothing for a person under 16, without data, or unknown", () => {
    expect(availableInRegistry(demo, MINOR_BSN, ["1"], now)).toEqual([]);
    expect(availableInRegistry(demo, NO_DATA_BSN, ["1"], now)).toEqual([]);
    expect(availableInRegistry(demo, "111222333", ["1"], now)).toEqual([]);
  });
  it("refuses malformed files with a message that names the entry but not the BSN", () => {
    const bad: [unknown, RegExp][] = [
      [{}, /persons/],
      [{ persons: [{ bsn: "999900007", birthDate: "1980-01-01", dataServiceIds: [] }] }, /persons\[0\]\.bsn/],
      [{ persons: [{ bsn: ADULT_BSN, birthDate: "1980-13-01", dataServiceIds: [] }] }, /birthDate/],
      [{ persons: [{ bsn: ADULT_BSN, birthDate: "1980-01-01", dataServiceIds: [1] }] }, /dataServiceIds/],
      [{ persons: [{ bsn: ADULT_BSN, birthDate: "1980-01-01", dataServiceIds: [] }, { bsn: ADULT_BSN, birthDate: "1980-01-01", dataServiceIds: [] }] }, /twice/],
    ];
    for (const [json, message] of bad) {
      expect(() => parseAvailabilityRegistry(json)).toThrow(message);
      try {
        parseAvailabilityRegistry(json);
      } catch (e) {
        expect((e as Error).message).not.toMatch(/\d{9}/);
      }
    }
  });
});
