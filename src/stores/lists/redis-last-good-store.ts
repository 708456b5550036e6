import type { Cluster, Redis } from "ioredis";
import type { ListKind } from "../../protocol/lists/model.js";
import { decodeEntry, encodeEntry, type LastGoodEntry, type LastGoodStore } from "./last-good-store.js";

/** Thirty days: far longer than any outage, short enough that an abandoned prefix cleans itself up. */
export const LAST_GOOD_TTL_MS = 30 * 24 * 3600 * 1000;

/** Key: `${prefix}:{lists}:${kind}:last-good`; every save renews the TTL. */
export function createRedisLastGoodStore(redis: Redis | Cluster, prefix: string, ttlMs: number = LAST_GOOD_TTL_MS): LastGoodStore {
  const keyOf = (kind: ListKind) => `${prefix}:{lists}:${kind}:last-good`;
  return {
    description: "redis",
    async load(kind) {
      const raw = await redis.get(keyOf(kind));
      return raw === null ? undefined : decodeEntry(raw);
    },
    async save(kind, entry: LastGoodEntry) {
      await redis.set(keyOf(kind), encodeEntry(entry), "PX", ttlMs);
    },
  };
}
