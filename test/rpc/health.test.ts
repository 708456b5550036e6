import { describe, expect, it } from "vitest";
import { Code, ConnectError, createClient, createRouterTransport } from "@connectrpc/connect";
import { Health, HealthCheckResponse_ServingStatus as S } from "../../gen/grpc/health/v1/health_pb.js";
import { createHealthRegistry } from "../../src/rpc/health.js";

const LISTS = "medmij.lists.v1.Lists";

function setup() {
  const health = createHealthRegistry([LISTS]);
  const client = createClient(Health, createRouterTransport((router) => health.register(router)));
  return { health, client };
}

/** Reads the next message of a server stream. */
async function next<T>(it: AsyncIterator<T>): Promise<T> {
  const r = await it.next();
  if (r.done) throw new Error("the stream ended");
  return r.value;
}

describe("grpc.health.v1.Health Check", () => {
  it("answers SERVING for the server as a whole and for each registered service", async () => {
    const { client } = setup();
    expect((await client.check({ service: "" })).status).toBe(S.SERVING);
    expect((await client.check({ service: LISTS })).status).toBe(S.SERVING);
  });

  it("answers NOT_FOUND for a service it does not know", async () => {
    const { client } = setup();
    const err = await client.check({ service: "no.such.Service" }).catch((e: unknown) => ConnectError.from(e));
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as ConnectError).code).toBe(Code.NotFound);
  });

  it("reflects status changes, and setAll turns everything NOT_SERVING", async () => {
    const { client, health } = setup();
    health.setStatus(LISTS, S.NOT_SERVING);
    expect((await client.check({ service: LISTS })).status).toBe(S.NOT_SERVING);
    expect((await client.check({ service: "" })).status).toBe(S.SERVING);
    health.setStatus("added.Later", S.SERVING);
    expect((await client.check({ service: "added.Later" })).status).toBe(S.SERVING);
    health.setAll(S.NOT_SERVING);
    for (const service of ["", LISTS, "added.Later"]) {
      expect((await client.check({ service })).status).toBe(S.NOT_SERVING);
    }
  });
});

describe("grpc.health.v1.Health Watch", () => {
  it("sends the current status, then every change, until the client stops", async () => {
    const { client, health } = setup();
    const abort = new AbortController();
    const stream = client.watch({ service: LISTS }, { signal: abort.signal })[Symbol.asyncIterator]();
    expect((await next(stream)).status).toBe(S.SERVING);
    health.setStatus(LISTS, S.NOT_SERVING);
    expect((await next(stream)).status).toBe(S.NOT_SERVING);
    // Setting the same status again sends nothing; the next real change does.
    health.setStatus(LISTS, S.NOT_SERVING);
    health.setStatus(LISTS, S.SERVING);
    expect((await next(stream)).status).toBe(S.SERVING);
    abort.abort();
    await expect(stream.next()).rejects.toMatchObject({ code: Code.Canceled });
  });

  it("answers SERVICE_UNKNOWN for an unknown service and follows it once it becomes known", async () => {
    const { client, health } = setup();
    const abort = new AbortController();
    const stream = client.watch({ service: "later.Service" }, { signal: abort.signal })[Symbol.asyncIterator]();
    expect((await next(stream)).status).toBe(S.SERVICE_UNKNOWN);
    health.setStatus("later.Service", S.SERVING);
    expect((await next(stream)).status).toBe(S.SERVING);
    abort.abort();
  });

  it("lets each watcher see changes of its own service only", async () => {
    const { client, health } = setup();
    const abort = new AbortController();
    const server = client.watch({ service: "" }, { signal: abort.signal })[Symbol.asyncIterator]();
    const lists = client.watch({ service: LISTS }, { signal: abort.signal })[Symbol.asyncIterator]();
    expect((await next(server)).status).toBe(S.SERVING);
    expect((await next(lists)).status).toBe(S.SERVING);
    health.setStatus(LISTS, S.NOT_SERVING);
    health.setStatus("", S.NOT_SERVING);
    expect((await next(lists)).status).toBe(S.NOT_SERVING);
    expect((await next(server)).status).toBe(S.NOT_SERVING);
    abort.abort();
  });
});
