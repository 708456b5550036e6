/** Builds the AuthorizationServer behind createRouterTransport (or any transport) for the RPC tests. */
import { randomBytes } from "node:crypto";
import { Code, ConnectError, createClient, createRouterTransport, type Client, type Transport } from "@connectrpc/connect";
import { ErrorInfoSchema } from "../../gen/google/rpc/error_details_pb.js";
import { AuthenticationOutcome, AuthorizationServer, ConsentDecision } from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import { ErrorDisposition, OauthErrorSchema } from "../../gen/medmij/errors/v1/errors_pb.js";
import { createMockArtifactResolver } from "../../src/adapters/authentication/mock-artifact-resolver.js";
import type { ArtifactResolver } from "../../src/adapters/authentication/artifact-resolver.js";
import type { AvailabilityChecker } from "../../src/adapters/availability/availability-checker.js";
import { createRegistryAvailability } from "../../src/adapters/availability/registry-availability.js";
import { parseAvailabilityRegistry } from "../../src/protocol/authorization/availability-registry.js";
import type { ListsView } from "../../src/protocol/lists/model.js";
import { createAuthorizationServerService, type AuthorizationServerDeps, type AuthorizationServerSettings } from "../../src/rpc/authorization-server.js";
import { protocolErrorInterceptor } from "../../src/rpc/errors.js";
import { createMemoryStores, type AuthorizationStores } from "../../src/stores/authorization/create-stores.js";
import { authorizationParams, CLIENT, listsView, PROVIDER, REDIRECT } from "../protocol/authorization/fixtures.js";
import { readFileSync } from "node:fs";
import path from "node:path";

export const demoRegistry = parseAvailabilityRegistry(
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../demo/availability-registry.json"), "utf8")),
);

export const baseSettings: AuthorizationServerSettings = {
  interfaceVersion: "2.1",
  providerNames: [PROVIDER],
  providerDisplayName: "Demo Ziekenhuis",
  requirePkce: false,
  allowLocalhostHttpRedirects: false,
  sessionTtlSeconds: 900,
  maxPendingSessionsPerClient: 10_000,
  codeTtlSeconds: 60,
  accessTokenTtlSeconds: 900,
  authenticationUrl: "/digid/mock/login",
  encryptionKey: randomBytes(32),
};

export interface HarnessOptions {
  settings?: Partial<AuthorizationServerSettings>;
  stores?: AuthorizationStores;
  lists?: ListsView;
  availability?: AvailabilityChecker;
  authentication?: ArtifactResolver;
  now?: () => Date;
  logger?: AuthorizationServerDeps["logger"];
}

export function buildDeps(o: HarnessOptions = {}): AuthorizationServerDeps {
  return {
    settings: { ...baseSettings, ...o.settings },
    lists: o.lists ?? listsView,
    stores: o.stores ?? createMemoryStores(),
    authentication: o.authentication ?? createMockArtifactResolver(),
    availability: o.availability ?? createRegistryAvailability(demoRegistry),
    ...(o.now ? { now: o.now } : {}),
    ...(o.logger ? { logger: o.logger } : {}),
  };
}

export type AsClient = Client<typeof AuthorizationServer>;

export function routerClient(o: HarnessOptions = {}): { client: AsClient; deps: AuthorizationServerDeps } {
  const deps = buildDeps(o);
  const transport = createRouterTransport((router) => router.service(AuthorizationServer, createAuthorizationServerService(deps)), {
    router: { interceptors: [protocolErrorInterceptor] },
  });
  return { client: createClient(AuthorizationServer, transport), deps };
}

export function clientOn(transport: Transport): AsClient {
  return createClient(AuthorizationServer, transport);
}

/** What the caller (the gateway) sees of an error. */
export interface SeenError {
  code: Code;
  reason: string | undefined;
  oauth: { error: string; disposition: ErrorDisposition; redirectUrl: string; httpStatus: number; userMessage: string; errorDescription: string } | undefined;
  message: string;
}

export async function rpcError(p: Promise<unknown>): Promise<SeenError> {
  try {
    await p;
  } catch (e) {
    const err = ConnectError.from(e);
    const info = err.findDetails(ErrorInfoSchema)[0];
    const oauth = err.findDetails(OauthErrorSchema)[0];
    return { code: err.code, reason: info?.reason, oauth, message: err.rawMessage };
  }
  throw new Error("expected the RPC to fail");
}

export function query(url: string): URLSearchParams {
  return new URL(url).searchParams;
}

export function withoutQuery(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

export interface FlowOptions {
  bsn?: string;
  params?: { name: string; value: string }[];
}

/** StartAuthorization → CompleteAuthentication → CheckAvailability → GetConsent. */
export async function toConsent(client: AsClient, o: FlowOptions = {}) {
  const start = await client.startAuthorization({ parameters: o.params ?? authorizationParams() });
  await client.completeAuthentication({ sessionId: start.sessionId, outcome: AuthenticationOutcome.SUCCESS, artifact: `MOCK:${o.bsn ?? "999900006"}` });
  await client.checkAvailability({ sessionId: start.sessionId });
  const consent = await client.getConsent({ sessionId: start.sessionId });
  return { sessionId: start.sessionId, start, consent };
}

/** The whole flow up to the code. */
export async function toCode(client: AsClient, o: FlowOptions = {}) {
  const { sessionId, consent } = await toConsent(client, o);
  const decided = await client.decideConsent({ sessionId, csrfToken: consent.csrfToken, decision: ConsentDecision.ALLOW });
  const code = query(decided.redirectUrl).get("code")!;
  return { sessionId, code, redirectUrl: decided.redirectUrl };
}

export function tokenParams(code: string, overrides: Record<string, string | undefined> = {}) {
  const base: Record<string, string | undefined> = { grant_type: "authorization_code", code, client_id: CLIENT, redirect_uri: REDIRECT, ...overrides };
  return Object.entries(base)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([name, value]) => ({ name, value }));
}
