import type { Cluster, Redis } from "ioredis";
import type { CodeStore } from "./code-store.js";
import type { ConsentLog } from "./consent-log.js";
import { createMemoryCodeStore } from "./memory-code-store.js";
import { createMemoryConsentLog } from "./memory-consent-log.js";
import { createMemoryPendingSessions } from "./memory-pending-sessions.js";
import { createMemorySessionStore } from "./memory-session-store.js";
import { createMemoryTokenStore, createTokenSlots } from "./memory-token-store.js";
import { createRedisCodeStore } from "./redis-code-store.js";
import { createRedisConsentLog } from "./redis-consent-log.js";
import { createRedisPendingSessions } from "./redis-pending-sessions.js";
import { createRedisSessionStore } from "./redis-session-store.js";
import { createRedisTokenStore } from "./redis-token-store.js";
import type { PendingSessions } from "./pending-sessions.js";
import type { SessionStore } from "./session-store.js";
import type { TokenStore } from "./token-store.js";

export interface AuthorizationStores {
  readonly kind: "memory" | "redis";
  readonly sessions: SessionStore;
  readonly codes: CodeStore;
  readonly tokens: TokenStore;
  readonly consents: ConsentLog;
  /** Pending sessions per client (the cap against resource exhaustion). */
  readonly pending: PendingSessions;
}

export function createMemoryStores(): AuthorizationStores {
  // Codes and tokens share the token slots: a reused code revokes its token.
  const tokenSlots = createTokenSlots();
  return {
    kind: "memory",
    sessions: createMemorySessionStore(),
    codes: createMemoryCodeStore(tokenSlots),
    tokens: createMemoryTokenStore(tokenSlots),
    consents: createMemoryConsentLog(),
    pending: createMemoryPendingSessions(),
  };
}

/**
 * `prefix` is e.g. "medmij:as". A flow's keys are `${prefix}:{flowId}:session`,
 * `…:code:<hash>` and `…:token` (redis-keys.ts); the consent log, a log across
 * flows, is `${prefix}:{consents}:…`; a client's pending sessions are
 * `${prefix}:{client:<hostname>}:pending`.
 */
export function createRedisStores(redis: Redis | Cluster, prefix: string): AuthorizationStores {
  return {
    kind: "redis",
    sessions: createRedisSessionStore(redis, prefix),
    codes: createRedisCodeStore(redis, prefix),
    tokens: createRedisTokenStore(redis, prefix),
    consents: createRedisConsentLog(redis, prefix),
    pending: createRedisPendingSessions(redis, prefix),
  };
}
