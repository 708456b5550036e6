import { createClient, createRouterTransport } from "@connectrpc/connect";
import { describe, expect, it } from "vitest";
import { PgoClient } from "../../gen/medmij/pgo/v1/pgo_client_pb.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/log.js";
import { protocolErrorInterceptor } from "../../src/rpc/errors.js";
import { wirePgo } from "../../src/wiring/pgo.js";
import { failure, makeLists } from "./pgo-client-fixtures.js";

const infraFor = (env: Record<string, string>) => ({ config: loadConfig({ NODE_ENV: "test", ...env }), logger: silentLogger, redis: undefined, now: () => new Date() });
const lists = { current: () => makeLists() };

describe("wirePgo", () => {
  it("serves the PgoClient on the memory store in demo mode, with demo endpoints on the configured port", async () => {
    const role = await wirePgo(infraFor({ PORT: "8123" }), lists);
    expect(role.serviceNames).toEqual([PgoClient.typeName]);
    expect(role.summary.pgoStore).toBe("memory");
    const client = createClient(PgoClient, createRouterTransport((r) => role.register(r), { router: { interceptors: [protocolErrorInterceptor] } }));
    const res = await client.startAuthorization({ providerName: "demoziekenhuis@medmij", dataServiceIds: ["1"] });
    const url = new URL(res.authorizationUrl);
    expect(url.origin).toBe("http://dva.localhost:8123");
    expect(url.searchParams.get("client_id")).toBe("pgo.localhost");
    expect(url.searchParams.get("redirect_uri")).toBe("http://pgo.localhost:8123/pgo/callback");
    await role.close();
  });

  it("refuses at start a redirect URI that is not https, and an unreadable CA file", async () => {
    await expect(wirePgo(infraFor({ DEMO_MODE: "false", ...listEnv, PGO_REDIRECT_URI: "http://pgo.example.nl/cb", PGO_ENCRYPTION_KEY: "a".repeat(64), ENCRYPTION_KEY: "b".repeat(64) }), lists)).rejects.toThrow(/PGO_REDIRECT_URI must use https/);
    await expect(wirePgo(infraFor({ PGO_CA_FILE: "/nonexistent/ca.pem" }), lists)).rejects.toThrow(/PGO_CA_FILE/);
  });

  it("without a client id the flow cannot start, and says why", async () => {
    const role = await wirePgo(infraFor({ DEMO_MODE: "false", ...listEnv, PGO_ENCRYPTION_KEY: "a".repeat(64), ENCRYPTION_KEY: "b".repeat(64) }), lists);
    const client = createClient(PgoClient, createRouterTransport((r) => role.register(r), { router: { interceptors: [protocolErrorInterceptor] } }));
    const f = await failure(client.startAuthorization({ providerName: "demoziekenhuis@medmij", dataServiceIds: ["1"] }));
    expect(f.info?.reason).toBe("PGO_NOT_CONFIGURED");
  });
});

const listEnv = { ZAL_SOURCE: "z.xml", OCL_SOURCE: "o.xml", GNL_SOURCE: "g.xml", WHITELIST_SOURCE: "w.xml" };
