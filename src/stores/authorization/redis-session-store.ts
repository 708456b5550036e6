import type { Cluster, Redis } from "ioredis";
import { safeEqual } from "../../protocol/authorization/secrets.js";
import type { AuthorizationSession } from "../../protocol/authorization/session.js";
import { flowKeys } from "./redis-keys.js";
import type { SessionStore } from "./session-store.js";
import { guarded } from "./store-unavailable.js";

// A hash: h = hash of the session id, v = version, d = the session as JSON.
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'h', ARGV[1], 'v', ARGV[2], 'd', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1`;

// Compare-and-set on the id hash and the version; HSET keeps the key's TTL.
const REPLACE = `
local f = redis.call('HMGET', KEYS[1], 'h', 'v')
if f[1] ~= ARGV[1] or f[2] ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[3], 'd', ARGV[4])
return 1`;

export function createRedisSessionStore(redis: Redis | Cluster, prefix: string): SessionStore {
  const key = (flowId: string) => flowKeys(prefix, flowId).session;
  return {
    create: (k, session, ttlMs) =>
      guarded(
        async () => (await redis.eval(CREATE, 1, key(k.flowId), k.hash, String(session.version), JSON.stringify(session), String(Math.max(1, Math.ceil(ttlMs))))) === 1,
      ),
    get: (k) =>
      guarded(async () => {
        const [h, d] = await redis.hmget(key(k.flowId), "h", "d");
        return h && d && safeEqual(h, k.hash) ? (JSON.parse(d) as AuthorizationSession) : undefined;
      }),
    replace: (k, expectedVersion, next) =>
      guarded(async () => (await redis.eval(REPLACE, 1, key(k.flowId), k.hash, String(expectedVersion), String(next.version), JSON.stringify(next))) === 1),
  };
}
