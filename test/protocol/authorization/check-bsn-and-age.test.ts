import { describe, expect, it } from "vitest";
import { ageOn, isOldEnough, parseBirthDate } from "../../../src/protocol/authorization/check-age.js";
import { isValidBsn } from "../../../src/protocol/authorization/check-bsn-elfproef.js";

describe("BSN elfproef", () => {
  it("accepts the demo persons' BSNs and known-valid test numbers", () => {
    for (const bsn of ["999900006", "999900018", "999900031", "999900043", "111222333", "123456782"]) expect(isValidBsn(bsn), bsn).toBe(true);
  });
  it("refuses a wrong check digit, wrong length, non-digits and all zeros", () => {
    for (const bsn of ["999900007", "123456789", "12345678", "1234567890", "12345678a", "000000000", " 99990000", ""]) expect(isValidBsn(bsn), bsn).toBe(false);
  });
});

describe("age ≥ 16 on the day of the request (Dutch calendar day)", () => {
  it("is 16 on the 16th birthday and 15 the day before", () => {
    expect(isOldEnough("2010-06-15", new Date("2026-06-15T10:00:00Z"))).toBe(true);
    expect(isOldEnough("2010-06-15", new Date("2026-06-14T10:00:00Z"))).toBe(false);
  });
  it("uses the day in the Netherlands: 23:30 UTC on the 14th is already the 15th in Amsterdam", () => {
    expect(ageOn("2010-06-15", new Date("2026-06-14T23:30:00Z"))).toBe(16);
    expect(ageOn("2010-06-15", new Date("2026-06-14T21:30:00Z"))).toBe(15);
  });
  it("refuses impossible dates", () => {
    expect(parseBirthDate("2010-02-30")).toBeUndefined();
    expect(parseBirthDate("2010-2-3")).toBeUndefined();
    expect(isOldEnough("not a date", new Date())).toBe(false);
  });
});
