import { describe, expect, it } from "vitest";
import * as flow from "../../../src/protocol/authorization/session.js";
import type { AuthorizationSession } from "../../../src/protocol/authorization/session.js";
import { ProtocolError } from "../../../src/protocol/errors.js";

const start: AuthorizationSession = {
  version: 1,
  status: "started",
  reference: "ref",
  createdAt: "2026-12-04T20:00:00.000Z",
  expiresAt: "2026-12-04T20:15:00.000Z",
  clientId: "oauthclient.local",
  redirectUri: "https://oauthclient.local/cb",
  state: "s",
  scope: "demoziekenhuis~1",
  providerName: "demoziekenhuis@medmij",
  dataServiceIds: ["1"],
  providerOnly: false,
};

function refused(f: () => unknown): ProtocolError {
  try {
    f();
  } catch (e) {
    if (e instanceof ProtocolError) return e;
    throw e;
  }
  throw new Error("expected a ProtocolError");
}

describe("session transitions", () => {
  it("runs authentication → availability → consent shown (repeatable) → decision, raising the version each time", () => {
    const a = flow.authenticated(start, "enc");
    const b = flow.available(a, ["1"]);
    const c = flow.consentShown(b);
    expect(flow.consentShown(c)).toBe(c);
    const d = flow.decided(c, "allow");
    expect([a, b, c, d].map((s) => [s.status, s.version])).toEqual([
      ["authenticated", 2],
      ["available", 3],
      ["consent_shown", 4],
      ["decided", 5],
    ]);
    expect(start.status).toBe("started");
  });

  it("refuses out-of-order and repeated steps with FAILED_PRECONDITION and a clear message", () => {
    const a = flow.authenticated(start, "enc");
    const cases: [() => unknown, RegExp][] = [
      [() => flow.available(start, ["1"]), /not logged in/],
      [() => flow.consentShown(start), /not logged in/],
      [() => flow.decided(a, "allow"), /availability check has not run/],
      [() => flow.authenticated(a, "enc"), /CompleteAuthentication is not possible/],
      [() => flow.available(flow.available(a, ["1"]), ["1"]), /CheckAvailability is not possible/],
      [() => flow.decided(flow.decided(flow.consentShown(flow.available(a, ["1"])), "deny"), "allow"), /already been made/],
      [() => flow.authenticated(flow.ended(start, "x"), "enc"), /has ended/],
    ];
    for (const [f, message] of cases) {
      const e = refused(f);
      expect(e.kind).toBe("failed_precondition");
      expect(e.reason).toBe("STEP_OUT_OF_ORDER");
      expect(e.description).toMatch(message);
    }
  });
});
