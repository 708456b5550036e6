import type { Cluster, Redis } from "ioredis";
import type { TokenRecord } from "../../protocol/authorization/records.js";
import { safeEqual } from "../../protocol/authorization/secrets.js";
import { flowKeys } from "./redis-keys.js";
import { guarded } from "./store-unavailable.js";
import type { TokenStore } from "./token-store.js";

// The flow's token slot, a hash: h = hash of the token, d = the record as JSON;
// a revoked slot has no d but revoked = 1 (kept until its TTL so it cannot be
// filled again). redis-code-store.ts writes the same marker on a reused code.
const SAVE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'h', ARGV[1], 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

// HSET/HDEL keep the key's TTL.
const REVOKE = `
local f = redis.call('HMGET', KEYS[1], 'h', 'd')
if f[1] ~= ARGV[1] or not f[2] then return 0 end
redis.call('HDEL', KEYS[1], 'd')
redis.call('HSET', KEYS[1], 'revoked', '1')
return 1`;

export function createRedisTokenStore(redis: Redis | Cluster, prefix: string): TokenStore {
  const key = (flowId: string) => flowKeys(prefix, flowId).token;
  return {
    save: (k, record, ttlMs) =>
      guarded(async () => (await redis.eval(SAVE, 1, key(k.flowId), k.hash, JSON.stringify(record), String(Math.max(1, Math.ceil(ttlMs))))) === 1),
    get: (k) =>
      guarded(async () => {
        const [h, d] = await redis.hmget(key(k.flowId), "h", "d");
        return h && d && safeEqual(h, k.hash) ? (JSON.parse(d) as TokenRecord) : undefined;
      }),
    revoke: (k) => guarded(async () => (await redis.eval(REVOKE, 1, key(k.flowId), k.hash)) === 1),
  };
}
