import { safeEqual } from "../../protocol/authorization/secrets.js";
import type { AuthorizationSession } from "../../protocol/authorization/session.js";
import { TtlMap } from "./memory-ttl-map.js";
import type { SessionStore } from "./session-store.js";

/** The embedded default: sessions in this process (lost on restart), one per flow id. */
export function createMemorySessionStore(clock?: () => number): SessionStore {
  const map = new TtlMap<{ hash: string; session: AuthorizationSession }>(clock);
  const find = (key: { flowId: string; hash: string }) => {
    const e = map.get(key.flowId);
    return e && safeEqual(e.hash, key.hash) ? e : undefined;
  };
  return {
    async create(key, session, ttlMs) {
      if (map.has(key.flowId)) return false;
      map.set(key.flowId, { hash: key.hash, session: structuredClone(session) }, ttlMs);
      return true;
    },
    async get(key) {
      const e = find(key);
      return e ? structuredClone(e.session) : undefined;
    },
    async replace(key, expectedVersion, next) {
      const e = find(key);
      if (!e || e.session.version !== expectedVersion) return false;
      e.session = structuredClone(next);
      return true;
    },
  };
}
