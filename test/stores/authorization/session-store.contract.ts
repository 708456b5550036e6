import { describe, expect, it } from "vitest";
import type { SessionStore } from "../../../src/stores/authorization/session-store.js";
import { key, session, sleep } from "./records.fixtures.js";

/** The behaviour every SessionStore implementation must have. */
export function sessionStoreContract(name: string, make: () => SessionStore): void {
  describe(`SessionStore contract: ${name}`, () => {
    it("creates a session once and reads it back", async () => {
      const store = make();
      const k = key();
      const s = session();
      expect(await store.create(k, s, 60_000)).toBe(true);
      expect(await store.get(k)).toEqual(s);
      expect(await store.create(k, session(), 60_000)).toBe(false);
      expect(await store.get(k)).toEqual(s);
    });

    it("answers undefined for an unknown session", async () => {
      expect(await make().get(key())).toBeUndefined();
    });

    it("one session per flow: another id of the same flow neither reads, replaces nor creates it", async () => {
      const store = make();
      const k = key();
      const s = session();
      await store.create(k, s, 60_000);
      const other = key(k.flowId);
      expect(await store.get(other)).toBeUndefined();
      expect(await store.replace(other, 1, { ...s, version: 2 })).toBe(false);
      expect(await store.create(other, session(), 60_000)).toBe(false);
      expect(await store.get(k)).toEqual(s);
    });

    it("replaces only at the expected version (compare-and-set)", async () => {
      const store = make();
      const k = key();
      const s = session();
      await store.create(k, s, 60_000);
      const next = { ...s, version: 2, status: "authenticated" as const };
      expect(await store.replace(k, 2, next)).toBe(false);
      expect(await store.replace(k, 1, next)).toBe(true);
      expect(await store.replace(k, 1, { ...next, version: 3 })).toBe(false);
      expect(await store.get(k)).toEqual(next);
      expect(await store.replace(key(), 1, next)).toBe(false);
    });

    it("lets exactly one of many parallel replacements at one version win", async () => {
      const store = make();
      const k = key();
      await store.create(k, session(), 60_000);
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.replace(k, 1, session({ version: 2, state: `winner-${i}` }))));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      expect((await store.get(k))?.state).toBe(`winner-${winner}`);
    });

    it("forgets a session after its lifetime, also after a replacement", async () => {
      const store = make();
      const k = key();
      await store.create(k, session(), 150);
      await store.replace(k, 1, session({ version: 2 }));
      await sleep(400);
      expect(await store.get(k)).toBeUndefined();
    });
  });
}
