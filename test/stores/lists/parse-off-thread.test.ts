import { describe, expect, it } from "vitest";
import { findProvider } from "../../../src/protocol/lists/model.js";
import { parseList } from "../../../src/protocol/lists/parse-list.js";
import { createOffThreadParser } from "../../../src/stores/lists/parse-off-thread.js";
import { oclXml, zalXml } from "../../protocol/lists/list-documents.js";

const providers = Array.from({ length: 200 }, (_, i) => ({
  name: `${String.fromCharCode(97 + (i % 26))}${"z".repeat(1 + Math.floor(i / 26))}kliniek@medmij`,
  services: [{ id: "1" }, { id: "4", roles: [{ code: "A" }, { code: "B", uri: `https://fhir${i}.example.nl:8443/fhir` }] }],
}));

describe("parsing on a worker thread", () => {
  const offThread = createOffThreadParser(() => {
    throw new Error("the worker should start");
  }, 0);

  it("gives the same frozen list, with working look-ups, as parsing in this thread", async () => {
    const bytes = Buffer.from(zalXml({ volgnummer: 77, providers }));
    const here = parseList(bytes);
    const there = await offThread(bytes, { expectedKind: "zal", maxBytes: 1 << 20 });
    expect(there.ok).toBe(true);
    if (!there.ok || !here.ok || there.list.kind !== "zal" || here.list.kind !== "zal") throw new Error("kinds");
    expect(there.list.providers).toEqual(here.list.providers);
    expect(there.list.volgnummer).toBe(77);
    expect(Object.isFrozen(there.list)).toBe(true);
    expect(findProvider(there.list, "AZKLINIEK@medmij")?.dataServiceById.get("4")?.systemRoles[1]?.resourceEndpointUri).toBe("https://fhir0.example.nl:8443/fhir");
  });

  it("gives the same errors as parsing in this thread", async () => {
    const bytes = Buffer.from(oclXml({ clients: [["A.example.nl", "x"]] }));
    const there = await offThread(bytes, { maxBytes: 1 << 20 });
    expect(there).toEqual(parseList(bytes));
    expect(there.ok).toBe(false);
  });

  it("falls back to this thread when a worker cannot take the job", async () => {
    const reasons: string[] = [];
    const parser = createOffThreadParser((r) => reasons.push(r), 0);
    const r = await parser(Buffer.from(oclXml()), { maxBytes: 1 << 20, uncloneable: () => 1 } as never);
    expect(r.ok).toBe(true);
    expect(reasons).toHaveLength(1);
  });

  it("parses small lists in this thread", async () => {
    const reasons: string[] = [];
    const parser = createOffThreadParser((r) => reasons.push(r));
    const r = await parser(Buffer.from(oclXml()), { maxBytes: 1 << 20, uncloneable: () => 1 } as never);
    expect(r.ok).toBe(true);
    expect(reasons).toEqual([]);
  });
});
