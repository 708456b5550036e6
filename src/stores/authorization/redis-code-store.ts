import type { Cluster, Redis } from "ioredis";
import type { CodeConsumption, CodeRecord } from "../../protocol/authorization/records.js";
import type { CodeStore } from "./code-store.js";
import { flowKeys } from "./redis-keys.js";
import { guarded } from "./store-unavailable.js";

// A hash per code: rec (JSON), client, redirect, chal, exp (ms), used, token.
const SAVE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'rec', ARGV[1], 'client', ARGV[2], 'redirect', ARGV[3], 'chal', ARGV[4], 'exp', ARGV[5], 'used', '0')
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return 1`;

// The one atomic step of the token endpoint, over one flow's keys: KEYS[1] the
// code, KEYS[2] the flow's token slot (redis-token-store.ts). Check, then
// consume and record the token hash; or, on a second use, revoke the token
// issued at the first use — or, when it is not saved yet, leave a revocation
// marker in its slot so that its save fails.
const CONSUME = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'unknown'} end
local f = redis.call('HMGET', KEYS[1], 'used', 'client', 'redirect', 'chal', 'exp', 'token')
if f[1] == '1' then
  local slot = redis.call('HMGET', KEYS[2], 'h', 'd')
  if not slot[1] then
    redis.call('HSET', KEYS[2], 'h', f[6], 'revoked', '1')
    redis.call('PEXPIRE', KEYS[2], ARGV[5])
    return {'already_used', '0'}
  end
  if slot[1] == f[6] and slot[2] then
    redis.call('HDEL', KEYS[2], 'd')
    redis.call('HSET', KEYS[2], 'revoked', '1')
    return {'already_used', '1'}
  end
  return {'already_used', '0'}
end
if tonumber(f[5]) <= tonumber(ARGV[4]) then return {'unknown'} end
local had = '0'
if f[4] ~= '' then had = '1' end
if f[2] ~= ARGV[1] then return {'mismatch', 'client_id', had} end
if f[3] ~= ARGV[2] then return {'mismatch', 'redirect_uri', had} end
if f[4] ~= ARGV[3] then return {'mismatch', 'code_verifier', had} end
redis.call('HSET', KEYS[1], 'used', '1', 'token', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {'consumed', redis.call('HGET', KEYS[1], 'rec')}`;

const ms = (n: number) => String(Math.max(1, Math.ceil(n)));

export function createRedisCodeStore(redis: Redis | Cluster, prefix: string): CodeStore {
  return {
    save: (k, record, ttlMs) =>
      guarded(async () => {
        const exp = String(Date.parse(record.expiresAt));
        const r = await redis.eval(SAVE, 1, flowKeys(prefix, k.flowId).code(k.hash), JSON.stringify(record), record.clientId, record.redirectUri, record.codeChallenge, exp, ms(ttlMs));
        return r === 1;
      }),
    consume: (k, binding, now, usedTtlMs, tokenHash) =>
      guarded(async () => {
        const keys = flowKeys(prefix, k.flowId);
        const r = (await redis.eval(
          CONSUME,
          2,
          keys.code(k.hash),
          keys.token,
          binding.clientId,
          binding.redirectUri,
          binding.codeChallenge,
          String(now.getTime()),
          ms(usedTtlMs),
          tokenHash,
        )) as string[];
        return toConsumption(r);
      }),
  };
}

function toConsumption(r: string[]): CodeConsumption {
  switch (r[0]) {
    case "consumed":
      return { status: "consumed", record: JSON.parse(r[1]!) as CodeRecord };
    case "already_used":
      return { status: "already_used", tokenRevoked: r[1] === "1" };
    case "mismatch":
      return { status: "mismatch", field: r[1] as "client_id" | "redirect_uri" | "code_verifier", codeHadChallenge: r[2] === "1" };
    default:
      return { status: "unknown" };
  }
}
