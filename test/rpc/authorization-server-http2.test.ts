/**
 * Through a real HTTP/2 server on port 0 and a gRPC client, wired exactly as
 * src/main.ts wires it (wireAuthorization with a demo Config), on the real
 * Redis: every RPC of the flow.
 */
import { randomBytes } from "node:crypto";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { Code } from "@connectrpc/connect";
import { connectNodeAdapter, createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AuthenticationOutcome, ConsentDecision } from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/log.js";
import { protocolErrorInterceptor } from "../../src/rpc/errors.js";
import { wireAuthorization } from "../../src/wiring/authorization.js";
import type { WiredRole } from "../../src/wiring/infra.js";
import { authorizationParams, DEMO_CLIENT, listsView } from "../protocol/authorization/fixtures.js";
import { deleteUnder } from "../stores/authorization/records.fixtures.js";
import { clientOn, query, rpcError, tokenParams, type AsClient } from "./authorization-harness.js";

const redis = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");
const keyPrefix = `test-ash2-${randomBytes(6).toString("hex")}`;
const REDIRECT = "http://pgo.localhost:8080/pgo/callback";

let server: http2.Http2Server;
let sessions: Http2SessionManager;
let role: WiredRole;
let client: AsClient;

beforeAll(async () => {
  const config = loadConfig({ DEMO_MODE: "true", REDIS_KEY_PREFIX: keyPrefix, INTERFACE_VERSION: "2.1" });
  role = await wireAuthorization({ config, logger: silentLogger, redis, now: () => new Date() }, listsView);
  server = http2.createServer(connectNodeAdapter({ routes: (router) => role.register(router), interceptors: [protocolErrorInterceptor] }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sessions = new Http2SessionManager(url);
  client = clientOn(createGrpcTransport({ baseUrl: url, sessionManager: sessions }));
});

afterAll(async () => {
  sessions.abort();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await role.close();
  await deleteUnder(redis, keyPrefix);
  redis.disconnect();
});

describe("AuthorizationServer over gRPC on a real server, Redis stores", () => {
  it("summarises its set-up", () => {
    expect(role.summary).toMatchObject({ store: "redis", pkce: "optional (S256)", interfaceVersion: "2.1", authentication: "mock", availability: "registry" });
    expect(role.serviceNames).toEqual(["medmij.authorization.v1.AuthorizationServer"]);
  });

  it("runs every step: start, authenticate, availability, consent, code, token, introspect, revoke, consent log", async () => {
    const params = authorizationParams({ client_id: DEMO_CLIENT, redirect_uri: REDIRECT, scope: "demoziekenhuis~1 demoziekenhuis~4" });
    const start = await client.startAuthorization({ parameters: params });
    expect(start.landingPage).toMatchObject({ providerDisplayName: "Demo Ziekenhuis", clientOrganisationName: "Demo PGO", authenticationUrl: "/digid/mock/login" });
    const { sessionId } = start;
    await client.completeAuthentication({ sessionId, outcome: AuthenticationOutcome.SUCCESS, artifact: "MOCK:999900006" });
    expect((await client.checkAvailability({ sessionId })).availableDataServiceIds).toEqual(["1", "4"]);
    const consent = await client.getConsent({ sessionId });
    expect(consent.dataServices.map((d) => d.displayName)).toEqual(["Basisgegevens Zorg", "Laboratoriumresultaten"]);
    const decided = await client.decideConsent({ sessionId, csrfToken: consent.csrfToken, decision: ConsentDecision.ALLOW });
    expect(decided.redirectUrl.startsWith(`${REDIRECT}?`)).toBe(true);
    const code = query(decided.redirectUrl).get("code")!;
    const token = await client.exchangeAuthorizationCode({
      parameters: tokenParams(code, { client_id: DEMO_CLIENT, redirect_uri: REDIRECT }),
      requestId: "9c4e3f0a-0000-4000-8000-000000000001",
      correlationId: "9c4e3f0a-0000-4000-8000-000000000002",
    });
    expect(token).toMatchObject({ tokenType: "Bearer", expiresIn: 900n, scope: "demoziekenhuis~1 demoziekenhuis~4" });
    expect(await client.introspectToken({ token: token.accessToken })).toMatchObject({ active: true, subject: "999900006", clientId: DEMO_CLIENT });
    await client.revokeToken({ token: token.accessToken });
    expect((await client.introspectToken({ token: token.accessToken })).active).toBe(false);
    const log = await client.listConsents({ clientId: DEMO_CLIENT });
    expect(log.consents[0]).toMatchObject({ clientId: DEMO_CLIENT, decision: ConsentDecision.ALLOW, scope: "demoziekenhuis~1 demoziekenhuis~4" });
  });

  it("carries errors with their details over gRPC", async () => {
    const e = await rpcError(client.startAuthorization({ parameters: authorizationParams({ client_id: DEMO_CLIENT, redirect_uri: "https://pgo.localhost.evil.example/cb" }) }));
    expect(e.code).toBe(Code.InvalidArgument);
    expect(e.reason).toBe("INVALID_REDIRECT_URI");
    const t = await rpcError(client.exchangeAuthorizationCode({ parameters: tokenParams(`${"A".repeat(22)}.${"A".repeat(43)}`, { client_id: DEMO_CLIENT, redirect_uri: REDIRECT }) }));
    expect(t.oauth).toMatchObject({ error: "invalid_grant", httpStatus: 400 });
  });
});

describe("wireAuthorization", () => {
  it("uses memory stores without Redis and refuses unsafe modes in production", async () => {
    const memory = await wireAuthorization({ config: loadConfig({ DEMO_MODE: "true" }), logger: silentLogger, redis: undefined, now: () => new Date() }, listsView);
    expect(memory.summary.store).toBe("memory");
    await memory.close();
    const prodEnv = {
      NODE_ENV: "production",
      ZAL_SOURCE: "/x",
      OCL_SOURCE: "/x",
      GNL_SOURCE: "/x",
      WHITELIST_SOURCE: "/x",
      ENCRYPTION_KEY: randomBytes(32).toString("hex"),
      AS_PROVIDER_NAMES: "demoziekenhuis@medmij",
      AVAILABILITY_MODE: "allow-all",
    };
    await expect(wireAuthorization({ config: loadConfig(prodEnv), logger: silentLogger, redis: undefined, now: () => new Date() }, listsView)).rejects.toThrow(/allow-all/);
    const saml = await wireAuthorization(
      { config: loadConfig({ ...prodEnv, AVAILABILITY_MODE: "grpc", AVAILABILITY_GRPC_URL: "http://127.0.0.1:1" }), logger: silentLogger, redis: undefined, now: () => new Date() },
      listsView,
    );
    expect(saml.summary).toMatchObject({ authentication: "saml (not configured)", availability: "grpc" });
    await saml.close();
    await expect(
      wireAuthorization({ config: loadConfig({ ...prodEnv, AVAILABILITY_MODE: "registry" }), logger: silentLogger, redis: undefined, now: () => new Date() }, listsView),
    ).rejects.toThrow(/AVAILABILITY_REGISTRY_FILE/);
  });
});
