import { describe, expect, it } from "vitest";
import { pkceChallengeS256, pkceVerifierFromBytes } from "../../../src/protocol/pgo/pkce.js";
import { ProtocolError } from "../../../src/protocol/errors.js";

describe("PKCE S256", () => {
  it("matches the RFC 7636 Appendix B example", () => {
    expect(pkceChallengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  });

  it("refuses verifiers that are too short, too long or use other characters", () => {
    for (const bad of ["short", "a".repeat(42), "a".repeat(129), "a".repeat(42) + "!", "a".repeat(42) + " "]) {
      expect(() => pkceChallengeS256(bad)).toThrow(ProtocolError);
    }
    expect(pkceChallengeS256("a".repeat(128))).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("makes a 43-character verifier from 32 random bytes, and no verifier from fewer", () => {
    const v = pkceVerifierFromBytes(new Uint8Array(32).fill(7));
    expect(v).toHaveLength(43);
    expect(() => pkceChallengeS256(v)).not.toThrow();
    expect(() => pkceVerifierFromBytes(new Uint8Array(16))).toThrow(/32 random bytes/);
  });
});
