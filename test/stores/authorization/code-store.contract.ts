import { describe, expect, it } from "vitest";
import type { CodeStore } from "../../../src/stores/authorization/code-store.js";
import type { TokenStore } from "../../../src/stores/authorization/token-store.js";
import { codeRecord, key, sleep, tokenRecord } from "./records.fixtures.js";

const binding = { clientId: "oauthclient.local", redirectUri: "https://oauthclient.local/cb", codeChallenge: "" };

/** A code store and the token store whose tokens a reused code revokes (they share the token slots). */
export interface CodeAndTokenStores {
  readonly codes: CodeStore;
  readonly tokens: TokenStore;
}

/** The behaviour every CodeStore implementation must have. */
export function codeStoreContract(name: string, make: () => CodeAndTokenStores): void {
  describe(`CodeStore contract: ${name}`, () => {
    it("consumes a code once; a second use is already_used and revokes the token issued from it in the same step", async () => {
      const { codes: store, tokens } = make();
      const h = key();
      const rec = codeRecord();
      expect(await store.save(h, rec, 60_000)).toBe(true);
      expect(await store.save(h, rec, 60_000)).toBe(false);
      const token = key(h.flowId);
      expect(await store.consume(h, binding, new Date(), 60_000, token.hash)).toEqual({ status: "consumed", record: rec });
      expect(await tokens.save(token, tokenRecord(), 60_000)).toBe(true);
      expect(await tokens.get(token)).toBeDefined();
      expect(await store.consume(h, binding, new Date(), 60_000, key(h.flowId).hash)).toEqual({ status: "already_used", tokenRevoked: true });
      expect(await tokens.get(token)).toBeUndefined();
      expect(await store.consume(h, binding, new Date(), 60_000, key(h.flowId).hash)).toEqual({ status: "already_used", tokenRevoked: false });
    });

    it("a second use before the token is saved keeps that token from ever being saved", async () => {
      const { codes: store, tokens } = make();
      const h = key();
      await store.save(h, codeRecord(), 60_000);
      const token = key(h.flowId);
      expect((await store.consume(h, binding, new Date(), 60_000, token.hash)).status).toBe("consumed");
      expect(await store.consume(h, binding, new Date(), 60_000, key(h.flowId).hash)).toEqual({ status: "already_used", tokenRevoked: false });
      expect(await tokens.save(token, tokenRecord(), 60_000)).toBe(false);
      expect(await tokens.get(token)).toBeUndefined();
    });

    it("a second use leaves the tokens of other flows alone", async () => {
      const { codes: store, tokens } = make();
      const other = key();
      await tokens.save(other, tokenRecord(), 60_000);
      const h = key();
      await store.save(h, codeRecord(), 60_000);
      await store.consume(h, binding, new Date(), 60_000, key(h.flowId).hash);
      expect((await store.consume(h, binding, new Date(), 60_000, "t")).status).toBe("already_used");
      expect(await tokens.get(other)).toBeDefined();
    });

    it("a code is found only under its own flow id and hash", async () => {
      const { codes: store } = make();
      const h = key();
      await store.save(h, codeRecord(), 60_000);
      expect(await store.consume({ flowId: key().flowId, hash: h.hash }, binding, new Date(), 60_000, "t")).toEqual({ status: "unknown" });
      expect(await store.consume(key(h.flowId), binding, new Date(), 60_000, "t")).toEqual({ status: "unknown" });
      expect((await store.consume(h, binding, new Date(), 60_000, "t")).status).toBe("consumed");
    });

    it("answers unknown for an unknown code and for one past its expiry time", async () => {
      const { codes: store } = make();
      expect(await store.consume(key(), binding, new Date(), 60_000, "t")).toEqual({ status: "unknown" });
      const h = key();
      await store.save(h, codeRecord({ expiresAt: new Date(Date.now() + 1000).toISOString() }), 60_000);
      expect(await store.consume(h, binding, new Date(Date.now() + 2000), 60_000, "t")).toEqual({ status: "unknown" });
    });

    it("forgets a code after its lifetime", async () => {
      const { codes: store } = make();
      const h = key();
      await store.save(h, codeRecord(), 150);
      await sleep(400);
      expect(await store.consume(h, binding, new Date(), 60_000, "t")).toEqual({ status: "unknown" });
    });

    it("does not consume on a binding mismatch, and says which part differs", async () => {
      const { codes: store } = make();
      const h = key();
      await store.save(h, codeRecord({ codeChallenge: "challenge" }), 60_000);
      const withPkce = { ...binding, codeChallenge: "challenge" };
      expect(await store.consume(h, { ...withPkce, clientId: "other.example" }, new Date(), 60_000, "t")).toEqual({ status: "mismatch", field: "client_id", codeHadChallenge: true });
      expect(await store.consume(h, { ...withPkce, redirectUri: "https://oauthclient.local/other" }, new Date(), 60_000, "t")).toEqual({
        status: "mismatch",
        field: "redirect_uri",
        codeHadChallenge: true,
      });
      expect(await store.consume(h, binding, new Date(), 60_000, "t")).toEqual({ status: "mismatch", field: "code_verifier", codeHadChallenge: true });
      expect((await store.consume(h, withPkce, new Date(), 60_000, "t")).status).toBe("consumed");

      const plain = key();
      await store.save(plain, codeRecord(), 60_000);
      expect(await store.consume(plain, withPkce, new Date(), 60_000, "t")).toEqual({ status: "mismatch", field: "code_verifier", codeHadChallenge: false });
    });

    it("of 100 parallel consumptions of one code exactly one succeeds", async () => {
      const { codes: store } = make();
      const h = key();
      await store.save(h, codeRecord(), 60_000);
      const results = await Promise.all(Array.from({ length: 100 }, () => store.consume(h, binding, new Date(), 60_000, key(h.flowId).hash)));
      expect(results.filter((r) => r.status === "consumed")).toHaveLength(1);
      expect(results.filter((r) => r.status === "already_used")).toHaveLength(99);
    });
  });
}
