/** The operator's CLI, run as a child process through its bin, as an operator would. */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot, sharedDir } from "../helpers/paths.js";
import { zalXml } from "../protocol/lists/list-documents.js";

const bin = path.join(repoRoot, "bin/medmij-lists.js");
const examples = path.join(sharedDir, "medmij/examples");
const tmp = mkdtempSync(path.join(tmpdir(), "medmij-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: tmp, encoding: "utf8" }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("medmij-lists validate", () => {
  it.each([
    ["zal-example.xml", "valid zal volgnummer=17"],
    ["ocl-release2.xml", "valid ocl volgnummer=522"],
    ["gnl-release1.xml", "valid gnl volgnummer=28800"],
    ["whitelist-example.xml", "valid whitelist volgnummer=4711"],
  ])("detects the kind of %s from its root element and says it is valid", async (file, line) => {
    const r = await run("validate", path.join(examples, file));
    expect(r).toMatchObject({ code: 0, stdout: `${line}\n`, stderr: "" });
  });

  it("prints each error with its path and rule, and exits 1", async () => {
    const r = await run("validate", path.join(examples, "whitelist-2018-text-nodes.xml"));
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines[0]).toMatch(/^invalid whitelist: 8 errors in /);
    expect(lines.slice(1)).toHaveLength(8);
    expect(lines[1]).toMatch(/^\/Whitelist\/MedMijNodes\/MedMijNode\[1\]: \[whitelist-2018-shape\] /);
  });

  it("reports several errors of one file", async () => {
    const file = path.join(tmp, "bad-zal.xml");
    writeFileSync(file, zalXml({ volgnummer: 0, providers: [{ name: "Huisarts@medmij", services: [{ id: "1", auth: "https://a.example.nl:443/x" }] }] }));
    const r = await run("validate", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("/Zorgaanbiederslijst/Volgnummer: [positive-integer]");
    expect(r.stderr).toContain("/Zorgaanbiederslijst/Zorgaanbieders/Zorgaanbieder[1]/Zorgaanbiedernaam: [pattern]");
    expect(r.stderr).toContain("AuthorizationEndpointuri: [pattern]");
  });

  it("refuses a DOCTYPE and a file over --max-bytes", async () => {
    const file = path.join(tmp, "doctype.xml");
    writeFileSync(file, `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<x>&a;</x>`);
    const r = await run("validate", file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("/: [doctype]");
    const big = await run("validate", path.join(examples, "zal-release2.xml"), "--max-bytes", "1000");
    expect(big.code).toBe(1);
    expect(big.stderr).toMatch(/\[size\].*cap of 1000 bytes/);
  });

  it("exits 2 with usage for a missing file, a missing argument or an unknown command", async () => {
    expect(await run("validate", path.join(tmp, "none.xml"))).toMatchObject({ code: 2, stderr: expect.stringMatching(/cannot read .*ENOENT/) });
    expect(await run("validate")).toMatchObject({ code: 2, stderr: expect.stringContaining("usage: medmij-lists validate FILE") });
    expect(await run("frobnicate")).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "frobnicate"') });
    expect(await run("--help")).toMatchObject({ code: 0, stdout: expect.stringContaining("usage: medmij-lists validate FILE") });
  });
});
