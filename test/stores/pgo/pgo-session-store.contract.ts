import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { acceptAuthorizationCode, acceptToken, beginExchange, type PgoSession } from "../../../src/protocol/pgo/session.js";
import { hashSecret } from "../../../src/protocol/pgo/flow-ids.js";
import type { PgoSessionStore } from "../../../src/stores/pgo/pgo-session-store.js";
import { randomBytes } from "node:crypto";

export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export interface PgoStoreHarness {
  store: PgoSessionStore;
  /** Every value the store holds for a flow, as held (to check that secrets are sealed). */
  rawValues(flowId: string): Promise<string[]>;
  /** Keys (or entries) that would never lapse. */
  keysWithoutTtl(): Promise<string[]>;
  close(): Promise<void>;
}

/** The one contract every PGO session store passes (memory and Redis). */
export function pgoSessionStoreContract(name: string, makeHarness: (clock: TestClock) => Promise<PgoStoreHarness>): void {
  describe(`PgoSessionStore contract: ${name}`, () => {
    let clock: TestClock;
    let h: PgoStoreHarness;
    beforeEach(async () => {
      let t = Date.now();
      clock = { now: () => t, advance: (ms) => (t += ms) };
      h = await makeHarness(clock);
    });
    afterEach(async () => {
      await h.close();
    });

    const newSession = (overrides: Partial<PgoSession> = {}): PgoSession => {
      const created = new Date(clock.now());
      return {
        flowId: randomBytes(16).toString("base64url"),
        sessionIdHash: hashSecret("SESSIONID-" + randomBytes(8).toString("hex")),
        stateHash: hashSecret("STATEVALUE-" + randomBytes(8).toString("hex")),
        providerName: "demoziekenhuis@medmij",
        dataServiceIds: ["1", "4"],
        scope: "demoziekenhuis~1 demoziekenhuis~4",
        interfaceVersion: "2.1",
        tokenEndpointUri: "https://dva.localhost/oauth/token",
        codeVerifier: "VERIFIER" + "v".repeat(40),
        correlationId: "c0e7b545-0000-4000-8000-000000000001",
        createdAt: created,
        expiresAt: new Date(created.getTime() + 60_000),
        status: "authorizing",
        ...overrides,
      };
    };

    it("gives back what was created, dates and all; undefined for an unknown flow", async () => {
      const s = newSession();
      expect(await h.store.create(s)).toBe(true);
      expect(await h.store.get(s.flowId)).toEqual(s);
      expect(await h.store.get("unknownflowunknownflow")).toBeUndefined();
    });

    it("refuses to create a flow id twice", async () => {
      const s = newSession();
      expect(await h.store.create(s)).toBe(true);
      expect(await h.store.create({ ...s, providerName: "other@medmij" })).toBe(false);
      expect((await h.store.get(s.flowId))?.providerName).toBe("demoziekenhuis@medmij");
    });

    it("consumes the state once; a wrong state does not burn the right one", async () => {
      const s = newSession();
      await h.store.create(s);
      expect(await h.store.consumeState(s.flowId, hashSecret("wrong"))).toBe(false);
      expect(await h.store.consumeState(s.flowId, s.stateHash)).toBe(true);
      expect(await h.store.consumeState(s.flowId, s.stateHash)).toBe(false);
      expect(await h.store.consumeState("unknownflowunknownflow", s.stateHash)).toBe(false);
    });

    it("lets exactly one of many concurrent callers consume the state, and claim the code", async () => {
      const s = newSession();
      await h.store.create(s);
      const states = await Promise.all(Array.from({ length: 20 }, () => h.store.consumeState(s.flowId, s.stateHash)));
      expect(states.filter(Boolean)).toHaveLength(1);
      const claims = await Promise.all(Array.from({ length: 20 }, () => h.store.claimCode(s.flowId, s.expiresAt)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await h.store.claimCode(s.flowId, s.expiresAt)).toBe(false);
    });

    it("saves over an existing session only", async () => {
      const s = newSession();
      await h.store.create(s);
      const withCode = acceptAuthorizationCode(s, "CODEVALUE123", new Date(clock.now()));
      expect(await h.store.save(withCode)).toBe(true);
      expect(await h.store.get(s.flowId)).toEqual(withCode);
      expect(await h.store.save(newSession())).toBe(false);
    });

    it("lets a session lapse at its expiry, and a token extends it", async () => {
      const s = newSession();
      await h.store.create(s);
      const other = newSession();
      await h.store.create(other);
      const exchanging = beginExchange(acceptAuthorizationCode(s, "CODEVALUE123", new Date(clock.now())), new Date(clock.now()));
      const authorized = acceptToken({ ...exchanging, authorizationCode: undefined }, {
        accessToken: "ACCESSTOKEN123",
        tokenType: "Bearer",
        scope: s.scope,
        expiresAt: new Date(clock.now() + 120_000),
      });
      await h.store.save(authorized);
      clock.advance(61_000);
      expect(await h.store.get(other.flowId)).toBeUndefined();
      expect((await h.store.get(s.flowId))?.token?.accessToken).toBe("ACCESSTOKEN123");
    });

    it("keeps verifier, code and access token sealed, and session id and state only as hashes", async () => {
      const sessionId = "SESSIONIDPLAIN";
      const state = "STATEPLAIN";
      const s = newSession({ sessionIdHash: hashSecret(sessionId), stateHash: hashSecret(state) });
      await h.store.create(s);
      await h.store.save(acceptAuthorizationCode(s, "CODEPLAIN", new Date(clock.now())));
      let raw = (await h.rawValues(s.flowId)).join("\n");
      expect(raw).not.toContain("CODEPLAIN");
      expect(raw).not.toContain("VERIFIER");
      await h.store.save(
        acceptToken({ ...s, status: "exchanging" }, { accessToken: "TOKENPLAIN", tokenType: "Bearer", scope: s.scope, expiresAt: new Date(clock.now() + 30_000) }),
      );
      raw = (await h.rawValues(s.flowId)).join("\n");
      for (const secret of ["TOKENPLAIN", "VERIFIER", sessionId, state]) expect(raw).not.toContain(secret);
      expect(raw).toContain("demoziekenhuis@medmij");
    });

    it("gives every key a time to live", async () => {
      const s = newSession();
      await h.store.create(s);
      await h.store.claimCode(s.flowId, s.expiresAt);
      await h.store.save(acceptAuthorizationCode(s, "c", new Date(clock.now())));
      expect(await h.keysWithoutTtl()).toEqual([]);
    });
  });
}
