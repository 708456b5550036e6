/**
 * RPC throughput of one server over its protocols, measured side by side in
 * one run: Health.Check and Lists.GetListStatus over gRPC (HTTP/2
 * cleartext), Connect JSON and binary (HTTP/1.1 and HTTP/2) and gRPC-Web,
 * from Connect clients, plus gRPC from @grpc/grpc-js (which tells client cost
 * from server cost). Same concurrency for all; printed as calls/s (median of
 * three rotating rounds) and as a ratio to gRPC from the Connect client. The
 * server runs in its own process (as `npm start` would), so client and server
 * do not share one event loop.
 *
 *   npx tsx bench/rpc.ts [seconds-per-case=3] [concurrency=16]
 */
import { spawn } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { Health } from "../gen/grpc/health/v1/health_pb.js";
import { Lists } from "../gen/medmij/lists/v1/lists_pb.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const seconds = Number(process.argv[2] ?? 3);
const concurrency = Number(process.argv[3] ?? 16);
const ROUNDS = 3;

async function startServer(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: "0", HOST: "127.0.0.1", ROLES: "lists", LOG_LEVEL: "error" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  const port = await new Promise<number>((ok, fail) => {
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on [^:]+:(\d+)/.exec(out);
      if (m) ok(Number(m[1]));
    });
    child.once("exit", (code) => fail(new Error(`server exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((ok) => {
        child.once("exit", () => ok());
        child.kill("SIGTERM");
      }),
  };
}

/** Calls `call` from `concurrency` loops for `ms`; returns calls per second. */
async function measure(call: () => Promise<unknown>, ms: number): Promise<number> {
  let count = 0;
  const end = performance.now() + ms;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        await call();
        count++;
      }
    }),
  );
  return count / ((performance.now() - start) / 1000);
}

const server = await startServer();
const cases: [string, () => Transport][] = [
  ["gRPC, HTTP/2 (h2c)", () => createGrpcTransport({ baseUrl: server.url })],
  ["Connect JSON, HTTP/1.1", () => createConnectTransport({ baseUrl: server.url, httpVersion: "1.1" })],
  ["Connect binary, HTTP/1.1", () => createConnectTransport({ baseUrl: server.url, httpVersion: "1.1", useBinaryFormat: true })],
  ["Connect JSON, HTTP/2", () => createConnectTransport({ baseUrl: server.url, httpVersion: "2" })],
  ["Connect binary, HTTP/2", () => createConnectTransport({ baseUrl: server.url, httpVersion: "2", useBinaryFormat: true })],
  ["gRPC-Web, HTTP/1.1", () => createGrpcWebTransport({ baseUrl: server.url, httpVersion: "1.1" })],
];
const rpcs: [string, (t: Transport) => () => Promise<unknown>, () => Promise<unknown>][] = [
  ["Health.Check", (t) => { const c = createClient(Health, t); return () => c.check({}); }, () => grpcJs.health.call("Check")],
  ["Lists.GetListStatus", (t) => { const c = createClient(Lists, t); return () => c.getListStatus({}); }, () => grpcJs.lists.call("GetListStatus")],
];

// The same calls from @grpc/grpc-js (not Connect), to tell client cost from server cost.
type Unary = Record<string, (req: object, cb: (err: Error | null) => void) => void> & grpc.Client;
const def = protoLoader.loadSync(["grpc/health/v1/health.proto", "medmij/lists/v1/lists.proto"], { includeDirs: [resolve(root, "proto")] });
const pkg = grpc.loadPackageDefinition(def) as unknown as {
  grpc: { health: { v1: { Health: grpc.ServiceClientConstructor } } };
  medmij: { lists: { v1: { Lists: grpc.ServiceClientConstructor } } };
};
const grpcJsClient = (Ctor: grpc.ServiceClientConstructor) => {
  const client = new Ctor(server.url.replace("http://", ""), grpc.credentials.createInsecure()) as unknown as Unary;
  return { client, call: (method: string) => new Promise<void>((ok, fail) => client[method]!.call(client, {}, (err) => (err ? fail(err) : ok()))) };
};
const grpcJs = { health: grpcJsClient(pkg.grpc.health.v1.Health), lists: grpcJsClient(pkg.medmij.lists.v1.Lists) };

try {
  console.log(`bench/rpc: ${seconds} s per case in ${ROUNDS} rounds, ${concurrency} concurrent calls, server in its own process (${server.url})`);
  for (const [rpcName, makeCall, grpcJsCall] of rpcs) {
    const calls = [
      ...cases.map(([name, make]) => [name, makeCall(make())] as const),
      ["gRPC, HTTP/2, grpc-js client", grpcJsCall] as const,
    ];
    // Warm every case up first (connections, JIT on both sides), then measure
    // in rounds that rotate the order, so a busy moment of a shared machine
    // does not land on one protocol only; the median round counts.
    for (const [, call] of calls) await measure(call, 500);
    const rates = new Map<string, number[]>(calls.map(([name]) => [name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < calls.length; i++) {
        const [name, call] = calls[(i + round) % calls.length]!;
        rates.get(name)!.push(await measure(call, (seconds * 1000) / ROUNDS));
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const results = calls.map(([name]) => [name, median(rates.get(name)!)] as const);
    const base = results[0]![1];
    console.log(`\n${rpcName}`);
    console.log(`  ${"protocol".padEnd(30)} ${"calls/s".padStart(9)}  ratio to gRPC`);
    for (const [name, rate] of results) {
      console.log(`  ${name.padEnd(30)} ${rate.toFixed(0).padStart(9)}  ${(rate / base).toFixed(2)}`);
    }
  }
} finally {
  grpcJs.health.client.close();
  grpcJs.lists.client.close();
  await server.stop();
}
// HTTP/2 client sessions linger for their idle timeout; the measurements are done.
process.exit(0);
