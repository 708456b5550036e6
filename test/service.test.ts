/** startService (src/service.ts): roles, Redis, the startup summary, stopping. */
import { describe, expect, it } from "vitest";
import { Code, ConnectError, createClient } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { Redis } from "ioredis";
import { Health, HealthCheckResponse_ServingStatus as S } from "../gen/grpc/health/v1/health_pb.js";
import { Lists } from "../gen/medmij/lists/v1/lists_pb.js";
import { AuthorizationServer } from "../gen/medmij/authorization/v1/authorization_server_pb.js";
import { PgoClient } from "../gen/medmij/pgo/v1/pgo_client_pb.js";
import { loadConfig } from "../src/config.js";
import { silentLogger } from "../src/log.js";
import { startService } from "../src/service.js";
import { redisTestEnv, startTestService } from "./helpers/service.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

describe("startService", () => {
  it("serves only the roles asked for, plus health and reflection", async () => {
    const svc = await startTestService({ ROLES: "lists" });
    try {
      expect(svc.serviceNames).toEqual([
        "medmij.lists.v1.Lists",
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
      ]);
      const transport = createGrpcTransport({ baseUrl: svc.url });
      const health = createClient(Health, transport);
      expect((await health.check({ service: "medmij.lists.v1.Lists" })).status).toBe(S.SERVING);
      const notServed = await health.check({ service: "medmij.authorization.v1.AuthorizationServer" }).catch((e: unknown) => ConnectError.from(e));
      expect((notServed as ConnectError).code).toBe(Code.NotFound);
      const as = createClient(AuthorizationServer, transport);
      const err = await as.listConsents({}).catch((e: unknown) => ConnectError.from(e));
      expect((err as ConnectError).code).toBe(Code.Unimplemented);
    } finally {
      await svc.close();
    }
  });

  it("gives the in-process transport the same routes (the gateways' way in)", async () => {
    const svc = await startTestService({ ROLES: "lists" });
    try {
      const status = await createClient(Lists, svc.transport).getListStatus({});
      expect(status.lists.map((l) => l.loaded)).toEqual([true, true, true, true]);
      expect((await createClient(Health, svc.transport).check({})).status).toBe(S.SERVING);
    } finally {
      await svc.close();
    }
  });

  it("in demo mode with PORT=0, puts the bound port into the demo URLs (redirect URI, provider endpoints)", async () => {
    const svc = await startTestService();
    try {
      const pgo = createClient(PgoClient, svc.transport);
      const started = await pgo.startAuthorization({ providerName: "demoziekenhuis@medmij", dataServiceIds: ["1"] });
      const url = new URL(started.authorizationUrl);
      expect(url.origin).toBe(`http://dva.localhost:${svc.port}`);
      expect(url.searchParams.get("redirect_uri")).toBe(`http://pgo.localhost:${svc.port}/pgo/callback`);
    } finally {
      await svc.close();
    }
  });

  it("prints one summary with roles, store, list versions, port and what demo mode relaxes", async () => {
    const printed: string[] = [];
    const svc = await startService(loadConfig({ PORT: "0", HOST: "127.0.0.1" }), { logger: silentLogger, print: (t) => printed.push(t) });
    try {
      expect(printed).toHaveLength(1);
      const text = printed[0]!;
      expect(text).toContain(`listening on 127.0.0.1:${svc.port}`);
      expect(text).toMatch(/roles: +authorization, pgo, lists/);
      expect(text).toMatch(/store: +memory/);
      expect(text).toMatch(/zal #\d+ \(.+\), ocl #\d+/);
      expect(text).toMatch(/demo: +ON — relaxes: bundled demo lists; mock DigiD/);
    } finally {
      await svc.close();
    }
  });

  it("uses Redis when REDIS_URL is set, and names it without its password", async () => {
    const env = redisTestEnv();
    const prefix = env.REDIS_KEY_PREFIX;
    const printed: string[] = [];
    const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", ...env });
    const svc = await startService(config, { logger: silentLogger, print: (t) => printed.push(t) });
    try {
      expect(printed[0]).toMatch(/store: +redis redis:\/\//);
      expect(printed[0]).toContain(`key prefix "${prefix}"`);
      expect((await createClient(Health, svc.transport).check({})).status).toBe(S.SERVING);
    } finally {
      await svc.close();
      // Leave nothing behind under this run's prefix.
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    }
  });

  it("fails clearly at start when Redis does not answer", async () => {
    const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", REDIS_URL: "redis://:pw@127.0.0.1:1", DEMO_MODE: "true" });
    const err = await startService(config, { logger: silentLogger, print: () => {} }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/^Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1 does not answer/);
  });

  it("fails clearly when the port is taken", async () => {
    const first = await startTestService({ ROLES: "lists" });
    try {
      const err = await startTestService({ ROLES: "lists", PORT: String(first.port) }).catch((e: Error) => e);
      expect((err as NodeJS.ErrnoException).code).toBe("EADDRINUSE");
    } finally {
      await first.close();
    }
  });
});

describe("startService with a Redis that goes away", () => {
  it("turns health NOT_SERVING while Redis is down and SERVING when it is back", async () => {
    const redisServer = await startRedisServer();
    const svc = await startTestService({ REDIS_URL: redisServer.url, DEMO_MODE: "true", ROLES: "lists" });
    const health = createClient(Health, svc.transport);
    const statusBecomes = async (want: S) => {
      for (;;) {
        if ((await health.check({})).status === want) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await statusBecomes(S.SERVING);
      await redisServer.stop();
      await statusBecomes(S.NOT_SERVING);
      await redisServer.restart();
      await statusBecomes(S.SERVING);
    } finally {
      await svc.close();
      await redisServer.stop();
    }
  });
});

/** A redis-server of this test's own on a free port (no persistence). */
async function startRedisServer() {
  const { spawn } = await import("node:child_process");
  const { createServer } = await import("node:net");
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
  let child: ReturnType<typeof spawn> | undefined;
  const start = async () => {
    child = spawn("redis-server", ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"], { stdio: "ignore" });
    const probe = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: null });
    probe.on("error", () => {});
    await probe.connect().catch(() => undefined);
    await probe.ping();
    probe.disconnect();
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    restart: start,
    stop: async () => {
      const c = child;
      child = undefined;
      if (!c || c.exitCode !== null) return;
      const exited = new Promise((r) => c.once("exit", r));
      c.kill("SIGTERM");
      await exited;
    },
  };
}
