/**
 * Runs the whole service in-process on a free port, quietly, for tests.
 *
 *   const svc = await startTestService({ ROLES: "lists" });
 *   afterAll(() => svc.close());
 *
 * `env` is passed to loadConfig() instead of process.env (PORT=0 and
 * HOST=127.0.0.1 unless given), so a test never depends on the caller's
 * environment. Demo mode is on by default (no list sources, no REDIS_URL).
 */
import { randomBytes } from "node:crypto";
import type { ConnectRouter, Interceptor } from "@connectrpc/connect";
import { loadConfig } from "../../src/config.js";
import { silentLogger, type Logger } from "../../src/log.js";
import { buildServer, type Server } from "../../src/server.js";
import { startService, type RunningService } from "../../src/service.js";
import type { HttpHandler } from "../../src/gateway/index.js";

export async function startTestService(
  env: Record<string, string | undefined> = {},
  opts: { logger?: Logger; now?: () => Date } = {},
): Promise<RunningService> {
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", ...env });
  return startService(config, {
    logger: opts.logger ?? silentLogger,
    now: opts.now,
    print: () => {},
    closeGraceMs: 500,
  });
}

/**
 * Env for startTestService with the real Redis (REDIS_URL or
 * 127.0.0.1:6379), demo lists, and a key prefix of its own.
 */
export function redisTestEnv(): { REDIS_URL: string; DEMO_MODE: "true"; REDIS_KEY_PREFIX: string } {
  return {
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    DEMO_MODE: "true",
    REDIS_KEY_PREFIX: `test-${randomBytes(6).toString("hex")}`,
  };
}

export interface TestServer {
  readonly server: Server;
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  close(): Promise<void>;
}

/** A bare server (src/server.ts) with the given routes on 127.0.0.1, port 0. */
export async function startTestServer(options: {
  routes: (router: ConnectRouter) => void;
  interceptors?: readonly Interceptor[];
  fallback?: HttpHandler;
}): Promise<TestServer> {
  const server = buildServer({ ...options, closeGraceMs: 500 });
  const { port } = await server.listen(0, "127.0.0.1");
  return { server, port, url: `http://127.0.0.1:${port}`, close: () => server.close() };
}
