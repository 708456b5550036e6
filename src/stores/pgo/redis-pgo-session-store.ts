import type { Cluster, Redis } from "ioredis";
import { ProtocolError } from "../../protocol/errors.js";
import { createSessionCodec } from "./session-codec.js";
import { pgoKey, type PgoSessionStore } from "./pgo-session-store.js";

export interface RedisPgoSessionStoreOptions {
  redis: Redis | Cluster;
  keyPrefix: string;
  encryptionKey: Buffer;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
}

// The session and its state index are created together, or not at all.
const CREATE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PXAT', ARGV[3]) then
  redis.call('SET', KEYS[2], ARGV[2], 'PXAT', ARGV[3])
  return 1
end
return 0`;

// Compare-and-delete: a wrong state does not burn the right one.
const CONSUME_STATE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0`;

// Overwrite only an existing session; the code claim lives at least as long.
const SAVE = `
if redis.call('SET', KEYS[1], ARGV[1], 'XX', 'PXAT', ARGV[2]) then
  redis.call('PEXPIREAT', KEYS[2], ARGV[2], 'GT')
  return 1
end
return 0`;

/** The shared store: every key of a flow under the hash tag {flowId}, each with PXAT. */
export function createRedisPgoSessionStore(opts: RedisPgoSessionStoreOptions): PgoSessionStore {
  const { redis, keyPrefix } = opts;
  const codec = createSessionCodec(opts.encryptionKey);
  const now = opts.now ?? Date.now;
  const key = (flowId: string, kind: "session" | "state" | "codeClaim") => pgoKey(keyPrefix, flowId, kind);

  const store: PgoSessionStore = {
    async create(session) {
      const r = await redis.eval(CREATE, 2, key(session.flowId, "session"), key(session.flowId, "state"), codec.encode(session), session.stateHash, session.expiresAt.getTime());
      return r === 1;
    },
    async get(flowId) {
      const raw = await redis.get(key(flowId, "session"));
      if (raw === null) return undefined;
      const session = codec.decode(raw);
      return session && session.expiresAt.getTime() > now() ? session : undefined;
    },
    async consumeState(flowId, stateHash) {
      return (await redis.eval(CONSUME_STATE, 1, key(flowId, "state"), stateHash)) === 1;
    },
    async claimCode(flowId, until) {
      return (await redis.set(key(flowId, "codeClaim"), "1", "PXAT", until.getTime(), "NX")) === "OK";
    },
    async save(session) {
      const r = await redis.eval(SAVE, 2, key(session.flowId, "session"), key(session.flowId, "codeClaim"), codec.encode(session), session.expiresAt.getTime());
      return r === 1;
    },
  };
  // Every operation: a Redis that cannot be reached is UNAVAILABLE, never a crash or an INTERNAL.
  return {
    create: (s) => guarded(() => store.create(s)),
    get: (f) => guarded(() => store.get(f)),
    consumeState: (f, h) => guarded(() => store.consumeState(f, h)),
    claimCode: (f, u) => guarded(() => store.claimCode(f, u)),
    save: (s) => guarded(() => store.save(s)),
  };
}

async function guarded<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    if (e instanceof ProtocolError) throw e;
    throw new ProtocolError({
      reason: "SESSION_STORE_UNAVAILABLE",
      kind: "unavailable",
      description: "the PGO session store (Redis) is not reachable",
      oauth: { error: "temporarily_unavailable", disposition: "show", userMessage: "De dienst is tijdelijk niet beschikbaar. Probeer het over enkele minuten opnieuw." },
    });
  }
}
