import { describe, expect, it } from "vitest";
import type { PendingSessions } from "../../../src/stores/authorization/pending-sessions.js";
import { key } from "./records.fixtures.js";

const T0 = Date.parse("2026-12-04T20:00:00Z");
const TTL = 900_000;
/** A client of its own per test, so that tests sharing a store (and a Redis prefix) never meet. */
const client = () => `pgo-${key().flowId.slice(0, 10).toLowerCase().replace(/[^a-z0-9]/g, "x")}.example`;
const flow = () => key().flowId;

/** The behaviour every PendingSessions implementation must have (the cap of RFC 6819 §4.4.1.11). */
export function pendingSessionsContract(name: string, make: () => PendingSessions): void {
  describe(`PendingSessions contract: ${name}`, () => {
    it("admits up to the cap and refuses the next; the refused flow does not count", async () => {
      const store = make();
      const c = client();
      for (let i = 0; i < 3; i++) expect(await store.admit(c, flow(), T0, T0 + TTL, 3, TTL)).toBe(true);
      expect(await store.admit(c, flow(), T0, T0 + TTL, 3, TTL)).toBe(false);
      expect(await store.count(c, T0)).toBe(3);
    });

    it("of 60 parallel admissions with a cap of 5 exactly 5 succeed", async () => {
      const store = make();
      const c = client();
      const results = await Promise.all(Array.from({ length: 60 }, () => store.admit(c, flow(), T0, T0 + TTL, 5, TTL)));
      expect(results.filter(Boolean)).toHaveLength(5);
      expect(await store.count(c, T0)).toBe(5);
    });

    it("expired sessions free their places", async () => {
      const store = make();
      const c = client();
      await store.admit(c, flow(), T0, T0 + 1000, 2, TTL);
      await store.admit(c, flow(), T0, T0 + 5000, 2, TTL);
      expect(await store.admit(c, flow(), T0 + 999, T0 + TTL, 2, TTL)).toBe(false);
      // At its expiry the first one stops counting (expired means expiresAt <= now).
      expect(await store.admit(c, flow(), T0 + 1000, T0 + TTL, 2, TTL)).toBe(true);
      expect(await store.admit(c, flow(), T0 + 1000, T0 + TTL, 2, TTL)).toBe(false);
      expect(await store.count(c, T0 + 5000)).toBe(1);
    });

    it("a released flow frees its place; releasing an unknown flow changes nothing", async () => {
      const store = make();
      const c = client();
      const a = flow();
      await store.admit(c, a, T0, T0 + TTL, 2, TTL);
      await store.admit(c, flow(), T0, T0 + TTL, 2, TTL);
      await store.release(c, flow());
      await store.release(client(), a);
      expect(await store.admit(c, flow(), T0, T0 + TTL, 2, TTL)).toBe(false);
      await store.release(c, a);
      expect(await store.count(c, T0)).toBe(1);
      expect(await store.admit(c, flow(), T0, T0 + TTL, 2, TTL)).toBe(true);
    });

    it("another client is unaffected; the client id is case-insensitive", async () => {
      const store = make();
      const c = client();
      const other = client();
      await store.admit(c, flow(), T0, T0 + TTL, 1, TTL);
      expect(await store.admit(c.toUpperCase(), flow(), T0, T0 + TTL, 1, TTL)).toBe(false);
      expect(await store.admit(other, flow(), T0, T0 + TTL, 1, TTL)).toBe(true);
      expect(await store.count(c.toUpperCase(), T0)).toBe(1);
      expect(await store.count(client(), T0)).toBe(0);
    });
  });
}
