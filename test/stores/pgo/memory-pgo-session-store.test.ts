import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createMemoryPgoSessionStore } from "../../../src/stores/pgo/memory-pgo-session-store.js";
import { sampleSession } from "../../protocol/pgo/fixtures.js";
import { pgoSessionStoreContract } from "./pgo-session-store.contract.js";

pgoSessionStoreContract("memory", async (clock) => {
  const store = createMemoryPgoSessionStore({ encryptionKey: randomBytes(32), now: clock.now });
  return {
    store,
    rawValues: async (flowId) => [store.rawSession(flowId) ?? ""],
    keysWithoutTtl: async () => [], // every entry carries its expiry by construction
    close: async () => {},
  };
});

describe("memory PgoSessionStore limits", () => {
  it("refuses new flows beyond its cap with RESOURCE_EXHAUSTED, after sweeping lapsed ones", async () => {
    let now = sampleSession().createdAt.getTime();
    const store = createMemoryPgoSessionStore({ encryptionKey: randomBytes(32), now: () => now, maxSessions: 2 });
    await store.create(sampleSession({ flowId: "a".repeat(22) }));
    await store.create(sampleSession({ flowId: "b".repeat(22) }));
    await expect(store.create(sampleSession({ flowId: "c".repeat(22) }))).rejects.toMatchObject({ reason: "TOO_MANY_SESSIONS", kind: "resource_exhausted" });
    now += 901_000;
    expect(await store.create(sampleSession({ flowId: "c".repeat(22), expiresAt: new Date(now + 1000) }))).toBe(true);
    expect(store.size()).toBe(1);
  });
});
