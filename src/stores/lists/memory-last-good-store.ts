import type { ListKind } from "../../protocol/lists/model.js";
import type { LastGoodEntry, LastGoodStore } from "./last-good-store.js";

/** Keeps nothing across restarts: for the bundled demo lists and tests. */
export function createMemoryLastGoodStore(): LastGoodStore {
  const entries = new Map<ListKind, LastGoodEntry>();
  return {
    description: "memory",
    load: async (kind) => entries.get(kind),
    save: async (kind, entry) => {
      entries.set(kind, { ...entry });
    },
  };
}
