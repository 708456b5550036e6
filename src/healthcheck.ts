/**
 * The container HEALTHCHECK: asks grpc.health.v1.Health/Check (the server
 * as a whole) over the Connect protocol on 127.0.0.1:$PORT. Exits 0 when
 * SERVING, 1 otherwise (not serving, no answer within 3 s, bad PORT).
 *
 *   node dist/src/healthcheck.js [service]
 */
import { createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { Health, HealthCheckResponse_ServingStatus } from "../gen/grpc/health/v1/health_pb.js";
import { loadPort } from "./config.js";

try {
  const port = loadPort();
  const client = createClient(Health, createConnectTransport({ baseUrl: `http://127.0.0.1:${port}`, httpVersion: "1.1" }));
  const { status } = await client.check({ service: process.argv[2] ?? "" }, { timeoutMs: 3000 });
  const name = HealthCheckResponse_ServingStatus[status] ?? String(status);
  process.stdout.write(`${name}\n`);
  process.exit(status === HealthCheckResponse_ServingStatus.SERVING ? 0 : 1);
} catch (e) {
  process.stdout.write(`unhealthy: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
