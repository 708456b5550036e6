/**
 * Parses large lists on a worker thread, so that validating a big ZAL does
 * not stall the requests the process is serving (a 10,000-provider ZAL takes
 * about a second). Small lists, and any failure to start a worker, fall
 * back to parsing in this thread: the verdict is the same either way.
 */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { fromPlainList, type PlainList } from "../../protocol/lists/list-transfer.js";
import type { ListError } from "../../protocol/lists/list-error.js";
import type { ListKind } from "../../protocol/lists/model.js";
import { parseList, type ParseOptions, type ParseResult } from "../../protocol/lists/parse-list.js";

export type ListParser = (bytes: Uint8Array, options: ParseOptions) => Promise<ParseResult>;

/** Below this size parsing takes a few milliseconds: not worth a thread. */
export const OFF_THREAD_MIN_BYTES = 256 * 1024;

export const parseInThread: ListParser = async (bytes, options) => parseList(bytes, options);

type WorkerAnswer = { ok: true; list: PlainList } | { ok: false; kind: ListKind | undefined; errors: ListError[] };

export function createOffThreadParser(onFallback: (reason: string) => void = () => {}, minBytes = OFF_THREAD_MIN_BYTES): ListParser {
  return async (bytes, options) => {
    if (bytes.byteLength < minBytes) return parseList(bytes, options);
    try {
      const answer = await runWorker(bytes, options);
      return answer.ok ? { ok: true, list: fromPlainList(answer.list) } : answer;
    } catch (e) {
      onFallback(e instanceof Error ? e.message : String(e));
      return parseList(bytes, options);
    }
  };
}

function runWorker(bytes: Uint8Array, options: ParseOptions): Promise<WorkerAnswer> {
  return new Promise((resolve, reject) => {
    const worker = spawn({ bytes, options });
    let settled = false;
    worker.once("message", (m: WorkerAnswer) => {
      settled = true;
      resolve(m);
      void worker.terminate();
    });
    worker.once("error", (e) => {
      if (!settled) reject(e);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`list parser worker exited with code ${code}`));
    });
  });
}

// From src/ (tsx, vitest) the worker is TypeScript and needs tsx's loader;
// from a compiled dist/ tree it is plain JavaScript.
function spawn(workerData: unknown): Worker {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new Worker(new URL("./parse-worker.js", here), { workerData });
  const require = createRequire(here);
  const tsxApi = pathToFileURL(require.resolve("tsx/package.json").replace(/package\.json$/, "dist/esm/api/index.mjs")).href;
  const entry = new URL("./parse-worker.ts", here).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
