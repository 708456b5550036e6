import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createDiskLastGoodStore } from "../../../src/stores/lists/disk-last-good-store.js";
import { createMemoryLastGoodStore } from "../../../src/stores/lists/memory-last-good-store.js";
import { lastGoodContract } from "./last-good.contract.js";

const root = mkdtempSync(path.join(tmpdir(), "medmij-last-good-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

lastGoodContract("memory", () => createMemoryLastGoodStore());
lastGoodContract("disk", () => createDiskLastGoodStore(path.join(root, `d${n++}`, "nested")));

describe("disk last-good store", () => {
  it("writes one file per list, readable only by the owner, and leaves no temporary files", async () => {
    const dir = path.join(root, "files");
    const store = createDiskLastGoodStore(dir);
    await store.save("zal", { xml: "<x/>", source: "s", fetchedAt: "2026-12-04T10:00:00.000Z" });
    expect(readdirSync(dir)).toEqual(["zal.last-good.json"]);
    expect(statSync(path.join(dir, "zal.last-good.json")).mode & 0o077).toBe(0);
  });

  it("treats a damaged file as absent", async () => {
    const dir = path.join(root, "damaged");
    const store = createDiskLastGoodStore(dir);
    await store.save("gnl", { xml: "<x/>", source: "s", fetchedAt: "2026-12-04T10:00:00.000Z" });
    writeFileSync(path.join(dir, "gnl.last-good.json"), "{not json");
    expect(await store.load("gnl")).toBeUndefined();
  });
});
