import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  csrfToken,
  flowKeyOf,
  generateFlowId,
  generateFlowSecret,
  generateSecret,
  hashSecret,
  looksLikeSecret,
  safeEqual,
  sessionReference,
} from "../../../src/protocol/authorization/secrets.js";
import { decryptSubject, deriveSubjectKeys, encryptSubject, subjectHash } from "../../../src/protocol/authorization/subject-crypto.js";

const rnd = (n: number) => randomBytes(n);

describe("secrets", () => {
  it("are 32 random bytes in base64url (43 characters, 256 bits)", () => {
    const s = generateSecret(rnd);
    expect(s).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(s, "base64url")).toHaveLength(32);
  });
  it("session ids, codes and tokens are <flowId>.<secret>: a 128-bit flow id and a 256-bit secret", () => {
    const flowId = generateFlowId(rnd);
    expect(Buffer.from(flowId, "base64url")).toHaveLength(16);
    const v = generateFlowSecret(flowId, rnd);
    expect(v).toMatch(/^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/);
    expect(v.startsWith(`${flowId}.`)).toBe(true);
    expect(Buffer.from(v.split(".")[1]!, "base64url")).toHaveLength(32);
    expect(generateFlowSecret(flowId, rnd)).not.toBe(v);
    expect(looksLikeSecret(v)).toBe(true);
  });
  it("the shape check refuses anything else (RFC 6819 4.4.1.12)", () => {
    const v = generateFlowSecret(generateFlowId(rnd), rnd);
    const [flowId, secret] = v.split(".") as [string, string];
    for (const bad of [
      "",
      "550e8400-e29b-41d4-a716-446655440000",
      "A".repeat(43),
      secret,
      `${flowId}.`,
      `.${secret}`,
      `${flowId}${secret}`,
      `${flowId}.${secret}.${secret}`,
      `${flowId}x.${secret}`,
      `${flowId}.${secret}x`,
      `${flowId.slice(1)}.${secret}`,
      `${flowId}.${secret.slice(1)}`,
      `${flowId}.${secret.slice(0, -1)}=`,
      `${flowId}.${secret.slice(0, -1)}+`,
      `${flowId.slice(0, -1)}B.${secret}`, // not a canonical encoding of 16 bytes
      `${flowId}.${secret.slice(0, -1)}B`, // nor of 32
      ` ${v}`,
      `${v}\n`,
      "x".repeat(10_000),
    ]) {
      expect(looksLikeSecret(bad), JSON.stringify(bad)).toBe(false);
      expect(flowKeyOf(bad)).toBeUndefined();
    }
  });
  it("locate their flow by the flow id and their state by the hash of the whole value", () => {
    const a = generateFlowSecret(generateFlowId(rnd), rnd);
    const key = flowKeyOf(a)!;
    expect(key).toEqual({ flowId: a.split(".")[0], hash: hashSecret(a) });
    expect(key.hash).not.toContain(a.split(".")[1]!.slice(0, 10));
    // The same secret under another flow id is another key altogether.
    const foreign = `${generateFlowId(rnd)}.${a.split(".")[1]}`;
    expect(flowKeyOf(foreign)!.hash).not.toBe(key.hash);
  });
  it("use the randomness they are given", () => {
    expect(generateSecret((n) => new Uint8Array(n))).toBe("A".repeat(43));
    const zero = (n: number) => new Uint8Array(n);
    expect(generateFlowSecret(generateFlowId(zero), zero)).toBe(`${"A".repeat(22)}.${"A".repeat(43)}`);
  });
  it("are stored as SHA-256 hashes that do not contain the secret", () => {
    const s = generateSecret((n) => randomBytes(n));
    expect(hashSecret(s)).toHaveLength(43);
    expect(hashSecret(s)).not.toBe(s);
    expect(hashSecret(s)).toBe(hashSecret(s));
    expect(sessionReference(s)).not.toContain(s.slice(0, 10));
  });
  it("CSRF tokens are bound to the session and compared in constant time", () => {
    const key = randomBytes(32);
    const a = csrfToken(key, "session-a");
    expect(safeEqual(a, csrfToken(key, "session-a"))).toBe(true);
    expect(safeEqual(a, csrfToken(key, "session-b"))).toBe(false);
    expect(safeEqual(a, a.slice(0, -1))).toBe(false);
  });
});

describe("the BSN at rest", () => {
  const keys = deriveSubjectKeys(randomBytes(32));
  it("is AES-256-GCM encrypted: the stored value does not contain the BSN and decrypts back", () => {
    const sealed = encryptSubject(keys, "999900006", "subject:ref", rnd);
    expect(sealed).not.toContain("999900006");
    expect(encryptSubject(keys, "999900006", "subject:ref", rnd)).not.toBe(sealed);
    expect(decryptSubject(keys, sealed, "subject:ref")).toBe("999900006");
  });
  it("does not decrypt under another context, another key or after tampering", () => {
    const sealed = encryptSubject(keys, "999900006", "subject:ref", rnd);
    expect(() => decryptSubject(keys, sealed, "subject:other")).toThrow();
    expect(() => decryptSubject(deriveSubjectKeys(randomBytes(32)), sealed, "subject:ref")).toThrow();
    const parts = sealed.split(".");
    parts[2] = Buffer.from("xxxxxxxxx").toString("base64url");
    expect(() => decryptSubject(keys, parts.join("."), "subject:ref")).toThrow();
  });
  it("the consent log's subject hash is keyed: stable per key, different under another key", () => {
    expect(subjectHash(keys, "999900006")).toBe(subjectHash(keys, "999900006"));
    expect(subjectHash(keys, "999900006")).not.toBe(subjectHash(deriveSubjectKeys(randomBytes(32)), "999900006"));
    expect(subjectHash(keys, "999900006")).not.toContain("999900006");
  });
});
