/**
 * The process as `npm start` runs it (src/main.ts): one summary on start,
 * the HEALTHCHECK client (src/healthcheck.ts), a clean exit on SIGTERM, and
 * exit 1 with a clear message on bad configuration.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/paths.js";

/** A clean environment: nothing of the caller's (REDIS_URL, …) leaks in. */
const baseEnv = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp" };

function node(script: string, env: Record<string, string>, args: string[] = []): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", script, ...args], { cwd: repoRoot, env: { ...baseEnv, ...env }, stdio: ["ignore", "pipe", "pipe"] });
}

async function finish(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  const [code] = (await once(child, "exit")) as [number | null];
  return { code, stdout, stderr };
}

describe("src/main.ts", () => {
  it("starts, prints one summary, is healthy, and exits 0 on SIGTERM", async () => {
    const child = node("src/main.ts", { PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn" });
    let stdout = "";
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => {
        stdout += d.toString();
        const m = /listening on 127\.0\.0\.1:(\d+)/.exec(stdout);
        if (m) resolve(Number(m[1]));
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code}: ${stdout}`)));
    });
    expect(stdout.match(/listening on/g)).toHaveLength(1);

    const healthy = await finish(node("src/healthcheck.ts", { PORT: String(port) }));
    expect(healthy).toMatchObject({ code: 0, stdout: "SERVING\n" });

    const exited = once(child, "exit");
    child.kill("SIGTERM");
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);

    const gone = await finish(node("src/healthcheck.ts", { PORT: String(port) }));
    expect(gone.code).toBe(1);
    expect(gone.stdout).toMatch(/^unhealthy: /);
  });

  it("exits 1 with the configuration error on stderr", async () => {
    const { code, stdout, stderr } = await finish(node("src/main.ts", { PORT: "eighty" }));
    expect(code).toBe(1);
    expect(stderr).toBe('medmij-oauth: configuration error: PORT: expected a whole number, got "eighty"\n');
    expect(stdout).toBe("");
  });

  it("exits 1 when Redis does not answer", async () => {
    const { code, stderr } = await finish(node("src/main.ts", { PORT: "0", REDIS_URL: "redis://127.0.0.1:1", DEMO_MODE: "true", LOG_LEVEL: "error" }));
    expect(code).toBe(1);
    expect(stderr).toMatch(/medmij-oauth: cannot start: Redis at redis:\/\/127\.0\.0\.1:1 does not answer/);
  });
});
