/**
 * The route table: every role's services, then grpc.health.v1.Health and
 * server reflection (v1 and v1alpha) over whatever was registered before
 * them, so that reflection always describes exactly what the server serves.
 * The same function feeds the network server and the in-process transport
 * of the gateways.
 */
import type { ConnectRouter } from "@connectrpc/connect";
import type { DescService } from "@bufbuild/protobuf";
import type { HealthRegistry } from "./health.js";
import { createReflection } from "./reflection.js";

export function composeRoutes(
  registrations: readonly ((router: ConnectRouter) => void)[],
  health: HealthRegistry,
): (router: ConnectRouter) => void {
  return (router) => {
    for (const register of registrations) register(router);
    health.register(router);
    createReflection(registeredServices(router)).register(router);
  };
}

/** The distinct services registered on a router, in registration order. */
export function registeredServices(router: ConnectRouter): DescService[] {
  const byName = new Map<string, DescService>();
  for (const h of router.handlers) if (!byName.has(h.service.typeName)) byName.set(h.service.typeName, h.service);
  return [...byName.values()];
}
