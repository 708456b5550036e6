import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { ListKind } from "../../protocol/lists/model.js";
import { decodeEntry, encodeEntry, type LastGoodEntry, type LastGoodStore } from "./last-good-store.js";

/** One JSON file per list under `dir`, written to a temporary name and renamed, so a crash never leaves half a file. */
export function createDiskLastGoodStore(dir: string): LastGoodStore {
  const root = path.resolve(dir);
  const fileOf = (kind: ListKind) => path.join(root, `${kind}.last-good.json`);
  return {
    description: `disk ${root}`,
    async load(kind) {
      try {
        return decodeEntry(await readFile(fileOf(kind), "utf8"));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw e;
      }
    },
    async save(kind, entry: LastGoodEntry) {
      await mkdir(root, { recursive: true });
      const tmp = `${fileOf(kind)}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(tmp, encodeEntry(entry), { mode: 0o600 });
      await rename(tmp, fileOf(kind));
    },
  };
}
