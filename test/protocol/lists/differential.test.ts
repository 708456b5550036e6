/**
 * Differential test: for every generated document, our XSD verdict equals
 * `xmllint --noout --schema` with the published XSDs (../shared/medmij/xsd),
 * and the full parser (XSD + local policies) never accepts what xmllint
 * refuses.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ListKind } from "../../../src/protocol/lists/model.js";
import { parseList, validateListXml } from "../../../src/protocol/lists/parse-list.js";
import { differentialCases, type Case } from "./differential-cases.js";
import { XSD } from "./list-documents.js";

const dir = mkdtempSync(path.join(tmpdir(), "medmij-lists-diff-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases = differentialCases();

/** Runs xmllint once per schema over all of that kind's files; true where it printed "<file> validates". */
function xmllintVerdicts(all: readonly Case[]): Map<Case, boolean> {
  const verdicts = new Map<Case, boolean>();
  const byKind = new Map<ListKind, { c: Case; file: string }[]>();
  all.forEach((c, i) => {
    const file = path.join(dir, `${c.kind}-${i}.xml`);
    writeFileSync(file, c.xml, "utf8");
    byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), { c, file }]);
  });
  for (const [kind, entries] of byKind) {
    const r = spawnSync("xmllint", ["--noout", "--schema", XSD[kind], ...entries.map((e) => e.file)], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (r.error) throw r.error;
    const valid = new Set(r.stderr.split("\n").filter((l) => l.endsWith(" validates")).map((l) => l.slice(0, -" validates".length)));
    for (const e of entries) verdicts.set(e.c, valid.has(e.file));
  }
  return verdicts;
}

describe("differential test against xmllint --schema", () => {
  const verdicts = xmllintVerdicts(cases);

  it("generates at least 200 documents, both valid and invalid ones", () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const valid = [...verdicts.values()].filter(Boolean).length;
    expect(valid).toBeGreaterThanOrEqual(50);
    expect(cases.length - valid).toBeGreaterThanOrEqual(100);
  });

  it("agrees with xmllint on every document", () => {
    const disagreements = cases
      .map((c) => {
        const ours = validateListXml(c.xml);
        const oursValid = ours.valid && ours.kind === c.kind;
        return { label: `${c.kind}: ${c.label}`, xmllint: verdicts.get(c), ours: oursValid, errors: ours.valid ? [] : ours.errors.slice(0, 2) };
      })
      .filter((d) => d.xmllint !== d.ours);
    expect(disagreements).toEqual([]);
  });

  it("never accepts (XSD plus policies) a document xmllint refuses", () => {
    const accepted = cases.filter((c) => parseList(c.xml, { expectedKind: c.kind }).ok && !verdicts.get(c)).map((c) => `${c.kind}: ${c.label}`);
    expect(accepted).toEqual([]);
  });

  it("names a path and a rule for every refusal", () => {
    for (const c of cases) {
      const r = validateListXml(c.xml);
      if (r.valid) continue;
      expect(r.errors.length).toBeGreaterThan(0);
      for (const e of r.errors) {
        expect(e.path).toMatch(/^\//);
        expect(e.rule).toMatch(/^[a-z0-9-]+$/);
        expect(e.message.length).toBeGreaterThan(5);
      }
    }
  });
});
