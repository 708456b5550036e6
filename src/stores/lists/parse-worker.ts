/** Worker-thread entry: parses one list (workerData) and posts the verdict as plain data. */
import { parentPort, workerData } from "node:worker_threads";
import { toPlainList } from "../../protocol/lists/list-transfer.js";
import { parseList, type ParseOptions } from "../../protocol/lists/parse-list.js";

const { bytes, options } = workerData as { bytes: Uint8Array; options: ParseOptions };
const result = parseList(bytes, options);
parentPort!.postMessage(result.ok ? { ok: true, list: toPlainList(result.list) } : { ok: false, kind: result.kind, errors: result.errors });
