/**
 * Server reflection v1 and v1alpha, asked over a real bidi stream by
 * @grpc/grpc-js (a client that is not Connect), and by `buf curl`.
 */
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { createFileRegistry, fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { AuthorizationServer } from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import { Lists } from "../../gen/medmij/lists/v1/lists_pb.js";
import { PgoClient } from "../../gen/medmij/pgo/v1/pgo_client_pb.js";
import { createHealthRegistry } from "../../src/rpc/health.js";
import { composeRoutes } from "../../src/rpc/routes.js";
import { protoDir, repoRoot } from "../helpers/paths.js";
import { startTestServer, type TestServer } from "../helpers/service.js";

const run = promisify(execFile);

interface ReflectionResponse {
  validHost: string;
  originalRequest: Record<string, unknown>;
  messageResponse: string;
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
  allExtensionNumbersResponse?: { baseTypeName: string; extensionNumber: number[] };
  listServicesResponse?: { service: { name: string }[] };
  errorResponse?: { errorCode: number; errorMessage: string };
}

/** One open ServerReflectionInfo stream; ask() writes a request and waits for its answer. */
class ReflectionStream {
  private readonly waiting: ((r: ReflectionResponse) => void)[] = [];
  private readonly call: grpc.ClientDuplexStream<object, ReflectionResponse>;
  constructor(client: grpc.Client & { ServerReflectionInfo(): grpc.ClientDuplexStream<object, ReflectionResponse> }) {
    this.call = client.ServerReflectionInfo();
    this.call.on("data", (r: ReflectionResponse) => this.waiting.shift()?.(r));
    this.call.on("error", () => {});
  }
  ask(request: object): Promise<ReflectionResponse> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.call.write(request);
    });
  }
  end(): void {
    this.call.end();
  }
}

function files(r: ReflectionResponse): FileDescriptorProto[] {
  expect(r.messageResponse).toBe("fileDescriptorResponse");
  return r.fileDescriptorResponse!.fileDescriptorProto.map((b) => fromBinary(FileDescriptorProtoSchema, b));
}

let svc: TestServer;
const clients: grpc.Client[] = [];

// The route table main uses, over the three services of the contract (their
// implementations do not matter to reflection: empty ones answer UNIMPLEMENTED).
beforeAll(async () => {
  const routes = composeRoutes(
    [(r) => r.service(Lists, {}), (r) => r.service(AuthorizationServer, {}), (r) => r.service(PgoClient, {})],
    createHealthRegistry([Lists.typeName]),
  );
  svc = await startTestServer({ routes });
});
afterAll(async () => {
  for (const c of clients) c.close();
  await svc?.close();
});

for (const version of ["v1", "v1alpha"] as const) {
  describe(`grpc.reflection.${version}.ServerReflection over grpc-js`, () => {
    let stream: ReflectionStream;
    beforeAll(() => {
      const def = protoLoader.loadSync(`grpc/reflection/${version}/reflection.proto`, { includeDirs: [protoDir], oneofs: true, arrays: true });
      const pkg = grpc.loadPackageDefinition(def) as unknown as {
        grpc: { reflection: Record<string, { ServerReflection: grpc.ServiceClientConstructor }> };
      };
      const Ctor = pkg.grpc.reflection[version]!.ServerReflection;
      const client = new Ctor(`127.0.0.1:${svc.port}`, grpc.credentials.createInsecure());
      clients.push(client);
      stream = new ReflectionStream(client as never);
    });
    afterAll(() => stream.end());

    it("lists every service the server offers", async () => {
      const r = await stream.ask({ host: "localhost", listServices: "" });
      expect(r.validHost).toBe("localhost");
      expect(r.listServicesResponse!.service.map((s) => s.name).sort()).toEqual([
        "grpc.health.v1.Health",
        "grpc.reflection.v1.ServerReflection",
        "grpc.reflection.v1alpha.ServerReflection",
        "medmij.authorization.v1.AuthorizationServer",
        "medmij.lists.v1.Lists",
        "medmij.pgo.v1.PgoClient",
      ]);
    });

    it("answers a file by name with every file it imports, transitively", async () => {
      const fds = files(await stream.ask({ fileByFilename: "medmij/lists/v1/lists.proto" }));
      expect(fds[0]!.name).toBe("medmij/lists/v1/lists.proto");
      expect(fds.map((f) => f.name)).toContain("google/protobuf/timestamp.proto");
      // The answer is complete: a registry can be built from it alone.
      const byName = new Map(fds.map((f) => [f.name, f]));
      const registry = createFileRegistry(fds[0]!, (name) => byName.get(name));
      expect(registry.getService("medmij.lists.v1.Lists")?.methods.map((m) => m.name)).toContain("GetListStatus");
    });

    it.each([
      ["a service", "medmij.authorization.v1.AuthorizationServer", "medmij/authorization/v1/authorization_server.proto"],
      ["a method", "medmij.lists.v1.Lists.GetListStatus", "medmij/lists/v1/lists.proto"],
      ["a message", "medmij.lists.v1.ListStatus", "medmij/lists/v1/lists.proto"],
      ["an enum", "medmij.lists.v1.ListKind", "medmij/lists/v1/lists.proto"],
      ["a nested enum", "grpc.health.v1.HealthCheckResponse.ServingStatus", "grpc/health/v1/health.proto"],
      ["a field", "medmij.lists.v1.ListStatus.publish_time", "medmij/lists/v1/lists.proto"],
      ["a symbol with a leading dot", ".medmij.pgo.v1.PgoClient", "medmij/pgo/v1/pgo_client.proto"],
      ["a well-known type", "google.protobuf.Timestamp", "google/protobuf/timestamp.proto"],
    ])("finds the file containing %s", async (_what, symbol, file) => {
      const fds = files(await stream.ask({ fileContainingSymbol: symbol }));
      expect(fds[0]!.name).toBe(file);
    });

    it("answers NOT_FOUND as an ErrorResponse for an unknown symbol, file, type or extension, and the stream goes on", async () => {
      for (const request of [
        { fileContainingSymbol: "medmij.nope.v1.Nothing" },
        { fileByFilename: "nope.proto" },
        { allExtensionNumbersOfType: "medmij.nope.v1.Nothing" },
        { fileContainingExtension: { containingType: "medmij.lists.v1.ListStatus", extensionNumber: 1000 } },
      ]) {
        const r = await stream.ask(request);
        expect(r.messageResponse).toBe("errorResponse");
        expect(r.errorResponse!.errorCode).toBe(Code.NotFound);
        expect(r.originalRequest).toMatchObject(request);
      }
      const r = await stream.ask({ listServices: "*" });
      expect(r.messageResponse).toBe("listServicesResponse");
    });

    it("answers the extension numbers of a known message type (none are declared)", async () => {
      const r = await stream.ask({ allExtensionNumbersOfType: "medmij.lists.v1.ListStatus" });
      expect(r.allExtensionNumbersResponse).toEqual({ baseTypeName: "medmij.lists.v1.ListStatus", extensionNumber: [] });
    });
  });
}

describe("buf curl through reflection", () => {
  const buf = resolve(repoRoot, "node_modules/.bin/buf");

  it("lists our services", async () => {
    const { stdout } = await run(buf, ["curl", "--http2-prior-knowledge", "--list-services", svc.url]);
    expect(stdout.trim().split("\n").sort()).toEqual([
      "grpc.health.v1.Health",
      "grpc.reflection.v1.ServerReflection",
      "grpc.reflection.v1alpha.ServerReflection",
      "medmij.authorization.v1.AuthorizationServer",
      "medmij.lists.v1.Lists",
      "medmij.pgo.v1.PgoClient",
    ]);
  });

  it("calls Health.Check with a JSON body it encodes from the reflected schema", async () => {
    const { stdout } = await run(buf, [
      "curl", "--http2-prior-knowledge", "--protocol", "grpc",
      "--data", '{"service":"medmij.lists.v1.Lists"}',
      `${svc.url}/grpc.health.v1.Health/Check`,
    ]);
    expect(JSON.parse(stdout)).toEqual({ status: "SERVING" });
  });

  it("lists every method through v1alpha too", async () => {
    const { stdout } = await run(buf, [
      "curl", "--http2-prior-knowledge", "--reflect-protocol", "grpc-v1alpha", "--list-methods", svc.url,
    ]);
    const methods = stdout.trim().split("\n");
    expect(methods).toContain("medmij.lists.v1.Lists/GetListStatus");
    expect(methods).toContain("medmij.authorization.v1.AuthorizationServer/ExchangeAuthorizationCode");
    expect(methods).toContain("medmij.pgo.v1.PgoClient/PrepareResourceRequest");
  });
});
