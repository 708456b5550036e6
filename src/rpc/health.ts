/**
 * grpc.health.v1.Health: the serving status of the server ("") and of each
 * service, for load balancers, orchestrators and the Docker HEALTHCHECK.
 * Check answers NOT_FOUND for a service it does not know; Watch answers
 * SERVICE_UNKNOWN for it (and follows it should it become known), then
 * streams every change until the client or the server ends the stream.
 */
import { Code, ConnectError, type ConnectRouter, type HandlerContext, type ServiceImpl } from "@connectrpc/connect";
import { create } from "@bufbuild/protobuf";
import {
  Health,
  HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus as ServingStatus,
  type HealthCheckResponse,
} from "../../gen/grpc/health/v1/health_pb.js";

export { ServingStatus };

export interface HealthRegistry {
  /** Sets the status of one service ("" is the server as a whole); unknown names become known. */
  setStatus(service: string, status: ServingStatus): void;
  /** Sets every known service, and the server, at once (NOT_SERVING on shutdown). */
  setAll(status: ServingStatus): void;
  /** The current status, or undefined for an unknown service. */
  getStatus(service: string): ServingStatus | undefined;
  /** The Health service implementation over this registry. */
  readonly service: ServiceImpl<typeof Health>;
  /** Registers the Health service on a router. */
  register(router: ConnectRouter): void;
}

/** A registry where the server ("") and each named service start SERVING. */
export function createHealthRegistry(serviceNames: readonly string[] = []): HealthRegistry {
  const statuses = new Map<string, ServingStatus>([["", ServingStatus.SERVING]]);
  for (const name of serviceNames) statuses.set(name, ServingStatus.SERVING);
  const watchers = new Set<(service: string) => void>();

  const setStatus = (service: string, status: ServingStatus) => {
    if (statuses.get(service) === status) return;
    statuses.set(service, status);
    for (const w of watchers) w(service);
  };

  const service: ServiceImpl<typeof Health> = {
    check(req) {
      const status = statuses.get(req.service);
      if (status === undefined) throw new ConnectError(`unknown service "${req.service}"`, Code.NotFound);
      return { status };
    },
    watch(req, ctx) {
      return watch(req.service, ctx);
    },
  };

  async function* watch(name: string, ctx: HandlerContext): AsyncGenerator<HealthCheckResponse> {
    let wake: (() => void) | undefined;
    let changed = true;
    const onChange = (s: string) => {
      if (s !== name) return;
      changed = true;
      wake?.();
    };
    const onAbort = () => wake?.();
    watchers.add(onChange);
    ctx.signal.addEventListener("abort", onAbort);
    let last: ServingStatus | undefined;
    try {
      for (;;) {
        if (changed) {
          changed = false;
          const status = statuses.get(name) ?? ServingStatus.SERVICE_UNKNOWN;
          if (status !== last) {
            last = status;
            yield create(HealthCheckResponseSchema, { status });
            continue;
          }
        }
        // Checked after the change above, so that NOT_SERVING still goes out when shutdown follows at once.
        if (ctx.signal.aborted) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      watchers.delete(onChange);
      ctx.signal.removeEventListener("abort", onAbort);
    }
  }

  return {
    setStatus,
    setAll(status) {
      for (const name of [...statuses.keys()]) setStatus(name, status);
    },
    getStatus: (name) => statuses.get(name),
    service,
    register: (router) => router.service(Health, service),
  };
}
