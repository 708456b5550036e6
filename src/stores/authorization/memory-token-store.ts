import type { TokenRecord } from "../../protocol/authorization/records.js";
import { safeEqual } from "../../protocol/authorization/secrets.js";
import { TtlMap } from "./memory-ttl-map.js";
import type { TokenStore } from "./token-store.js";

/** A flow's token slot: the token, or (record undefined, revoked) a revocation marker. */
export interface TokenSlot {
  readonly hash: string;
  record: TokenRecord | undefined;
  revoked: boolean;
}

/** Token slots by flow id; shared with the memory CodeStore (a reused code revokes). */
export type TokenSlots = TtlMap<TokenSlot>;

export function createTokenSlots(clock?: () => number): TokenSlots {
  return new TtlMap<TokenSlot>(clock);
}

/** The embedded default: access tokens in this process. */
export function createMemoryTokenStore(slots: TokenSlots = createTokenSlots()): TokenStore {
  const find = (key: { flowId: string; hash: string }) => {
    const s = slots.get(key.flowId);
    return s && safeEqual(s.hash, key.hash) ? s : undefined;
  };
  return {
    async save(key, record, ttlMs) {
      if (slots.has(key.flowId)) return false;
      slots.set(key.flowId, { hash: key.hash, record: structuredClone(record), revoked: false }, ttlMs);
      return true;
    },
    async get(key) {
      const s = find(key);
      return s?.record ? structuredClone(s.record) : undefined;
    },
    async revoke(key) {
      const s = find(key);
      if (!s || s.revoked) return false;
      s.record = undefined;
      s.revoked = true;
      return true;
    },
  };
}
