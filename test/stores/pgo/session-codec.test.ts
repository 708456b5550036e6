import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSessionCodec } from "../../../src/stores/pgo/session-codec.js";
import { sampleSession } from "../../protocol/pgo/fixtures.js";

describe("PGO session codec (AES-256-GCM at rest)", () => {
  const codec = createSessionCodec(randomBytes(32));
  const s = sampleSession({ authorizationCode: "CODEPLAIN" });

  it("round-trips and seals the secrets", () => {
    const raw = codec.encode(s);
    expect(raw).not.toContain("CODEPLAIN");
    expect(codec.decode(raw)).toEqual(s);
  });

  it("refuses a tampered value and a sealed blob moved to another flow", () => {
    const stored = JSON.parse(codec.encode(s));
    const tampered = { ...stored, sealed: stored.sealed.slice(0, -3) + (stored.sealed.endsWith("AAA") ? "BBB" : "AAA") };
    expect(codec.decode(JSON.stringify(tampered))).toBeUndefined();
    expect(codec.decode(JSON.stringify({ ...stored, flowId: "B".repeat(22) }))).toBeUndefined();
    expect(codec.decode("not json")).toBeUndefined();
  });

  it("needs a 32-byte key", () => {
    expect(() => createSessionCodec(randomBytes(16))).toThrow(/32 bytes/);
  });
});
