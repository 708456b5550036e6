/**
 * npm run bench:lists — a ZAL of 10,000 providers × 3 gegevensdiensten:
 * load + validate + index with our parser, look-ups in the result, and
 * `xmllint --noout --schema` on the same file in the same run.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkAgainstSchema, matchRoot } from "../src/protocol/lists/check-against-schema.js";
import { findProvider } from "../src/protocol/lists/model.js";
import { parseList } from "../src/protocol/lists/parse-list.js";
import { readXmlTree } from "../src/protocol/lists/read-xml-tree.js";
import { decodeListBytes } from "../src/protocol/lists/refuse-hostile-xml.js";
import { createOffThreadParser } from "../src/stores/lists/parse-off-thread.js";

const PROVIDERS = Number(process.env.BENCH_PROVIDERS ?? 10_000);
const SERVICES = 3;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const xsd = path.resolve(repoRoot, "../shared/medmij/xsd/MedMij_Zorgaanbiederslijst.xsd");

function nameOf(i: number): string {
  let s = "";
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `zorgaanbieder${s}@medmij`;
}

function generate(): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<Zorgaanbiederslijst xmlns="xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release2/">\n',
    "    <Tijdstempel>2026-12-04T12:00:00Z</Tijdstempel>\n    <Volgnummer>4242</Volgnummer>\n    <Zorgaanbieders>\n",
  ];
  for (let i = 0; i < PROVIDERS; i++) {
    out.push(`        <Zorgaanbieder>\n            <Zorgaanbiedernaam>${nameOf(i)}</Zorgaanbiedernaam>\n            <Gegevensdiensten>\n`);
    for (let g = 1; g <= SERVICES; g++) {
      const host = `dva${i}.zorg${g}.nl`;
      out.push(
        `                <Gegevensdienst>\n                    <GegevensdienstId>${g}</GegevensdienstId>\n` +
          `                    <AuthorizationEndpoint>\n                        <AuthorizationEndpointuri>https://${host}/oauth/authorize</AuthorizationEndpointuri>\n                    </AuthorizationEndpoint>\n` +
          `                    <TokenEndpoint>\n                        <TokenEndpointuri>https://${host}:8443/oauth/token</TokenEndpointuri>\n                    </TokenEndpoint>\n` +
          `                    <Systeemrollen>\n                        <Systeemrol>\n                            <Systeemrolcode>LAB-1.0.0-LRB-FHIR</Systeemrolcode>\n` +
          `                            <ResourceEndpoint>\n                                <ResourceEndpointuri>https://${host}/fhir</ResourceEndpointuri>\n                            </ResourceEndpoint>\n` +
          `                        </Systeemrol>\n                    </Systeemrollen>\n                </Gegevensdienst>\n`,
      );
    }
    out.push("            </Gegevensdiensten>\n        </Zorgaanbieder>\n");
  }
  out.push("    </Zorgaanbieders>\n</Zorgaanbiederslijst>\n");
  return out.join("");
}

function time<T>(f: () => T): { ms: number; value: T } {
  const t0 = process.hrtime.bigint();
  const value = f();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

const dir = mkdtempSync(path.join(tmpdir(), "medmij-bench-lists-"));
try {
  const file = path.join(dir, "MedMij_Zorgaanbiederslijst.xml");
  writeFileSync(file, generate());
  const size = statSync(file).size;
  console.log(`ZAL: ${PROVIDERS} providers × ${SERVICES} gegevensdiensten, ${(size / 1024 / 1024).toFixed(1)} MiB (${file})`);

  const totals: number[] = [];
  const parts = { decode: [] as number[], wellFormed: [] as number[], schema: [] as number[] };
  let providers = 0;
  for (let r = 0; r < RUNS; r++) {
    const total = time(() => parseList(readFileSync(file), { maxBytes: 512 * 1024 * 1024 }));
    if (!total.value.ok) throw new Error("the generated ZAL is invalid: " + JSON.stringify(total.value.errors.slice(0, 3)));
    totals.push(total.ms);
    if (total.value.list.kind === "zal") providers = total.value.list.providers.length;
    const d = time(() => decodeListBytes(readFileSync(file), 512 * 1024 * 1024));
    if (!d.value.ok) throw new Error("decode");
    const text = d.value.text;
    const t = time(() => readXmlTree(text));
    if (!t.value.ok) throw new Error("tree");
    const root = t.value.root;
    const s = time(() => {
      const m = matchRoot(root);
      return m.ok ? checkAgainstSchema(root, m.schema) : m.errors;
    });
    parts.decode.push(d.ms);
    parts.wellFormed.push(t.ms);
    parts.schema.push(s.ms);
  }
  const ours = median(totals);
  console.log(`ours   load+validate+index: median ${fmt(ours)} over ${RUNS} runs (min ${fmt(Math.min(...totals))}); ${providers} providers indexed`);
  console.log(`         of which read+decode ${fmt(median(parts.decode))}, well-formedness+parse+namespaces ${fmt(median(parts.wellFormed))}, schema check ${fmt(median(parts.schema))}`);

  const parsed = parseList(readFileSync(file), { maxBytes: 512 * 1024 * 1024 });
  if (!parsed.ok || parsed.list.kind !== "zal") throw new Error("unreachable");
  const zal = parsed.list;
  const LOOKUPS = 1_000_000;
  const names = Array.from({ length: 1024 }, (_, i) => (i % 8 === 7 ? "onbekend@medmij" : nameOf((i * 7919) % PROVIDERS).toUpperCase()));
  let hits = 0;
  const lookup = time(() => {
    for (let i = 0; i < LOOKUPS; i++) {
      const p = findProvider(zal, names[i & 1023]!);
      if (p?.dataServiceById.get("2")) hits++;
    }
  });
  console.log(`ours   look-ups (provider by name, case-insensitive, + gegevensdienst by id): ${((lookup.ms * 1e6) / LOOKUPS).toFixed(0)} ns each over ${LOOKUPS.toLocaleString("en")} (${hits.toLocaleString("en")} hits)`);

  // The service parses large lists on a worker thread: how long is the main thread blocked meanwhile?
  const offThread = createOffThreadParser();
  let maxGap = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const t = performance.now();
    maxGap = Math.max(maxGap, t - last);
    last = t;
  }, 5);
  const off = performance.now();
  const offResult = await offThread(readFileSync(file), { maxBytes: 512 * 1024 * 1024 });
  const offMs = performance.now() - off;
  clearInterval(ticker);
  if (!offResult.ok) throw new Error("off-thread parse refused the ZAL");
  console.log(`ours   on a worker thread (as the service does): ${fmt(offMs)} in all; the main thread's longest stall meanwhile ${fmt(maxGap)}`);

  if (!existsSync(xsd)) {
    console.log(`xmllint: skipped (no XSD at ${xsd})`);
  } else {
    const runs: number[] = [];
    for (let r = 0; r < Math.max(3, Math.ceil(RUNS / 2)); r++) {
      const x = time(() => spawnSync("xmllint", ["--noout", "--schema", xsd, file], { encoding: "utf8" }));
      if (x.value.error) {
        console.log(`xmllint: not available (${x.value.error.message})`);
        break;
      }
      if (!x.value.stderr.includes("validates")) throw new Error("xmllint refused the generated ZAL: " + x.value.stderr.slice(0, 500));
      runs.push(x.ms);
    }
    if (runs.length) {
      const lint = median(runs);
      console.log(`xmllint --noout --schema (process, parse, validate): median ${fmt(lint)} over ${runs.length} runs (min ${fmt(Math.min(...runs))})`);
      console.log(`ratio  ours / xmllint: ${(ours / lint).toFixed(2)}×`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
