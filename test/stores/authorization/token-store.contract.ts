import { describe, expect, it } from "vitest";
import type { TokenStore } from "../../../src/stores/authorization/token-store.js";
import { key, sleep, tokenRecord } from "./records.fixtures.js";

/** The behaviour every TokenStore implementation must have. */
export function tokenStoreContract(name: string, make: () => TokenStore): void {
  describe(`TokenStore contract: ${name}`, () => {
    it("saves once, reads back, revokes", async () => {
      const store = make();
      const h = key();
      const rec = tokenRecord();
      expect(await store.save(h, rec, 60_000)).toBe(true);
      expect(await store.save(h, tokenRecord({ scope: "other" }), 60_000)).toBe(false);
      expect(await store.get(h)).toEqual(rec);
      expect(await store.revoke(h)).toBe(true);
      expect(await store.get(h)).toBeUndefined();
      expect(await store.revoke(h)).toBe(false);
      // A revoked slot cannot be filled again.
      expect(await store.save(h, rec, 60_000)).toBe(false);
      expect(await store.get(h)).toBeUndefined();
    });

    it("a token of the same flow with another hash is unknown and cannot revoke or replace the flow's token", async () => {
      const store = make();
      const h = key();
      const rec = tokenRecord();
      await store.save(h, rec, 60_000);
      const other = key(h.flowId);
      expect(await store.get(other)).toBeUndefined();
      expect(await store.revoke(other)).toBe(false);
      expect(await store.save(other, tokenRecord({ scope: "other" }), 60_000)).toBe(false);
      expect(await store.get(h)).toEqual(rec);
    });

    it("answers undefined for unknown tokens and forgets tokens after their lifetime", async () => {
      const store = make();
      expect(await store.get(key())).toBeUndefined();
      const h = key();
      await store.save(h, tokenRecord(), 150);
      await sleep(400);
      expect(await store.get(h)).toBeUndefined();
    });
  });
}
