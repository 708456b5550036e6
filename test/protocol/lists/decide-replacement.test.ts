import { describe, expect, it } from "vitest";
import { decideReplacement } from "../../../src/protocol/lists/decide-replacement.js";
import { buildWhitelist } from "../../../src/protocol/lists/model.js";

const copy = (volgnummer: number, xml = `v${volgnummer}`) => ({ list: buildWhitelist({ tijdstempel: "2024-03-01T09:00:00Z", volgnummer }, []), xml });

describe("decideReplacement", () => {
  it("replaces when nothing is loaded", () => {
    expect(decideReplacement(undefined, copy(1))).toEqual({ action: "replace" });
  });
  it("replaces with a higher Volgnummer", () => {
    expect(decideReplacement(copy(5), copy(6))).toEqual({ action: "replace" });
  });
  it("refuses a lower Volgnummer", () => {
    expect(decideReplacement(copy(5), copy(4))).toEqual({ action: "refuse", reason: "Volgnummer 4 is lower than the loaded 5" });
  });
  it("refuses the same Volgnummer with different content", () => {
    const d = decideReplacement(copy(5, "a"), copy(5, "b"));
    expect(d.action).toBe("refuse");
  });
  it("calls the same Volgnummer with the same bytes unchanged", () => {
    expect(decideReplacement(copy(5, "a"), copy(5, "a"))).toEqual({ action: "unchanged" });
  });
});
