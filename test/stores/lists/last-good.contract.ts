/** The one contract every LastGoodStore passes (memory, disk, Redis). */
import { describe, expect, it } from "vitest";
import type { LastGoodStore } from "../../../src/stores/lists/last-good-store.js";

export function lastGoodContract(name: string, make: () => Promise<LastGoodStore> | LastGoodStore): void {
  describe(`LastGoodStore contract: ${name}`, () => {
    it("answers undefined when nothing was saved", async () => {
      const store = await make();
      expect(await store.load("zal")).toBeUndefined();
    });

    it("gives back what was saved, whole", async () => {
      const store = await make();
      const entry = { xml: "<Whitelist>ü &amp;</Whitelist>", source: "https://lists.example.nl/MedMij_Whitelist.xml", fetchedAt: "2026-12-04T10:00:00.000Z", etag: '"abc"', lastModified: "Fri, 04 Dec 2026 10:00:00 GMT" };
      await store.save("whitelist", entry);
      expect(await store.load("whitelist")).toEqual(entry);
    });

    it("replaces the previous entry of a kind and keeps kinds apart", async () => {
      const store = await make();
      await store.save("ocl", { xml: "one", source: "a", fetchedAt: "2026-12-04T10:00:00.000Z" });
      await store.save("ocl", { xml: "two", source: "a", fetchedAt: "2026-12-04T11:00:00.000Z" });
      await store.save("gnl", { xml: "gnl", source: "b", fetchedAt: "2026-12-04T11:00:00.000Z" });
      expect((await store.load("ocl"))?.xml).toBe("two");
      expect((await store.load("ocl"))?.etag).toBeUndefined();
      expect((await store.load("gnl"))?.xml).toBe("gnl");
      expect(await store.load("zal")).toBeUndefined();
    });
  });
}
