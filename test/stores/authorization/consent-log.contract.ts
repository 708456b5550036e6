import { describe, expect, it } from "vitest";
import type { ConsentLog } from "../../../src/stores/authorization/consent-log.js";
import { consentEntry } from "./records.fixtures.js";

/** The behaviour every ConsentLog implementation must have. `make` gives an empty log. */
export function consentLogContract(name: string, make: () => ConsentLog): void {
  describe(`ConsentLog contract: ${name}`, () => {
    it("lists entries newest first, in pages, until the last page", async () => {
      const log = make();
      for (let i = 0; i < 5; i++) await log.append(consentEntry({ sessionReference: `ref-${i}` }));
      const first = await log.list({ pageSize: 2 });
      expect(first.entries.map((e) => e.sessionReference)).toEqual(["ref-4", "ref-3"]);
      const second = await log.list({ pageSize: 2, after: first.next! });
      expect(second.entries.map((e) => e.sessionReference)).toEqual(["ref-2", "ref-1"]);
      const third = await log.list({ pageSize: 2, after: second.next! });
      expect(third.entries.map((e) => e.sessionReference)).toEqual(["ref-0"]);
      expect(third.next).toBeUndefined();
    });

    it("filters by client, case-insensitively", async () => {
      const log = make();
      await log.append(consentEntry({ clientId: "a.example", sessionReference: "a1" }));
      await log.append(consentEntry({ clientId: "b.example", sessionReference: "b1", decision: "deny" }));
      await log.append(consentEntry({ clientId: "a.example", sessionReference: "a2" }));
      expect((await log.list({ pageSize: 10, clientId: "A.example" })).entries.map((e) => e.sessionReference)).toEqual(["a2", "a1"]);
      const b = await log.list({ pageSize: 10, clientId: "b.example" });
      expect(b.entries).toEqual([expect.objectContaining({ decision: "deny", sessionReference: "b1" })]);
      expect((await log.list({ pageSize: 10, clientId: "c.example" })).entries).toEqual([]);
    });

    it("keeps every field of an entry", async () => {
      const log = make();
      const entry = consentEntry({ subjectHash: "h", scope: "demoziekenhuis~1 demoziekenhuis~4" });
      await log.append(entry);
      expect((await log.list({ pageSize: 1 })).entries).toEqual([entry]);
    });
  });
}
