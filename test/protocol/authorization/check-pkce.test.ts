import { describe, expect, it } from "vitest";
import { checkPkceRequest, isValidCodeVerifier, s256Challenge } from "../../../src/protocol/authorization/check-pkce.js";
import { PKCE } from "./fixtures.js";

describe("PKCE", () => {
  it("computes the S256 challenge of RFC 7636 Appendix B", () => {
    expect(s256Challenge(PKCE.verifier)).toBe(PKCE.challenge);
  });
  it("accepts an S256 challenge and no challenge (when PKCE is optional)", () => {
    expect(checkPkceRequest(PKCE.challenge, "S256", false)).toEqual({ ok: true, value: { codeChallenge: PKCE.challenge, method: "S256" } });
    expect(checkPkceRequest(undefined, undefined, false)).toEqual({ ok: true, value: undefined });
  });
  it("refuses plain, a missing method (which means plain) and unknown methods", () => {
    expect(checkPkceRequest(PKCE.challenge, "plain", false)).toMatchObject({ ok: false, reason: "PKCE_METHOD_NOT_SUPPORTED" });
    expect(checkPkceRequest(PKCE.challenge, undefined, false)).toMatchObject({ ok: false, reason: "PKCE_METHOD_NOT_SUPPORTED" });
    expect(checkPkceRequest(PKCE.challenge, "s256", false)).toMatchObject({ ok: false, reason: "PKCE_METHOD_NOT_SUPPORTED" });
  });
  it("refuses a malformed challenge and a method without challenge", () => {
    expect(checkPkceRequest("short", "S256", false)).toMatchObject({ ok: false, reason: "INVALID_CODE_CHALLENGE" });
    expect(checkPkceRequest(PKCE.challenge + "=", "S256", false)).toMatchObject({ ok: false, reason: "INVALID_CODE_CHALLENGE" });
    expect(checkPkceRequest(undefined, "S256", false)).toMatchObject({ ok: false, reason: "INVALID_CODE_CHALLENGE" });
  });
  it("require-PKCE switch: no challenge is refused", () => {
    expect(checkPkceRequest(undefined, undefined, true)).toMatchObject({ ok: false, reason: "PKCE_REQUIRED" });
    expect(checkPkceRequest(PKCE.challenge, "S256", true).ok).toBe(true);
  });
  it("verifier grammar: 43–128 unreserved characters", () => {
    expect(isValidCodeVerifier(PKCE.verifier)).toBe(true);
    expect(isValidCodeVerifier("a".repeat(42))).toBe(false);
    expect(isValidCodeVerifier("a".repeat(128))).toBe(true);
    expect(isValidCodeVerifier("a".repeat(129))).toBe(false);
    expect(isValidCodeVerifier("a".repeat(42) + "+")).toBe(false);
  });
});
