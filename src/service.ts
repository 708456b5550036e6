/**
 * The composition root as a function: config in, a running service out.
 * src/main.ts calls it for the real process; tests call it to run the whole
 * service in-process on port 0 and stop it again.
 *
 * Order: Redis (when configured; fails clearly when it does not answer) →
 * the lists (always: every role reads them) → the roles the config asks for
 * → routes with health and reflection → the gateways over an in-process
 * transport on the same routes → listen → one startup summary.
 */
import { createRouterTransport, type Transport } from "@connectrpc/connect";
import { Redis } from "ioredis";
import { createServer as createNetServer } from "node:net";
import { hkdfSync } from "node:crypto";
import { projectPath, withPort, type Config } from "./config.js";
import { createGateway, type HttpHandler } from "./gateway/index.js";
import { createLogger, type Logger } from "./log.js";
import { LIST_KINDS, type ListsView } from "./protocol/lists/model.js";
import { protocolErrorInterceptor } from "./rpc/errors.js";
import { createHealthRegistry, ServingStatus, type HealthRegistry } from "./rpc/health.js";
import { REFLECTION_SERVICE_NAMES } from "./rpc/reflection.js";
import { composeRoutes } from "./rpc/routes.js";
import { Health } from "../gen/grpc/health/v1/health_pb.js";
import { buildServer } from "./server.js";
import { wireAuthorization } from "./wiring/authorization.js";
import type { Infra, WiredRole } from "./wiring/infra.js";
import { wireLists } from "./wiring/lists.js";
import { wirePgo } from "./wiring/pgo.js";

export interface StartOptions {
  /** Default: a JSON logger at config.logLevel on stdout. */
  readonly logger?: Logger;
  /** Where the startup summary goes; default stdout. Pass () => {} to keep tests quiet. */
  readonly print?: (text: string) => void;
  /** Default: the wall clock. */
  readonly now?: () => Date;
  /** How long close() lets in-flight requests finish (default 5000 ms). */
  readonly closeGraceMs?: number;
}

export interface RunningService {
  /** The port actually bound (config.port 0 picks a free one). */
  readonly port: number;
  /** http://127.0.0.1:PORT (or the configured host): a base URL for clients. */
  readonly url: string;
  /** Serving status per service; close() sets NOT_SERVING first. */
  readonly health: HealthRegistry;
  /** An in-process transport over the same routes and interceptors (what the gateways use). */
  readonly transport: Transport;
  /** The current lists. */
  readonly lists: ListsView;
  /** Fully qualified names of every service served (roles, health, reflection). */
  readonly serviceNames: readonly string[];
  /** The startup summary as printed. */
  readonly summary: string;
  /** Health NOT_SERVING, close the server, close the roles, quit Redis. Safe to call twice. */
  close(): Promise<void>;
}

export async function startService(requested: Config, opts: StartOptions = {}): Promise<RunningService> {
  // Demo URLs embed the port, so PORT=0 in demo mode is resolved before wiring.
  const config = requested.demoMode && requested.port === 0 ? withPort(requested, await findFreePort(requested.host)) : requested;
  const logger = opts.logger ?? createLogger(config.logLevel, { service: "medmij-oauth" });
  const print = opts.print ?? ((text: string) => process.stdout.write(text));
  const redis = config.redis.url ? await connectRedis(config.redis.url, logger) : undefined;
  const roles: WiredRole[] = [];
  const roleNames: string[] = [];
  try {
    const infra: Infra = { config, logger, redis, now: opts.now ?? (() => new Date()) };
    const lists = await wireLists(infra);
    roles.push(lists.role);
    roleNames.push("lists");
    const served: WiredRole[] = config.roles.has("lists") ? [lists.role] : [];
    if (config.roles.has("authorization")) {
      const role = await wireAuthorization(infra, lists.view);
      roles.push(role);
      roleNames.push("authorization");
      served.push(role);
    }
    if (config.roles.has("pgo")) {
      const role = await wirePgo(infra, lists.view);
      roles.push(role);
      roleNames.push("pgo");
      served.push(role);
    }

    const serviceNames = [
      ...served.flatMap((r) => r.serviceNames),
      Health.typeName,
      ...REFLECTION_SERVICE_NAMES,
    ];
    const health = createHealthRegistry(serviceNames);
    let stopping = false;
    if (redis) {
      // Without Redis no flow can progress: report it, and recover with it (ioredis reconnects).
      redis.on("close", () => {
        if (!stopping) health.setAll(ServingStatus.NOT_SERVING);
      });
      redis.on("ready", () => {
        if (!stopping) health.setAll(ServingStatus.SERVING);
      });
    }
    const routes = composeRoutes(
      served.map((r) => (router) => r.register(router)),
      health,
    );
    const interceptors = [protocolErrorInterceptor];
    const transport = createRouterTransport(routes, { router: { interceptors } });

    // The gateways need the bound port (demo links), known only after listen().
    let gateway: HttpHandler | undefined;
    const server = buildServer({
      routes,
      interceptors,
      fallback: (req, res) => {
        if (gateway) return gateway(req, res);
        res.statusCode = 503;
        res.end();
      },
      closeGraceMs: opts.closeGraceMs,
    });
    const address = await server.listen(config.port, config.host);
    gateway = createGateway({
      transport,
      logger: logger.child({ component: "gateway" }),
      demoMode: config.demoMode,
      publicPort: address.port,
      secureCookies: !config.demoMode,
      provider: config.roles.has("authorization"),
      pgo: config.roles.has("pgo"),
      demoDir: projectPath("demo"),
      // Derived from the shared key, so that replicas accept each other's form tokens.
      csrfSecret: new Uint8Array(hkdfSync("sha256", config.authorization.encryptionKey, new Uint8Array(0), "medmij-oauth gateway csrf", 32)),
    });

    const host = config.host === "0.0.0.0" || config.host === "::" || config.host === "" ? "127.0.0.1" : config.host;
    const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;
    const summary = startupSummary(config, address.port, serviceNames, lists.view, roles, roleNames);
    print(summary);

    let closed: Promise<void> | undefined;
    return {
      port: address.port,
      url,
      health,
      transport,
      lists: lists.view,
      serviceNames,
      summary,
      close: () =>
        (closed ??= (async () => {
          stopping = true;
          health.setAll(ServingStatus.NOT_SERVING);
          // Let Watch streams send NOT_SERVING before their connections close.
          await new Promise((r) => setTimeout(r, 20));
          await server.close();
          await closeAll(roles, logger);
          await redis?.quit().catch(() => redis.disconnect());
        })()),
    };
  } catch (e) {
    await closeAll(roles, logger);
    redis?.disconnect();
    throw e;
  }
}

async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 5000, maxRetriesPerRequest: 3 });
  // ioredis reconnects by itself; an unhandled "error" event would crash the process.
  redis.on("error", (e: Error) => logger.warn("redis connection error", { error: e }));
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    redis.disconnect();
    throw new Error(`Redis at ${redactUrl(url)} does not answer (${(e as Error).message}); start it or unset REDIS_URL for the in-memory store`);
  }
  return redis;
}

async function closeAll(roles: readonly WiredRole[], logger: Logger): Promise<void> {
  for (const role of [...roles].reverse()) {
    await role.close().catch((e: unknown) => logger.error("closing a role failed", { error: e }));
  }
}

/** A URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}

function startupSummary(config: Config, port: number, services: readonly string[], view: ListsView, roles: readonly WiredRole[], names: readonly string[]): string {
  const snapshot = view.current();
  const listLine = LIST_KINDS.map((kind) => {
    const list = snapshot[kind];
    return list ? `${kind} #${list.volgnummer} (${list.tijdstempel})` : `${kind} not loaded`;
  }).join(", ");
  const lines = [
    `medmij-oauth listening on ${config.host}:${port} — gRPC (h2c), gRPC-Web and Connect on HTTP/1.1 and HTTP/2`,
    `  roles:    ${[...config.roles].join(", ")}`,
    `  services: ${services.join(", ")}`,
    `  store:    ${config.redis.url ? `redis ${redactUrl(config.redis.url)} (key prefix "${config.redis.keyPrefix}")` : "memory (flow state is lost on restart; set REDIS_URL for Redis)"}`,
    `  lists:    ${listLine}`,
    `  demo:     ${config.demoMode ? `ON — relaxes: ${demoRelaxations(config).join("; ")}` : "off"}`,
  ];
  roles.forEach((role, i) => {
    const entries = Object.entries(role.summary);
    if (entries.length > 0) lines.push(`  ${names[i] ?? `role ${i}`}: ${entries.map(([k, v]) => `${k}=${v}`).join(", ")}`);
  });
  return lines.join("\n") + "\n";
}

function demoRelaxations(config: Config): string[] {
  const out: string[] = [];
  if (config.lists.sources.some((s) => s.source === undefined)) out.push("bundled demo lists");
  if (config.authorization.authenticationMode === "mock") out.push("mock DigiD");
  if (config.authorization.allowLocalhostHttpRedirects) out.push("http redirect URIs on *.localhost");
  if (config.pgo.rewriteLocalhostEndpoints) out.push("https://*.localhost endpoints reached over http on this port");
  if (config.authorization.encryptionKeyGenerated) out.push("a random encryption key per start");
  out.push("cookies without Secure");
  return out;
}

/** A port that is free now on `host` (bound and released at once). */
function findFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once("error", reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
