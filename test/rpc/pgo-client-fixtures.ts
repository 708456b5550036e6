/**
 * Shared by the PgoClient RPC tests: the service over createRouterTransport
 * with the project's error interceptor, list fixtures built with
 * buildZal/buildGnl/buildWhitelist, a settable clock, captured log lines,
 * and a real HTTP token endpoint (a small authorization server stand-in
 * that issues codes and checks what it receives).
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ConnectError, createClient, createRouterTransport, type Client } from "@connectrpc/connect";
import { ErrorInfoSchema } from "../../gen/google/rpc/error_details_pb.js";
import { OauthErrorSchema } from "../../gen/medmij/errors/v1/errors_pb.js";
import { PgoClient } from "../../gen/medmij/pgo/v1/pgo_client_pb.js";
import { createHttpTokenClient } from "../../src/adapters/token-client/http-token-client.js";
import type { TokenClient } from "../../src/adapters/token-client/token-client.js";
import { createLogger } from "../../src/log.js";
import { buildGnl, buildWhitelist, buildZal, type ListSnapshot, type ZalDataService } from "../../src/protocol/lists/model.js";
import { createPgoClientService, type PgoClientSettings } from "../../src/rpc/pgo-client.js";
import { protocolErrorInterceptor } from "../../src/rpc/errors.js";
import { createMemoryPgoSessionStore } from "../../src/stores/pgo/memory-pgo-session-store.js";
import type { PgoSessionStore } from "../../src/stores/pgo/pgo-session-store.js";

export const META = { tijdstempel: "2026-12-01T08:00:00Z", volgnummer: 1 };
export const CLIENT_ID = "pgo.localhost";
export const REDIRECT_URI = "https://pgo.localhost/pgo/callback";

function svc(id: string, host: string, tokenPath = "/oauth/token", roles: [string, string][] = [["BGZ-2017-FHIR-R4", `https://${host}/fhir`]]): ZalDataService {
  return {
    id,
    authorizationEndpointUri: `https://${host}/oauth/authorize`,
    tokenEndpointUri: `https://${host}${tokenPath}`,
    systemRoles: roles.map(([code, resourceEndpointUri]) => ({ code, resourceEndpointUri })),
  };
}

/** Providers whose token endpoints misbehave in one way each (paths of the test token server). */
export const BROKEN = {
  servererror: "/broken/500",
  fouttype: "/broken/wrong-type",
  geentoken: "/broken/no-token",
  traag: "/broken/slow",
  geenjson: "/broken/not-json",
  weigert: "/broken/invalid-grant",
  raar: "/broken/unknown-error",
} as const;

export function makeLists(extraWhitelist: string[] = [], tokenHostPort = ""): ListSnapshot {
  return {
    zal: buildZal(META, [
      {
        name: "demoziekenhuis@medmij",
        dataServices: [svc("1", "dva.localhost"), svc("4", "dva.localhost", "/oauth/token", [["LAB-1.0.0-LRB-FHIR", "https://dva.localhost/lab"], ["LAB-2", "https://dva.localhost/lab2"]])],
      },
      { name: "huisartsvoorbeeld@medmij", dataServices: [svc("49", "ha.localhost")] },
      { name: "nietgewhitelist@medmij", dataServices: [svc("1", "evil.localhost")] },
      { name: "resourceelders@medmij", dataServices: [svc("1", "dva.localhost", "/oauth/token", [["X-1", "https://fhir-elders.localhost/fhir"]])] },
      ...Object.entries(BROKEN).map(([name, p]) => ({ name: `${name}@medmij`, dataServices: [svc("1", "dva.localhost", p)] })),
      ...(tokenHostPort ? [{ name: "httpsziekenhuis@medmij", dataServices: [svc("1", tokenHostPort)] }] : []),
    ]),
    gnl: buildGnl(META, [
      { id: "1", displayName: "Basisgegevens zorg" },
      { id: "4", displayName: "Laboratoriumuitslagen" },
      { id: "49", displayName: "Huisartsgegevens" },
    ]),
    whitelist: buildWhitelist(META, ["dva.localhost", "ha.localhost", "pgo.localhost", ...extraWhitelist]),
  };
}

export interface Issued {
  challenge: string;
  redirectUri: string;
  clientId: string;
  correlationId: string;
}

export interface SeenTokenRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  form: Record<string, string>;
}

/**
 * A real token endpoint. /oauth/token is well-behaved: it checks the form
 * body (grant_type, a code it issued, client_id, redirect_uri, the PKCE
 * verifier) and the headers, and answers 400 invalid_grant / invalid_request
 * otherwise; each code works once. /broken/* misbehave.
 */
export class TestTokenServer {
  readonly issued = new Map<string, Issued>();
  readonly seen: SeenTokenRequest[] = [];
  private server: http.Server | https_Server | undefined;
  port = 0;

  issueCode(authorizationUrl: string, correlationId: string): string {
    const u = new URL(authorizationUrl);
    const code = randomBytes(32).toString("base64url");
    this.issued.set(code, {
      challenge: u.searchParams.get("code_challenge") ?? "",
      redirectUri: u.searchParams.get("redirect_uri") ?? "",
      clientId: u.searchParams.get("client_id") ?? "",
      correlationId,
    });
    return code;
  }

  async start(create: (h: http.RequestListener) => http.Server | https_Server = (h) => http.createServer(h)): Promise<void> {
    this.server = create((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, "127.0.0.1", r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((r) => this.server!.close(r));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const path = (req.url ?? "").split("?")[0]!;
      const form = Object.fromEntries(new URLSearchParams(body));
      this.seen.push({ path, headers: req.headers, form });
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
        res.end(JSON.stringify(value));
      };
      switch (path) {
        case "/oauth/token":
          return this.wellBehaved(req, form, json);
        case BROKEN.servererror:
          res.writeHead(500, { "content-type": "text/html" });
          return void res.end("<h1>Internal Server Error</h1>");
        case BROKEN.fouttype:
          return json(200, { access_token: "abc", token_type: "mac", expires_in: 900 });
        case BROKEN.geentoken:
          return json(200, { token_type: "Bearer", expires_in: 900 });
        case BROKEN.traag:
          return; // answers never; the client must give up
        case BROKEN.geenjson:
          res.writeHead(200, { "content-type": "application/json" });
          return void res.end("{not json");
        case BROKEN.weigert:
          return json(400, { error: "invalid_grant", error_description: "code expired" });
        case BROKEN.raar:
          return json(400, { error: "something_else" });
        default:
          res.writeHead(404);
          res.end();
      }
    });
  }

  private wellBehaved(req: http.IncomingMessage, form: Record<string, string>, json: (s: number, v: unknown) => void): void {
    const problems: string[] = [];
    if (req.method !== "POST") problems.push("method");
    if (req.headers["content-type"] !== "application/x-www-form-urlencoded") problems.push("content-type");
    if (!/^[0-9a-f-]{36}$/.test(String(req.headers["medmij-request-id"]))) problems.push("MedMij-Request-ID");
    if (form.grant_type !== "authorization_code") return json(400, { error: "unsupported_grant_type" });
    const issued = this.issued.get(form.code ?? "");
    if (!issued) return json(400, { error: "invalid_grant", error_description: "unknown or used code" });
    this.issued.delete(form.code!);
    if (req.headers["x-correlation-id"] !== issued.correlationId) problems.push("X-Correlation-ID");
    if (form.client_id !== issued.clientId) problems.push("client_id");
    if (form.redirect_uri !== issued.redirectUri) problems.push("redirect_uri");
    const challenge = createHash("sha256").update(form.code_verifier ?? "").digest("base64url");
    if (challenge !== issued.challenge) problems.push("code_verifier");
    if (problems.length) return json(400, { error: "invalid_request", error_description: `wrong: ${problems.join(", ")}` });
    json(200, { access_token: randomBytes(32).toString("base64url"), token_type: "bearer", expires_in: 900, scope: "demoziekenhuis~1" });
  }
}
type https_Server = import("node:https").Server;

export interface Harness {
  client: Client<typeof PgoClient>;
  store: PgoSessionStore;
  clock: { now: Date; advance(seconds: number): void };
  lists: { snapshot: ListSnapshot };
  logLines: string[];
}

export function makeHarness(opts: {
  settings?: Partial<PgoClientSettings>;
  tokenClient?: TokenClient;
  lists?: ListSnapshot;
  port?: number;
  store?: PgoSessionStore;
}): Harness {
  const clock = {
    now: new Date(),
    advance(seconds: number) {
      this.now = new Date(this.now.getTime() + seconds * 1000);
    },
  };
  const lists = { snapshot: opts.lists ?? makeLists() };
  const logLines: string[] = [];
  const store = opts.store ?? createMemoryPgoSessionStore({ encryptionKey: randomBytes(32), now: () => clock.now.getTime() });
  const service = createPgoClientService({
    settings: {
      clientId: CLIENT_ID,
      redirectUri: REDIRECT_URI,
      sessionTtlSeconds: 900,
      tokenTimeoutMs: 5000,
      interfaceVersion: "2.1",
      endpoints: { rewriteLocalhost: true, port: opts.port ?? 8080 },
      ...opts.settings,
    },
    lists: { current: () => lists.snapshot },
    store,
    tokenClient: opts.tokenClient ?? createHttpTokenClient({ allowHttpToLocalhost: true }),
    logger: createLogger("debug", {}, (l) => logLines.push(l)),
    now: () => clock.now,
    randomUuid: randomUUID,
  });
  const transport = createRouterTransport((router) => router.service(PgoClient, service), { router: { interceptors: [protocolErrorInterceptor] } });
  return { client: createClient(PgoClient, transport), store, clock, lists, logLines };
}

/** FLOW 2 then FLOW 10-11 as the PGO gateway does them; the test server issues the code. */
export async function authorize(h: Harness, server: TestTokenServer | undefined, providerName = "demoziekenhuis@medmij", ids = ["1"]) {
  const start = await h.client.startAuthorization({ providerName, dataServiceIds: ids });
  const state = new URL(start.authorizationUrl).searchParams.get("state")!;
  const code = server ? server.issueCode(start.authorizationUrl, start.correlationId) : "code-" + randomBytes(8).toString("hex");
  await h.client.handleAuthorizationResponse({ sessionId: start.sessionId, parameters: [{ name: "code", value: code }, { name: "state", value: state }] });
  return { start, state, code };
}

/** The error a call fails with, and its details, as a caller sees them. */
export async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    const err = ConnectError.from(e);
    return { code: err.code, message: err.rawMessage, info: err.findDetails(ErrorInfoSchema)[0], oauth: err.findDetails(OauthErrorSchema)[0] };
  }
  throw new Error("expected the call to fail");
}
