import type { CodeRecord } from "../../protocol/authorization/records.js";
import type { CodeStore } from "./code-store.js";
import type { TokenSlots } from "./memory-token-store.js";
import { TtlMap } from "./memory-ttl-map.js";

interface Entry {
  record: CodeRecord;
  used: boolean;
  tokenHash: string | undefined;
}

/**
 * The embedded default. Each method runs without awaiting in between, so it
 * is atomic in this process. `tokens` are the token slots of the TokenStore
 * (createMemoryTokenStore) that a second use of a code revokes.
 */
export function createMemoryCodeStore(tokens: TokenSlots, clock?: () => number): CodeStore {
  const map = new TtlMap<Entry>(clock);
  const id = (key: { flowId: string; hash: string }) => `${key.flowId} ${key.hash}`;
  return {
    async save(key, record, ttlMs) {
      if (map.has(id(key))) return false;
      map.set(id(key), { record: structuredClone(record), used: false, tokenHash: undefined }, ttlMs);
      return true;
    },
    async consume(key, binding, now, usedTtlMs, tokenHash) {
      const e = map.get(id(key));
      if (!e) return { status: "unknown" };
      if (e.used) {
        const slot = tokens.get(key.flowId);
        if (!slot) {
          // The token is not saved yet: a marker keeps it from being saved.
          tokens.set(key.flowId, { hash: e.tokenHash!, record: undefined, revoked: true }, usedTtlMs);
          return { status: "already_used", tokenRevoked: false };
        }
        const active = slot.hash === e.tokenHash && !slot.revoked;
        if (active) {
          slot.record = undefined;
          slot.revoked = true;
        }
        return { status: "already_used", tokenRevoked: active };
      }
      if (Date.parse(e.record.expiresAt) <= now.getTime()) return { status: "unknown" };
      const codeHadChallenge = e.record.codeChallenge !== "";
      if (e.record.clientId !== binding.clientId) return { status: "mismatch", field: "client_id", codeHadChallenge };
      if (e.record.redirectUri !== binding.redirectUri) return { status: "mismatch", field: "redirect_uri", codeHadChallenge };
      if (e.record.codeChallenge !== binding.codeChallenge) return { status: "mismatch", field: "code_verifier", codeHadChallenge };
      e.used = true;
      e.tokenHash = tokenHash;
      map.expire(id(key), usedTtlMs);
      return { status: "consumed", record: structuredClone(e.record) };
    },
  };
}
