import type { Cluster, Redis } from "ioredis";
import type { PendingSessions } from "./pending-sessions.js";
import { clientKeys } from "./redis-keys.js";
import { guarded } from "./store-unavailable.js";

// One sorted set per client, flow ids scored by their expiry (ms). Drop the
// expired, count, add — one script on one key, so replicas agree on the cap.
// The key lives at least `ttl` (every member expires before it).
const ADMIT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[5]) then redis.call('PEXPIRE', KEYS[1], ARGV[5]) end
return 1`;

const COUNT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
return redis.call('ZCARD', KEYS[1])`;

const ms = (n: number) => String(Math.max(1, Math.ceil(n)));

export function createRedisPendingSessions(redis: Redis | Cluster, prefix: string): PendingSessions {
  const key = (clientId: string) => clientKeys(prefix, clientId).pending;
  return {
    admit: (clientId, flowId, now, expiresAt, max, ttlMs) =>
      guarded(async () => (await redis.eval(ADMIT, 1, key(clientId), String(now), String(expiresAt), String(max), flowId, ms(ttlMs))) === 1),
    release: (clientId, flowId) =>
      guarded(async () => {
        await redis.zrem(key(clientId), flowId);
      }),
    count: (clientId, now) => guarded(async () => Number(await redis.eval(COUNT, 1, key(clientId), String(now)))),
  };
}
