/**
 * The only reader of the environment. Everything else receives a frozen,
 * typed Config. Unknown or malformed values stop the process at start with a
 * clear message rather than being guessed.
 *
 * Demo mode (bundled demo lists, mock DigiD, http on *.localhost) is on in
 * the embedded default — no list source, no Redis, NODE_ENV not
 * "production" — or when DEMO_MODE=true. DEMO_MODE=true with
 * NODE_ENV=production is refused, so it cannot switch on by accident there.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ListKind } from "./protocol/lists/model.js";

/**
 * The project root (the directory with package.json): the repository, or
 * /app in the container image. Bundled files (demo/, proto/) are found from
 * here, so paths work alike from src/ (tsx) and from dist/src/ (compiled).
 */
export const PROJECT_ROOT: string = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the project, e.g. projectPath("demo", "lists", "MedMij_Whitelist.xml"). */
export function projectPath(...segments: string[]): string {
  return join(PROJECT_ROOT, ...segments);
}

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return resolve(from, "..");
  }
}

export type Role = "authorization" | "pgo" | "lists";
/** Scope grammar: "1" one GegevensdienstId (seed, Afsprakenset 1.1); "2.1" space-separated aanbieder~id of one provider; "2.2" aanbieder or aanbieder~id. */
export type InterfaceVersion = "1" | "2.1" | "2.2";
export type AvailabilityMode = "allow-all" | "registry" | "grpc";
export type AuthenticationMode = "mock" | "saml";

export interface ListSourceConfig {
  readonly kind: ListKind;
  /** A file path or an http(s) URL; undefined means the bundled demo list (demo mode only). */
  readonly source: string | undefined;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly roles: ReadonlySet<Role>;
  readonly demoMode: boolean;
  readonly nodeEnv: string;
  readonly logLevel: "debug" | "info" | "warn" | "error";
  readonly redis: { readonly url: string | undefined; readonly keyPrefix: string };
  readonly interfaceVersion: InterfaceVersion;
  readonly lists: {
    readonly sources: readonly ListSourceConfig[];
    readonly refreshIntervalSeconds: number;
    readonly fetchTimeoutMs: number;
    readonly maxBytes: number;
    readonly allowHttp: boolean;
    readonly cacheDir: string;
    /** Extra CA certificates (PEM file) for https list sources. */
    readonly caFile: string | undefined;
  };
  readonly authorization: {
    /** Zorgaanbiedernamen this authorization server serves. */
    readonly providerNames: readonly string[];
    /** NaamAanbieder shown on the landing and consent pages. */
    readonly providerDisplayName: string;
    readonly requirePkce: boolean;
    readonly sessionTtlSeconds: number;
    /** Pending (unfinished) sessions one client may have at a time (RFC 6819 §4.4.1.11). */
    readonly maxPendingSessionsPerClient: number;
    readonly codeTtlSeconds: number;
    readonly accessTokenTtlSeconds: number;
    /** 32 bytes: AES-256-GCM key for the BSN at rest (and, derived, the subject hash key). */
    readonly encryptionKey: Buffer;
    readonly encryptionKeyGenerated: boolean;
    readonly authenticationMode: AuthenticationMode;
    /** Where the landing page's login button goes (the mock DigiD page in demo mode). */
    readonly authenticationUrl: string;
    readonly availabilityMode: AvailabilityMode;
    readonly availabilityRegistryFile: string | undefined;
    readonly availabilityGrpcUrl: string | undefined;
    /** Allow http redirect URIs (with a port) on *.localhost clients: demo only. */
    readonly allowLocalhostHttpRedirects: boolean;
  };
  readonly pgo: {
    /** Our hostname on the OCL (client_id). */
    readonly clientId: string;
    readonly redirectUri: string;
    readonly sessionTtlSeconds: number;
    readonly tokenTimeoutMs: number;
    /** Extra CA certificates (PEM file) for token endpoints. */
    readonly caFile: string | undefined;
    /** 32 bytes: AES-256-GCM key for access tokens at rest. */
    readonly encryptionKey: Buffer;
    /** Demo only: https://X.localhost endpoints from the lists are reached at http://X.localhost:PORT. */
    readonly rewriteLocalhostEndpoints: boolean;
  };
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

const ROLES: readonly Role[] = ["authorization", "pgo", "lists"];

/** Only PORT (for the container HEALTHCHECK client, which needs nothing else). */
export function loadPort(env: Env = process.env): number {
  return int(env, "PORT", 8080, 0, 65535);
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? "development";
  const listVars = { zal: "ZAL_SOURCE", ocl: "OCL_SOURCE", gnl: "GNL_SOURCE", whitelist: "WHITELIST_SOURCE" } as const;
  const anySource = Object.values(listVars).some((v) => nonEmpty(env[v]));
  const demoFlag = bool(env, "DEMO_MODE", undefined);
  const demoMode = demoFlag ?? (!anySource && !nonEmpty(env.REDIS_URL) && nodeEnv !== "production");
  if (demoMode && nodeEnv === "production") {
    throw new ConfigError("DEMO_MODE=true is refused when NODE_ENV=production");
  }
  const port = int(env, "PORT", 8080, 0, 65535);
  const roles = new Set(
    (env.ROLES ?? ROLES.join(","))
      .split(",")
      .map((r) => r.trim())
      .filter(Boolean)
      .map((r) => {
        if (!(ROLES as readonly string[]).includes(r)) throw new ConfigError(`ROLES: unknown role "${r}" (known: ${ROLES.join(", ")})`);
        return r as Role;
      }),
  );
  if (roles.size === 0) throw new ConfigError("ROLES: at least one role is required");

  const sources = (Object.entries(listVars) as [ListKind, string][]).map(([kind, v]) => {
    const source = nonEmpty(env[v]) ? env[v] : undefined;
    if (!source && !demoMode) throw new ConfigError(`${v} is required outside demo mode (a file path or an https URL)`);
    return { kind, source };
  });

  const interfaceVersion = oneOf(env, "INTERFACE_VERSION", ["1", "2.1", "2.2"] as const, "2.1");
  const codeTtl = int(env, "CODE_TTL_SECONDS", 60, 1, 600);

  const asKey = key(env, "ENCRYPTION_KEY", demoMode);
  const pgoKey = nonEmpty(env.PGO_ENCRYPTION_KEY) ? key(env, "PGO_ENCRYPTION_KEY", false) : asKey;
  const demoHost = (name: string) => `${name}.localhost`;

  return Object.freeze({
    port,
    host: nonEmpty(env.HOST) ? env.HOST.trim() : "0.0.0.0",
    roles,
    demoMode,
    nodeEnv,
    logLevel: oneOf(env, "LOG_LEVEL", ["debug", "info", "warn", "error"] as const, "info"),
    redis: { url: redisUrl(env.REDIS_URL), keyPrefix: env.REDIS_KEY_PREFIX ?? "medmij" },
    interfaceVersion,
    lists: {
      sources,
      refreshIntervalSeconds: int(env, "LIST_REFRESH_INTERVAL_SECONDS", 3600, 0, 7 * 24 * 3600),
      fetchTimeoutMs: int(env, "LIST_FETCH_TIMEOUT_MS", 10_000, 100, 120_000),
      maxBytes: int(env, "LIST_MAX_BYTES", 64 * 1024 * 1024, 1024, 512 * 1024 * 1024),
      allowHttp: bool(env, "LIST_ALLOW_HTTP", false) ?? false,
      cacheDir: env.LIST_CACHE_DIR ?? ".data/lists",
      caFile: nonEmpty(env.LIST_CA_FILE) ? env.LIST_CA_FILE : undefined,
    },
    authorization: {
      providerNames: list(env.AS_PROVIDER_NAMES ?? (demoMode ? "demoziekenhuis@medmij" : "")),
      providerDisplayName: env.AS_PROVIDER_DISPLAY_NAME ?? (demoMode ? "Demo Ziekenhuis" : ""),
      requirePkce: bool(env, "AS_REQUIRE_PKCE", false) ?? false,
      sessionTtlSeconds: int(env, "SESSION_TTL_SECONDS", 900, 60, 3600),
      maxPendingSessionsPerClient: int(env, "AS_MAX_PENDING_SESSIONS_PER_CLIENT", 10_000, 1, 10_000_000),
      codeTtlSeconds: codeTtl,
      accessTokenTtlSeconds: int(env, "ACCESS_TOKEN_TTL_SECONDS", 900, 60, 3600),
      encryptionKey: asKey.key,
      encryptionKeyGenerated: asKey.generated,
      authenticationMode: oneOf(env, "AUTHENTICATION_MODE", ["mock", "saml"] as const, demoMode ? "mock" : "saml"),
      authenticationUrl: env.AUTHENTICATION_URL ?? (demoMode ? "/digid/mock/login" : ""),
      availabilityMode: oneOf(env, "AVAILABILITY_MODE", ["allow-all", "registry", "grpc"] as const, "registry"),
      availabilityRegistryFile: nonEmpty(env.AVAILABILITY_REGISTRY_FILE) ? env.AVAILABILITY_REGISTRY_FILE : undefined,
      availabilityGrpcUrl: nonEmpty(env.AVAILABILITY_GRPC_URL) ? env.AVAILABILITY_GRPC_URL : undefined,
      allowLocalhostHttpRedirects: demoMode,
    },
    pgo: {
      clientId: env.PGO_CLIENT_ID ?? (demoMode ? demoHost("pgo") : ""),
      redirectUri: env.PGO_REDIRECT_URI ?? (demoMode ? demoRedirectUri(port) : ""),
      sessionTtlSeconds: int(env, "PGO_SESSION_TTL_SECONDS", 900, 60, 24 * 3600),
      tokenTimeoutMs: int(env, "PGO_TOKEN_TIMEOUT_MS", 10_000, 100, 60_000),
      caFile: nonEmpty(env.PGO_CA_FILE) ? env.PGO_CA_FILE : undefined,
      encryptionKey: pgoKey.key,
      rewriteLocalhostEndpoints: demoMode,
    },
  });
}

/** redis://[user:password@]host[:port][/db] or rediss://…; anything else stops the start with a clear message. */
function redisUrl(raw: string | undefined): string | undefined {
  if (!nonEmpty(raw)) return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError("REDIS_URL: not a URL (expected redis://host:port or rediss://host:port)");
  }
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") {
    throw new ConfigError(`REDIS_URL: scheme "${url.protocol}" is not redis: or rediss:`);
  }
  return raw.trim();
}

/** The demo redirect URI for a port (the PGO's callback on pgo.localhost). */
export function demoRedirectUri(port: number): string {
  return `http://pgo.localhost:${port}/pgo/callback`;
}

/**
 * The same config on another port. With PORT=0 the real port is known only
 * once a socket is bound; demo URLs that embed the port (the PGO's redirect
 * URI, the rewritten *.localhost endpoints) must then follow it.
 */
export function withPort(config: Config, port: number): Config {
  const redirectUri = config.pgo.redirectUri === demoRedirectUri(config.port) ? demoRedirectUri(port) : config.pgo.redirectUri;
  return Object.freeze({ ...config, port, pgo: Object.freeze({ ...config.pgo, redirectUri }) });
}

function nonEmpty(v: string | undefined): v is string {
  return v !== undefined && v.trim() !== "";
}

function list(v: string): string[] {
  return v.split(",").map((s) => s.trim()).filter(Boolean);
}

function int(env: Env, name: string, dflt: number, min: number, max: number): number {
  const raw = env[name];
  if (!nonEmpty(raw)) return dflt;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name}: expected a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name}: ${n} is outside ${min}..${max}`);
  return n;
}

function bool(env: Env, name: string, dflt: boolean | undefined): boolean | undefined {
  const raw = env[name];
  if (!nonEmpty(raw)) return dflt;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name}: expected true or false, got "${raw}"`);
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], dflt: T): T {
  const raw = env[name];
  if (!nonEmpty(raw)) return dflt;
  if (!(allowed as readonly string[]).includes(raw)) throw new ConfigError(`${name}: "${raw}" is not one of ${allowed.join(", ")}`);
  return raw as T;
}

/** A 32-byte key, hex (64 chars) or base64; in demo mode generated when absent (and announced). */
function key(env: Env, name: string, mayGenerate: boolean): { key: Buffer; generated: boolean } {
  const raw = env[name];
  if (!nonEmpty(raw)) {
    if (mayGenerate) return { key: randomKey(), generated: true };
    throw new ConfigError(`${name} is required outside demo mode: 32 bytes, hex or base64`);
  }
  const buf = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, "hex") : Buffer.from(raw, "base64");
  if (buf.length !== 32) throw new ConfigError(`${name}: must be 32 bytes (64 hex characters or base64), got ${buf.length} bytes`);
  return { key: buf, generated: false };
}

function randomKey(): Buffer {
  return Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(32)));
}
