import { ProtocolError } from "../../protocol/errors.js";
import type { PgoSession } from "../../protocol/pgo/session.js";
import { createSessionCodec } from "./session-codec.js";
import type { PgoSessionStore } from "./pgo-session-store.js";

export interface MemoryPgoSessionStoreOptions {
  encryptionKey: Buffer;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /** At most this many flows at once (RFC 6819 §4.4.1.11); lapsed ones are swept first. */
  maxSessions?: number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/** The embedded store: one process, same contract and same encryption at rest as Redis. */
export interface MemoryPgoSessionStore extends PgoSessionStore {
  /** Number of sessions held (lapsed ones included until swept). */
  size(): number;
  /** The value as held, for tests that check secrets are sealed. */
  rawSession(flowId: string): string | undefined;
}

export function createMemoryPgoSessionStore(opts: MemoryPgoSessionStoreOptions): MemoryPgoSessionStore {
  const codec = createSessionCodec(opts.encryptionKey);
  const now = opts.now ?? Date.now;
  const max = opts.maxSessions ?? 100_000;
  const sessions = new Map<string, Entry>();
  const states = new Map<string, Entry>();
  const claims = new Map<string, Entry>();

  const live = (m: Map<string, Entry>, k: string): Entry | undefined => {
    const e = m.get(k);
    if (e && e.expiresAt <= now()) {
      m.delete(k);
      return undefined;
    }
    return e;
  };
  let creates = 0;
  const sweep = () => {
    const t = now();
    for (const m of [sessions, states, claims]) for (const [k, e] of m) if (e.expiresAt <= t) m.delete(k);
  };

  return {
    async create(session) {
      // Abandoned flows are dropped on a regular sweep, not only when full.
      if (sessions.size >= max || ++creates % 1000 === 0) sweep();
      if (sessions.size >= max) {
        throw new ProtocolError({ reason: "TOO_MANY_SESSIONS", kind: "resource_exhausted", description: "too many PGO sessions at once; try again later" });
      }
      if (live(sessions, session.flowId)) return false;
      const expiresAt = session.expiresAt.getTime();
      sessions.set(session.flowId, { value: codec.encode(session), expiresAt });
      states.set(session.flowId, { value: session.stateHash, expiresAt });
      return true;
    },
    async get(flowId) {
      const e = live(sessions, flowId);
      return e ? codec.decode(e.value) : undefined;
    },
    async consumeState(flowId, stateHash) {
      const e = live(states, flowId);
      if (!e || e.value !== stateHash) return false;
      states.delete(flowId);
      return true;
    },
    async claimCode(flowId, until) {
      if (live(claims, flowId)) return false;
      claims.set(flowId, { value: "1", expiresAt: until.getTime() });
      return true;
    },
    async save(session: PgoSession) {
      const existing = live(sessions, session.flowId);
      if (!existing) return false;
      const expiresAt = session.expiresAt.getTime();
      sessions.set(session.flowId, { value: codec.encode(session), expiresAt });
      const claim = claims.get(session.flowId);
      if (claim) claim.expiresAt = Math.max(claim.expiresAt, expiresAt);
      return true;
    },
    size: () => sessions.size,
    rawSession: (flowId) => sessions.get(flowId)?.value,
  };
}
