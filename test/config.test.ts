import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig, projectPath, PROJECT_ROOT } from "../src/config.js";
import { repoRoot } from "./helpers/paths.js";

const HEX_KEY = "ab".repeat(32);
const SOURCES = {
  ZAL_SOURCE: "/lists/zal.xml",
  OCL_SOURCE: "/lists/ocl.xml",
  GNL_SOURCE: "/lists/gnl.xml",
  WHITELIST_SOURCE: "/lists/whitelist.xml",
};
/** A complete production configuration. */
const PRODUCTION = {
  NODE_ENV: "production",
  ...SOURCES,
  ENCRYPTION_KEY: HEX_KEY,
  REDIS_URL: "redis://redis.internal:6379",
};

function configError(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("loadConfig accepted " + JSON.stringify(env));
}

describe("loadConfig: the embedded default", () => {
  const config = loadConfig({});

  it("runs every role on 0.0.0.0:8080 in demo mode with the in-memory store", () => {
    expect(config.port).toBe(8080);
    expect(config.host).toBe("0.0.0.0");
    expect([...config.roles]).toEqual(["authorization", "pgo", "lists"]);
    expect(config.demoMode).toBe(true);
    expect(config.redis.url).toBeUndefined();
    expect(config.redis.keyPrefix).toBe("medmij");
  });

  it("uses the bundled demo lists, mock DigiD and a generated key", () => {
    expect(config.lists.sources.map((s) => [s.kind, s.source])).toEqual([
      ["zal", undefined],
      ["ocl", undefined],
      ["gnl", undefined],
      ["whitelist", undefined],
    ]);
    expect(config.authorization.authenticationMode).toBe("mock");
    expect(config.authorization.providerNames).toEqual(["demoziekenhuis@medmij"]);
    expect(config.authorization.encryptionKey).toHaveLength(32);
    expect(config.authorization.encryptionKeyGenerated).toBe(true);
    expect(config.pgo.clientId).toBe("pgo.localhost");
    expect(config.pgo.redirectUri).toBe("http://pgo.localhost:8080/pgo/callback");
  });

  it("is frozen", () => {
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("generates a different key on each start", () => {
    expect(loadConfig({}).authorization.encryptionKey.equals(config.authorization.encryptionKey)).toBe(false);
  });
});

describe("loadConfig: production", () => {
  it("accepts a complete configuration and switches demo mode off", () => {
    const config = loadConfig({ ...PRODUCTION, PORT: "9090", HOST: "127.0.0.1", ROLES: "authorization, lists", AS_PROVIDER_NAMES: "a@medmij, b@medmij" });
    expect(config.demoMode).toBe(false);
    expect(config.port).toBe(9090);
    expect(config.host).toBe("127.0.0.1");
    expect([...config.roles]).toEqual(["authorization", "lists"]);
    expect(config.redis.url).toBe("redis://redis.internal:6379");
    expect(config.authorization.providerNames).toEqual(["a@medmij", "b@medmij"]);
    expect(config.authorization.encryptionKey.toString("hex")).toBe(HEX_KEY);
    expect(config.authorization.encryptionKeyGenerated).toBe(false);
    expect(config.authorization.authenticationMode).toBe("saml");
    expect(config.authorization.allowLocalhostHttpRedirects).toBe(false);
    expect(config.pgo.rewriteLocalhostEndpoints).toBe(false);
    // Without its own key the PGO uses the authorization server's.
    expect(config.pgo.encryptionKey.toString("hex")).toBe(HEX_KEY);
  });

  it("accepts a base64 key of 32 bytes", () => {
    const key = Buffer.alloc(32, 7);
    expect(loadConfig({ ...PRODUCTION, ENCRYPTION_KEY: key.toString("base64") }).authorization.encryptionKey.equals(key)).toBe(true);
  });

  it("refuses demo mode", () => {
    expect(configError({ ...PRODUCTION, DEMO_MODE: "true" })).toMatch(/DEMO_MODE=true is refused when NODE_ENV=production/);
  });

  it("requires every list source and the encryption key", () => {
    const { ZAL_SOURCE: _zal, ...withoutZal } = PRODUCTION;
    expect(configError(withoutZal)).toMatch(/ZAL_SOURCE is required outside demo mode/);
    const { ENCRYPTION_KEY: _key, ...withoutKey } = PRODUCTION;
    expect(configError(withoutKey)).toMatch(/ENCRYPTION_KEY is required outside demo mode/);
  });

  it("REDIS_URL alone switches demo mode off, so list sources become required", () => {
    expect(configError({ REDIS_URL: "redis://127.0.0.1:6379" })).toMatch(/ZAL_SOURCE is required/);
    const config = loadConfig({ REDIS_URL: "redis://127.0.0.1:6379", DEMO_MODE: "true" });
    expect(config.demoMode).toBe(true);
    expect(config.redis.url).toBe("redis://127.0.0.1:6379");
  });
});

describe("loadConfig: malformed values stop the start with a message naming the variable", () => {
  it.each([
    [{ PORT: "80a" }, /PORT: expected a whole number, got "80a"/],
    [{ PORT: "70000" }, /PORT: 70000 is outside 0\.\.65535/],
    [{ PORT: "-1" }, /PORT: expected a whole number/],
    [{ ROLES: "authorization,gateway" }, /ROLES: unknown role "gateway"/],
    [{ ROLES: " , " }, /ROLES: at least one role is required/],
    [{ DEMO_MODE: "maybe" }, /DEMO_MODE: expected true or false, got "maybe"/],
    [{ LOG_LEVEL: "verbose" }, /LOG_LEVEL: "verbose" is not one of debug, info, warn, error/],
    [{ INTERFACE_VERSION: "3" }, /INTERFACE_VERSION: "3" is not one of 1, 2\.1, 2\.2/],
    [{ CODE_TTL_SECONDS: "0" }, /CODE_TTL_SECONDS: 0 is outside 1\.\.600/],
    [{ AS_MAX_PENDING_SESSIONS_PER_CLIENT: "0" }, /AS_MAX_PENDING_SESSIONS_PER_CLIENT: 0 is outside 1\.\.10000000/],
    [{ AS_MAX_PENDING_SESSIONS_PER_CLIENT: "10000001" }, /AS_MAX_PENDING_SESSIONS_PER_CLIENT: 10000001 is outside 1\.\.10000000/],
    [{ AS_MAX_PENDING_SESSIONS_PER_CLIENT: "1e4" }, /AS_MAX_PENDING_SESSIONS_PER_CLIENT: expected a whole number, got "1e4"/],
    [{ ENCRYPTION_KEY: "abcd" }, /ENCRYPTION_KEY: must be 32 bytes/],
    [{ PGO_ENCRYPTION_KEY: "ab".repeat(16) }, /PGO_ENCRYPTION_KEY: must be 32 bytes/],
    [{ AVAILABILITY_MODE: "sometimes" }, /AVAILABILITY_MODE: "sometimes" is not one of allow-all, registry, grpc/],
    [{ REDIS_URL: "localhost:6379", DEMO_MODE: "true" }, /REDIS_URL: scheme "localhost:" is not redis: or rediss:/],
    [{ REDIS_URL: "not a url", DEMO_MODE: "true" }, /REDIS_URL: not a URL/],
  ])("%o", (env, message) => {
    expect(configError(env as Record<string, string>)).toMatch(message);
  });

  it("never echoes a REDIS_URL password", () => {
    expect(configError({ REDIS_URL: "http://user:s3cret@host", DEMO_MODE: "true" })).not.toContain("s3cret");
  });
});

describe("loadConfig: values", () => {
  it("reads booleans in the usual spellings", () => {
    expect(loadConfig({ AS_REQUIRE_PKCE: "yes" }).authorization.requirePkce).toBe(true);
    expect(loadConfig({ AS_REQUIRE_PKCE: "0" }).authorization.requirePkce).toBe(false);
    expect(loadConfig({ LIST_ALLOW_HTTP: "TRUE" }).lists.allowHttp).toBe(true);
  });

  it("treats empty variables as unset", () => {
    const config = loadConfig({ PORT: "", REDIS_URL: " ", HOST: "", ZAL_SOURCE: "" });
    expect(config.port).toBe(8080);
    expect(config.redis.url).toBeUndefined();
    expect(config.host).toBe("0.0.0.0");
    expect(config.demoMode).toBe(true);
  });

  it("caps pending sessions per client at 10000 unless AS_MAX_PENDING_SESSIONS_PER_CLIENT says otherwise", () => {
    expect(loadConfig({}).authorization.maxPendingSessionsPerClient).toBe(10_000);
    expect(loadConfig({ AS_MAX_PENDING_SESSIONS_PER_CLIENT: "5" }).authorization.maxPendingSessionsPerClient).toBe(5);
    expect(loadConfig({ AS_MAX_PENDING_SESSIONS_PER_CLIENT: "10000000" }).authorization.maxPendingSessionsPerClient).toBe(10_000_000);
  });

  it("accepts port 0 (a free port, for tests)", () => {
    expect(loadConfig({ PORT: "0" }).port).toBe(0);
  });
});

describe("PROJECT_ROOT", () => {
  it("is the repository (the directory with package.json, demo/ and proto/)", () => {
    expect(PROJECT_ROOT).toBe(repoRoot);
    expect(existsSync(projectPath("demo", "lists", "MedMij_Whitelist.xml"))).toBe(true);
    expect(existsSync(projectPath("proto", "medmij", "lists", "v1", "lists.proto"))).toBe(true);
  });
});
