import { mkdtempSync, writeFileSync } from "node:fs";
import * as http2 from "node:http2";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { timestampDate } from "@bufbuild/protobuf/wkt";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ResourceAvailability, type CheckResourceAvailabilityRequest } from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import { createAllowAllAvailability } from "../../src/adapters/availability/allow-all-availability.js";
import { AvailabilityUnavailableError } from "../../src/adapters/availability/availability-checker.js";
import { createGrpcAvailability } from "../../src/adapters/availability/grpc-availability.js";
import { loadRegistryAvailability } from "../../src/adapters/availability/registry-availability.js";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const now = new Date("2026-12-04T12:00:00Z");
const q = (bsn: string, ids = ["1", "4"]) => ({ bsn, providerName: "demoziekenhuis@medmij", dataServiceIds: ids, now });

describe("allow-all availability (development only)", () => {
  it("answers every requested gegevensdienst", async () => {
    expect(await createAllowAllAvailability().check(q("111222333"))).toEqual(["1", "4"]);
  });
});

describe("registry availability", () => {
  it("reads the bundled demo registry: adult with data, under 16, no data", async () => {
    const reg = await loadRegistryAvailability(path.join(repoRoot, "demo/availability-registry.json"));
    expect(reg.mode).toBe("registry");
    expect(await reg.check(q("999900006"))).toEqual(["1", "4"]);
    expect(await reg.check(q("999900018"))).toEqual(["1"]);
    expect(await reg.check(q("999900031"))).toEqual([]);
    expect(await reg.check(q("999900043"))).toEqual([]);
  });
  it("refuses a missing or malformed file with a message naming the file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "registry-"));
    const bad = path.join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ persons: [{ bsn: "123", birthDate: "1980-01-01", dataServiceIds: [] }] }));
    await expect(loadRegistryAvailability(bad)).rejects.toThrow(/bad\.json: persons\[0\]\.bsn/);
    await expect(loadRegistryAvailability(path.join(dir, "missing.json"))).rejects.toThrow(/missing\.json/);
    writeFileSync(bad, "{not json");
    await expect(loadRegistryAvailability(bad)).rejects.toThrow(/bad\.json/);
  });
});

describe("gRPC availability (the provider's ResourceAvailability service, real HTTP/2 server)", () => {
  let server: http2.Http2Server;
  let url: string;
  const seen: CheckResourceAvailabilityRequest[] = [];

  beforeAll(async () => {
    const handler = connectNodeAdapter({
      routes: (router) =>
        router.service(ResourceAvailability, {
          async checkResourceAvailability(req) {
            seen.push(req);
            if (req.bsn === "999900043") return { available: false };
            // Answers more than asked: the adapter must drop what was not asked.
            return { available: true, availableDataServiceIds: ["4", "99"] };
          },
        }),
    });
    server = http2.createServer(handler);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("asks with BSN, provider, ids and request time, and keeps only ids it asked for", async () => {
    const checker = createGrpcAvailability(url);
    try {
      expect(await checker.check(q("999900006"))).toEqual(["4"]);
      expect(await checker.check(q("999900043"))).toEqual([]);
      expect(seen[0]).toMatchObject({ bsn: "999900006", providerName: "demoziekenhuis@medmij", dataServiceIds: ["1", "4"] });
      expect(timestampDate(seen[0]!.requestTime!)).toEqual(now);
    } finally {
      await checker.close();
    }
  });

  it("reports an unreachable service as AvailabilityUnavailableError", async () => {
    const checker = createGrpcAvailability("http://127.0.0.1:1", { timeoutMs: 2000 });
    try {
      await expect(checker.check(q("999900006"))).rejects.toBeInstanceOf(AvailabilityUnavailableError);
    } finally {
      await checker.close();
    }
  });
});
