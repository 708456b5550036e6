/**
 * A client in another language: Python stubs generated from proto/ with
 * Debian's python3-grpc-tools (examples/python/generate.sh), and
 * examples/python/client.py run against a real server.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningService } from "../../src/service.js";
import { repoRoot } from "../helpers/paths.js";
import { startTestService } from "../helpers/service.js";

const run = promisify(execFile);

let svc: RunningService;
let stubs: string;
beforeAll(async () => {
  svc = await startTestService();
  stubs = await mkdtemp(join(tmpdir(), "medmij-python-"));
});
afterAll(async () => {
  await svc?.close();
  if (stubs) await rm(stubs, { recursive: true, force: true });
});

describe("a Python client generated with grpc_tools.protoc", () => {
  it("generates messages and stubs for every service of the contract", async () => {
    await run(join(repoRoot, "examples/python/generate.sh"), [stubs]);
    expect((await readdir(join(stubs, "medmij/lists/v1"))).sort()).toEqual(["lists_pb2.py", "lists_pb2_grpc.py"]);
    expect(await readdir(join(stubs, "medmij/authorization/v1"))).toContain("authorization_server_pb2_grpc.py");
    expect(await readdir(join(stubs, "medmij/pgo/v1"))).toContain("pgo_client_pb2_grpc.py");
    expect(await readdir(join(stubs, "grpc/health/v1"))).toContain("health_pb2_grpc.py");
  });

  it("calls Health.Check and Lists.GetOAuthClient over gRPC, and sees NOT_FOUND as a status code", async () => {
    const { stdout } = await run("/usr/bin/python3", [join(repoRoot, "examples/python/client.py"), `127.0.0.1:${svc.port}`, stubs]);
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out.health).toBe("SERVING");
    expect(out.client).toEqual({ hostname: "pgo.localhost", organisation_name: "Demo PGO" });
    expect(out.unknown).toMatchObject({ code: "NOT_FOUND" });
  });
});
