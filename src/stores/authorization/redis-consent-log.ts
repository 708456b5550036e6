import type { Cluster, Redis } from "ioredis";
import type { ConsentEntry } from "../../protocol/authorization/records.js";
import { CONSENT_LOG_MAX_ENTRIES, CONSENT_LOG_RETENTION_MS, type ConsentLog } from "./consent-log.js";
import { redisKey } from "./redis-keys.js";
import { guarded } from "./store-unavailable.js";

// One hash tag for the whole log: a sequence counter, a sorted set of every
// entry and one per client, all scored by sequence number (newest = highest).
// Members are "<seq> <json>", so they are unique. The retention TTL is renewed
// on every append; the sets are capped to the newest `max` entries.
const APPEND = `
local seq = redis.call('INCR', KEYS[1])
local member = seq .. ' ' .. ARGV[1]
redis.call('ZADD', KEYS[2], seq, member)
redis.call('ZADD', KEYS[3], seq, member)
local cap = tonumber(ARGV[3])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -(cap + 1))
redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -(cap + 1))
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
return seq`;

export function createRedisConsentLog(redis: Redis | Cluster, prefix: string, options: { maxEntries?: number; retentionMs?: number } = {}): ConsentLog {
  const k = (kind: string) => redisKey(prefix, "consents", kind);
  const clientKey = (clientId: string) => k(`client:${clientId.toLowerCase()}`);
  const max = options.maxEntries ?? CONSENT_LOG_MAX_ENTRIES;
  const retention = options.retentionMs ?? CONSENT_LOG_RETENTION_MS;
  return {
    append: (entry) =>
      guarded(async () => {
        await redis.eval(APPEND, 3, k("seq"), k("all"), clientKey(entry.clientId), JSON.stringify(entry), String(retention), String(max));
      }),
    list: ({ pageSize, after, clientId }) =>
      guarded(async () => {
        const set = clientId !== undefined ? clientKey(clientId) : k("all");
        const maxScore = after !== undefined ? `(${after}` : "+inf";
        const members = await redis.zrevrangebyscore(set, maxScore, "-inf", "LIMIT", 0, pageSize + 1);
        const rows = members.map((m) => {
          const space = m.indexOf(" ");
          return { seq: Number(m.slice(0, space)), entry: JSON.parse(m.slice(space + 1)) as ConsentEntry };
        });
        const more = rows.length > pageSize;
        const page = rows.slice(0, pageSize);
        return { entries: page.map((r) => r.entry), next: more ? page[page.length - 1]!.seq : undefined };
      }),
  };
}
