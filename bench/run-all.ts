/**
 * `npm run bench`: runs every bench in this directory that exists, one
 * after the other in one run (each in its own process, so one cannot warm
 * or starve the other), and passes through what each prints.
 *
 *   npm run bench [-- seconds-per-case]
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const benches = ["rpc.ts", "lists.ts", "flow.ts"];
const args = process.argv.slice(2);
let failed = 0;

for (const bench of benches) {
  const file = join(here, bench);
  if (!existsSync(file)) {
    console.log(`== bench/${bench}: not present, skipped`);
    continue;
  }
  console.log(`== bench/${bench}`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ["--import", "tsx", file, ...args], { stdio: "inherit", cwd: join(here, "..") });
  console.log(`== bench/${bench}: ${r.status === 0 ? "done" : `FAILED (exit ${r.status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  if (r.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
