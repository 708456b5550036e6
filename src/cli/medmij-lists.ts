/**
 * medmij-lists: the operator's tool for MedMij list files.
 *
 *   medmij-lists validate FILE [--max-bytes N]
 *
 * Detects the list from its root element (namespace and name), validates it
 * as the published XSD does plus this service's two policies (a safe-integer
 * Volgnummer, a Tijdstempel with a time zone), and prints
 * "valid <kind> volgnummer=<N>" (exit 0) or every error, one per line as
 * "<path>: [<rule>] <message>" (exit 1). Exit 2: usage error or unreadable file.
 */
import { readFile, stat } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import { formatListError } from "../protocol/lists/list-error.js";
import { DEFAULT_MAX_BYTES, parseList } from "../protocol/lists/parse-list.js";

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `usage: medmij-lists validate FILE [--max-bytes N]

  validate   check a ZAL, OCL, GNL or Whitelist file against the MedMij schema;
             prints "valid <kind> volgnummer=<N>" (exit 0) or each error (exit 1)`;

const stdio: CliIo = { out: (l) => process.stdout.write(l + "\n"), err: (l) => process.stderr.write(l + "\n") };

export async function main(argv: readonly string[], io: CliIo = stdio): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    io.out(USAGE);
    return 0;
  }
  if (command !== "validate") {
    io.err(command === undefined ? USAGE : `unknown command "${command}"\n${USAGE}`);
    return 2;
  }
  let file: string | undefined;
  let maxBytes = DEFAULT_MAX_BYTES;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === "--max-bytes") {
      const v = rest[++i];
      if (!v || !/^\d+$/.test(v) || Number(v) < 1) {
        io.err("--max-bytes needs a positive whole number");
        return 2;
      }
      maxBytes = Number(v);
    } else if (a.startsWith("-") && a !== "-") {
      io.err(`unknown option "${a}"\n${USAGE}`);
      return 2;
    } else if (file === undefined) {
      file = a;
    } else {
      io.err(`validate takes one FILE\n${USAGE}`);
      return 2;
    }
  }
  if (file === undefined) {
    io.err(`validate needs a FILE\n${USAGE}`);
    return 2;
  }
  let bytes: Buffer;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw Object.assign(new Error("not a file"), { code: "not a regular file" });
    if (s.size > maxBytes) {
      io.err(`${file}: [size] the file is ${s.size} bytes, larger than the cap of ${maxBytes} bytes (--max-bytes)`);
      return 1;
    }
    bytes = await readFile(file);
  } catch (e) {
    io.err(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return 2;
  }
  const result = parseList(bytes, { maxBytes });
  if (result.ok) {
    io.out(`valid ${result.list.kind} volgnummer=${result.list.volgnummer}`);
    return 0;
  }
  io.err(`invalid ${result.kind ?? "document"}: ${result.errors.length} error${result.errors.length === 1 ? "" : "s"} in ${file}`);
  for (const e of result.errors) io.err(formatListError(e));
  return 1;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) process.exitCode = await main(process.argv.slice(2));
