/**
 * Asks the provider's own ResourceAvailability service (any language) over
 * gRPC. The answer is trusted only within the question: ids not asked for
 * are dropped. Any failure is AvailabilityUnavailableError.
 */
import { timestampFromDate } from "@bufbuild/protobuf/wkt";
import { createClient, type Transport } from "@connectrpc/connect";
import { createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { ResourceAvailability } from "../../../gen/medmij/authorization/v1/authorization_server_pb.js";
import { AvailabilityUnavailableError, type AvailabilityChecker } from "./availability-checker.js";

export interface GrpcAvailabilityOptions {
  readonly timeoutMs?: number;
  /** For tests: an existing transport instead of a gRPC connection to `url`. */
  readonly transport?: Transport;
}

export function createGrpcAvailability(url: string, options: GrpcAvailabilityOptions = {}): AvailabilityChecker {
  const sessionManager = options.transport ? undefined : new Http2SessionManager(url);
  const transport = options.transport ?? createGrpcTransport({ baseUrl: url, sessionManager });
  const client = createClient(ResourceAvailability, transport);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    mode: "grpc",
    async check(q) {
      try {
        const res = await client.checkResourceAvailability(
          { bsn: q.bsn, providerName: q.providerName, dataServiceIds: [...q.dataServiceIds], requestTime: timestampFromDate(q.now) },
          { timeoutMs },
        );
        if (!res.available) return [];
        return q.dataServiceIds.filter((id) => res.availableDataServiceIds.includes(id));
      } catch (e) {
        throw new AvailabilityUnavailableError("the ResourceAvailability service did not answer", { cause: e });
      }
    },
    close: async () => sessionManager?.abort(),
  };
}
