#!/usr/bin/env node
// Runs src/cli/medmij-lists.ts through tsx (a fresh clone after `npm ci`),
// or the compiled dist/ tree when tsx is not installed (npm ci --omit=dev).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const source = new URL("../src/cli/medmij-lists.ts", import.meta.url);
const compiled = new URL("../dist/src/cli/medmij-lists.js", import.meta.url);

async function load() {
  if (existsSync(fileURLToPath(source))) {
    try {
      const { register } = await import("tsx/esm/api");
      register();
      return await import(source.href);
    } catch (e) {
      if (!existsSync(fileURLToPath(compiled))) throw e;
    }
  }
  return import(compiled.href);
}

const cli = await load();
process.exitCode = await cli.main(process.argv.slice(2));
