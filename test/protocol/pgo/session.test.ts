import { describe, expect, it } from "vitest";
import { flowIdOf, formatFlowSecret, hashSecret, matchesHash, SESSION_SECRET_CHARS, STATE_SECRET_CHARS } from "../../../src/protocol/pgo/flow-ids.js";
import {
  acceptAuthorizationCode,
  acceptToken,
  beginExchange,
  EXPIRED_TOKEN_GRACE_MS,
  failSession,
  requireValidToken,
} from "../../../src/protocol/pgo/session.js";

import { at, sampleSession } from "./fixtures.js";
import { reasonOf as reason } from "../../helpers/protocol-error.js";

describe("PGO session transitions", () => {
  it("authorizing → code_received → exchanging → authorized", () => {
    const withCode = acceptAuthorizationCode(sampleSession(), "the-code", at(10));
    expect(withCode).toMatchObject({ status: "code_received", authorizationCode: "the-code", codeReceivedAt: at(10) });
    const exchanging = beginExchange(withCode, at(20));
    expect(exchanging.status).toBe("exchanging");
    expect(exchanging.authorizationCode).toBe("the-code");
    const done = acceptToken(exchanging, { accessToken: "tok", tokenType: "Bearer", scope: "demoziekenhuis~1", expiresAt: at(1000) });
    expect(done.status).toBe("authorized");
    expect(done.authorizationCode).toBeUndefined();
    expect(done.expiresAt.getTime()).toBe(at(1000).getTime() + EXPIRED_TOKEN_GRACE_MS);
    expect(requireValidToken(done, at(999)).accessToken).toBe("tok");
  });

  it("accepts a code once, and exchanges a code once", () => {
    const withCode = acceptAuthorizationCode(sampleSession(), "c", at(1));
    expect(reason(() => acceptAuthorizationCode(withCode, "c2", at(2)))).toBe("STATE_ALREADY_USED");
    expect(reason(() => beginExchange(beginExchange(withCode, at(2)), at(3)))).toBe("CODE_ALREADY_PRESENTED");
    expect(reason(() => beginExchange(sampleSession(), at(2)))).toBe("NO_AUTHORIZATION_CODE");
    expect(reason(() => beginExchange(failSession(withCode, "X"), at(2)))).toBe("CODE_ALREADY_PRESENTED");
    expect(reason(() => beginExchange(withCode, at(901)))).toBe("SESSION_EXPIRED");
  });

  it("says clearly that a token has expired, or that there is none yet", () => {
    const done = acceptToken(beginExchange(acceptAuthorizationCode(sampleSession(), "c", at(1)), at(2)), {
      accessToken: "tok",
      tokenType: "Bearer",
      scope: "s",
      expiresAt: at(100),
    });
    expect(reason(() => requireValidToken(done, at(100)))).toBe("ACCESS_TOKEN_EXPIRED");
    expect(reason(() => requireValidToken(sampleSession(), at(1)))).toBe("NO_ACCESS_TOKEN");
  });

  it("failing drops the code", () => {
    const failed = failSession(acceptAuthorizationCode(sampleSession(), "c", at(1)), "PROVIDER_ACCESS_DENIED");
    expect(failed).toMatchObject({ status: "failed", failureReason: "PROVIDER_ACCESS_DENIED", authorizationCode: undefined });
  });
});

describe("flow ids (session id and state)", () => {
  it("share the flow id, carry ≥ 256 / ≥ 128 secret bits, and are stored only as hashes", () => {
    const flow = new Uint8Array(16).fill(1);
    const sid = formatFlowSecret(flow, new Uint8Array(32).fill(2));
    const state = formatFlowSecret(flow, new Uint8Array(16).fill(3));
    expect(flowIdOf(sid.value, SESSION_SECRET_CHARS)).toBe(sid.flowId);
    expect(flowIdOf(state.value, STATE_SECRET_CHARS)).toBe(sid.flowId);
    expect(flowIdOf(state.value, SESSION_SECRET_CHARS)).toBeUndefined();
    expect(matchesHash(sid.value, hashSecret(sid.value))).toBe(true);
    expect(matchesHash(state.value, hashSecret(sid.value))).toBe(false);
  });

  it("rejects values that are not ours", () => {
    for (const v of ["", "nodot", ".x", "a.b", "A".repeat(22) + ".short", "A".repeat(22) + "." + "b".repeat(43) + "!", "x".repeat(300)]) {
      expect(flowIdOf(v, STATE_SECRET_CHARS)).toBeUndefined();
    }
  });
});
