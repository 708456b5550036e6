/**
 * The whole service on port 0, called the ways its users call it: the
 * Connect client (Connect, gRPC and gRPC-Web protocols, HTTP/1.1 and HTTP/2),
 * @grpc/grpc-js reading proto/ (a client that is not Connect), plain fetch
 * with Connect JSON, and raw sockets for what no client would send.
 */
import { execFile } from "node:child_process";
import * as net from "node:net";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { Health, HealthCheckResponse_ServingStatus as S } from "../../gen/grpc/health/v1/health_pb.js";
import type { RunningService } from "../../src/service.js";
import { protoDir, repoRoot } from "../helpers/paths.js";
import { startTestServer, startTestService } from "../helpers/service.js";

const OUR_SERVICES = ["medmij.authorization.v1.AuthorizationServer", "medmij.lists.v1.Lists", "medmij.pgo.v1.PgoClient"];

let svc: RunningService;
beforeAll(async () => {
  svc = await startTestService();
});
afterAll(async () => {
  await svc?.close();
});

describe("the Connect client", () => {
  const transports: [string, () => Transport][] = [
    ["Connect JSON over HTTP/1.1", () => createConnectTransport({ baseUrl: svc.url, httpVersion: "1.1" })],
    ["Connect binary over HTTP/2", () => createConnectTransport({ baseUrl: svc.url, httpVersion: "2", useBinaryFormat: true })],
    ["gRPC over HTTP/2 cleartext", () => createGrpcTransport({ baseUrl: svc.url })],
    ["gRPC-Web over HTTP/1.1", () => createGrpcWebTransport({ baseUrl: svc.url, httpVersion: "1.1" })],
    ["gRPC-Web over HTTP/2", () => createGrpcWebTransport({ baseUrl: svc.url, httpVersion: "2" })],
  ];

  it.each(transports)("%s: Health.Check answers SERVING for the server and each of our services", async (_name, make) => {
    const client = createClient(Health, make());
    expect((await client.check({})).status).toBe(S.SERVING);
    for (const service of OUR_SERVICES) expect((await client.check({ service })).status).toBe(S.SERVING);
  });

  it.each(transports)("%s: Health.Check answers NOT_FOUND for an unknown service", async (_name, make) => {
    const client = createClient(Health, make());
    const err = await client.check({ service: "no.such.v1.Service" }).then(
      () => undefined,
      (e: unknown) => ConnectError.from(e),
    );
    expect(err?.code).toBe(Code.NotFound);
  });

  it.each(transports)("%s: Health.Watch streams the current status", async (_name, make) => {
    const client = createClient(Health, make());
    const abort = new AbortController();
    for await (const res of client.watch({ service: "medmij.lists.v1.Lists" }, { signal: abort.signal })) {
      expect(res.status).toBe(S.SERVING);
      break;
    }
    abort.abort();
  });

  it("answers many calls on one HTTP/2 connection and on one HTTP/1.1 keep-alive connection", async () => {
    for (const transport of [
      createGrpcTransport({ baseUrl: svc.url }),
      createConnectTransport({ baseUrl: svc.url, httpVersion: "1.1" }),
    ]) {
      const client = createClient(Health, transport);
      const answers = await Promise.all(Array.from({ length: 50 }, () => client.check({})));
      expect(answers.every((a) => a.status === S.SERVING)).toBe(true);
    }
  });
});

describe("@grpc/grpc-js with @grpc/proto-loader reading proto/", () => {
  type Unary = (req: object, cb: (err: grpc.ServiceError | null, res?: Record<string, unknown>) => void) => void;
  let health: grpc.Client & Record<string, Unary>;
  let lists: grpc.Client & Record<string, Unary>;
  const call = (client: Record<string, Unary>, method: string, req: object) =>
    new Promise<{ err: grpc.ServiceError | null; res?: Record<string, unknown> }>((resolve) =>
      client[method]!.call(client, req, (err, res) => resolve({ err, res })),
    );

  beforeAll(() => {
    const def = protoLoader.loadSync(["grpc/health/v1/health.proto", "medmij/lists/v1/lists.proto"], {
      includeDirs: [protoDir],
      enums: String,
      defaults: true,
    });
    const pkg = grpc.loadPackageDefinition(def) as unknown as {
      grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
      medmij: { lists: { v1: { Lists: grpc.ServiceClientConstructor } } };
    };
    const target = `127.0.0.1:${svc.port}`;
    health = new pkg.grpc.health.v1.Health(target, grpc.credentials.createInsecure()) as never;
    lists = new pkg.medmij.lists.v1.Lists(target, grpc.credentials.createInsecure()) as never;
  });
  afterAll(() => {
    health?.close();
    lists?.close();
  });

  it("Health.Check answers SERVING", async () => {
    const { err, res } = await call(health, "Check", { service: "medmij.lists.v1.Lists" });
    expect(err).toBeNull();
    expect(res).toEqual({ status: "SERVING" });
  });

  it("Health.Check answers NOT_FOUND with a message for an unknown service", async () => {
    const { err } = await call(health, "Check", { service: "nope" });
    expect(err?.code).toBe(grpc.status.NOT_FOUND);
    expect(err?.details).toContain("nope");
  });

  it("Lists.GetListStatus answers the four lists, loaded, in ListKind order", async () => {
    const { err, res } = await call(lists, "GetListStatus", {});
    expect(err).toBeNull();
    const statuses = res!.lists as { kind: string; loaded: boolean }[];
    expect(statuses.map((l) => [l.kind, l.loaded])).toEqual([
      ["LIST_KIND_ZORGAANBIEDERSLIJST", true],
      ["LIST_KIND_OAUTH_CLIENT_LIST", true],
      ["LIST_KIND_GEGEVENSDIENSTNAMENLIJST", true],
      ["LIST_KIND_WHITELIST", true],
    ]);
  });

  it("an error carries its google.rpc.ErrorInfo in grpc-status-details-bin", async () => {
    const { err } = await call(lists, "GetOAuthClient", { hostname: "nobody.example" });
    expect(err?.code).toBe(grpc.status.NOT_FOUND);
    const [details] = err!.metadata.get("grpc-status-details-bin") as Buffer[];
    // A google.rpc.Status whose details hold an Any of type ErrorInfo with our domain.
    expect(details?.toString("latin1")).toContain("type.googleapis.com/google.rpc.ErrorInfo");
    expect(details?.toString("latin1")).toContain("medmij-oauth.dev");
  });

  it("a method the server does not have answers UNIMPLEMENTED", async () => {
    const client = new grpc.Client(`127.0.0.1:${svc.port}`, grpc.credentials.createInsecure());
    const err = await new Promise<grpc.ServiceError>((resolve) =>
      client.makeUnaryRequest(
        "/medmij.lists.v1.Lists/NoSuchMethod",
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.alloc(0),
        (e) => resolve(e!),
      ),
    );
    client.close();
    expect(err.code).toBe(grpc.status.UNIMPLEMENTED);
  });
});

describe("buf curl, knowing the schema only through reflection", () => {
  it("calls Lists.GetListStatus over gRPC (h2c)", async () => {
    const { stdout } = await promisify(execFile)(resolve(repoRoot, "node_modules/.bin/buf"), [
      "curl", "--http2-prior-knowledge", "--protocol", "grpc", "--data", "{}",
      `${svc.url}/medmij.lists.v1.Lists/GetListStatus`,
    ]);
    const res = JSON.parse(stdout) as { lists: { kind: string; loaded: boolean }[] };
    expect(res.lists.map((l) => l.kind)).toEqual([
      "LIST_KIND_ZORGAANBIEDERSLIJST",
      "LIST_KIND_OAUTH_CLIENT_LIST",
      "LIST_KIND_GEGEVENSDIENSTNAMENLIJST",
      "LIST_KIND_WHITELIST",
    ]);
  });
});

describe("plain HTTP with Connect JSON", () => {
  const post = (path: string, body: string, headers: Record<string, string> = { "Content-Type": "application/json" }) =>
    fetch(`${svc.url}${path}`, { method: "POST", headers, body });

  it("answers a unary call with 200 and a JSON body", async () => {
    const res = await post("/grpc.health.v1.Health/Check", JSON.stringify({ service: "medmij.pgo.v1.PgoClient" }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ status: "SERVING" });
  });

  it("answers an error with its HTTP status and a JSON error body", async () => {
    const res = await post("/grpc.health.v1.Health/Check", JSON.stringify({ service: "nope" }));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "not_found" });
  });

  it("answers malformed JSON with 400 invalid_argument, and the server goes on", async () => {
    const res = await post("/grpc.health.v1.Health/Check", "{not json");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "invalid_argument" });
    const again = await post("/grpc.health.v1.Health/Check", "{}");
    expect(await again.json()).toEqual({ status: "SERVING" });
  });

  it("answers a content type it does not speak with 415", async () => {
    const res = await post("/grpc.health.v1.Health/Check", "{}", { "Content-Type": "text/plain" });
    expect(res.status).toBe(415);
  });
});

describe("the one port", () => {
  const rawExchange = (chunks: Buffer[], until: (received: Buffer) => boolean) =>
    new Promise<Buffer>((resolve, reject) => {
      const socket = net.connect(svc.port, "127.0.0.1");
      let received = Buffer.alloc(0);
      socket.on("data", (d) => {
        received = Buffer.concat([received, d]);
        if (until(received)) {
          socket.destroy();
          resolve(received);
        }
      });
      socket.on("error", reject);
      socket.on("close", () => resolve(received));
      socket.on("connect", async () => {
        for (const c of chunks) {
          socket.write(c);
          await new Promise((r) => setTimeout(r, 30));
        }
      });
    });

  it("answers HTTP/2 when the connection preface arrives in pieces", async () => {
    const preface = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");
    const settings = Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]); // an empty SETTINGS frame
    const got = await rawExchange([preface.subarray(0, 5), preface.subarray(5), settings], (r) => r.length >= 9);
    expect(got[3]).toBe(4); // the server's first frame is its SETTINGS
  });

  it("answers bytes that are not HTTP with 400, and keeps serving", async () => {
    const got = await rawExchange([Buffer.from("\x16\x03\x01 this is not http\r\n\r\n", "latin1")], (r) => r.includes("\r\n\r\n"));
    expect(got.toString("latin1")).toMatch(/^HTTP\/1\.1 400/);
    const res = await fetch(`${svc.url}/grpc.health.v1.Health/Check`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(res.status).toBe(200);
  });

  it("survives a client that connects and leaves without a byte, or sends half a preface and waits", async () => {
    const connected = (socket: net.Socket) => new Promise((r) => socket.once("connect", r));
    const silent = net.connect(svc.port, "127.0.0.1");
    await connected(silent);
    silent.destroy();
    const half = net.connect(svc.port, "127.0.0.1");
    half.on("error", () => {});
    await connected(half);
    half.write("PRI * HTTP/2");
    const res = await fetch(`${svc.url}/grpc.health.v1.Health/Check`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(res.status).toBe(200);
    half.destroy();
  });
});

describe("stopping", () => {
  it("turns health NOT_SERVING for watchers, ends streams, closes connections and refuses new ones", async () => {
    const own = await startTestService({ ROLES: "lists" });
    const client = createClient(Health, createGrpcTransport({ baseUrl: own.url }));
    const seen: S[] = [];
    const watching = (async () => {
      try {
        for await (const res of client.watch({ service: "" })) seen.push(res.status);
      } catch (e) {
        return ConnectError.from(e).code;
      }
      return "ended";
    })();
    // A second, idle keep-alive HTTP/1.1 connection must not hold the close up.
    await fetch(`${own.url}/grpc.health.v1.Health/Check`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    while (seen.length === 0) await new Promise((r) => setTimeout(r, 10));
    await own.close();
    const outcome = await watching;
    expect(seen).toEqual([S.SERVING, S.NOT_SERVING]);
    expect(["ended", Code.Unavailable, Code.Canceled]).toContain(outcome);
    const refused = await fetch(`${own.url}/grpc.health.v1.Health/Check`, { method: "POST", body: "{}" }).then(
      () => "answered",
      (e: Error & { cause?: { code?: string } }) => e.cause?.code,
    );
    expect(refused).toBe("ECONNREFUSED");
    await own.close(); // a second close is harmless
  });
});

describe("buildServer: close() lets calls in flight finish", () => {
  it("over HTTP/2 and HTTP/1.1, while refusing new connections", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const started: string[] = [];
    const server = await startTestServer({
      routes: (router) =>
        router.service(Health, {
          async check(req) {
            started.push(req.service);
            await gate;
            return { status: S.SERVING };
          },
        }),
    });
    const h2 = createClient(Health, createGrpcTransport({ baseUrl: server.url }));
    const h1 = createClient(Health, createConnectTransport({ baseUrl: server.url, httpVersion: "1.1" }));
    const calls = [h2.check({ service: "h2" }), h1.check({ service: "h1" })];
    while (started.length < 2) await new Promise((r) => setTimeout(r, 5));
    const closing = server.close();
    const refused = await fetch(`${server.url}/grpc.health.v1.Health/Check`, { method: "POST", body: "{}" }).then(
      () => "answered",
      (e: Error & { cause?: { code?: string } }) => e.cause?.code,
    );
    expect(refused).toBe("ECONNREFUSED");
    release();
    const answers = await Promise.all(calls);
    expect(answers.map((a) => a.status)).toEqual([S.SERVING, S.SERVING]);
    await closing;
  });
});
