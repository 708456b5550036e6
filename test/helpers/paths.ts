/** Paths for tests: the repository root, its proto/ directory and the shared references beside it. */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const protoDir = resolve(repoRoot, "proto");
/** ../shared beside the repository (read-only references; CI has them there too). */
export const sharedDir = resolve(repoRoot, "../shared");
