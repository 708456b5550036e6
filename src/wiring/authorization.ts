import { AuthorizationServer } from "../../gen/medmij/authorization/v1/authorization_server_pb.js";
import type { ArtifactResolver } from "../adapters/authentication/artifact-resolver.js";
import { createMockArtifactResolver } from "../adapters/authentication/mock-artifact-resolver.js";
import { createSamlArtifactResolver } from "../adapters/authentication/saml-artifact-resolver.js";
import { createAllowAllAvailability } from "../adapters/availability/allow-all-availability.js";
import type { AvailabilityChecker } from "../adapters/availability/availability-checker.js";
import { createGrpcAvailability } from "../adapters/availability/grpc-availability.js";
import { loadRegistryAvailability } from "../adapters/availability/registry-availability.js";
import { projectPath, type Config } from "../config.js";
import type { ListsView } from "../protocol/lists/model.js";
import { createAuthorizationServerService } from "../rpc/authorization-server.js";
import { createMemoryStores, createRedisStores } from "../stores/authorization/create-stores.js";
import type { Infra, WiredRole } from "./infra.js";

/** The registry bundled with the project, used in demo mode when no file is configured. */
export const DEMO_AVAILABILITY_REGISTRY = projectPath("demo", "availability-registry.json");

/** Builds the authorization server role: stores, ports and the service. */
export async function wireAuthorization(infra: Infra, lists: ListsView): Promise<WiredRole> {
  const { config, logger } = infra;
  const as = config.authorization;
  if (as.providerNames.length === 0) throw new Error("AS_PROVIDER_NAMES is required: the Zorgaanbiedernamen this authorization server serves");
  const production = config.nodeEnv === "production";
  if (as.authenticationMode === "mock" && production) throw new Error("AUTHENTICATION_MODE=mock (mock DigiD) is refused when NODE_ENV=production");
  if (as.availabilityMode === "allow-all" && production) throw new Error("AVAILABILITY_MODE=allow-all is refused when NODE_ENV=production");

  // Redis keys: `${REDIS_KEY_PREFIX}:as:{flowId}:session|code:<hash>|token` per flow (one hash
  // tag, see src/stores/authorization/redis-keys.ts), `…:as:{consents}:…` for the consent log and
  // `…:as:{client:<hostname>}:pending` for each client's pending sessions.
  const stores = infra.redis ? createRedisStores(infra.redis, `${config.redis.keyPrefix}:as`) : createMemoryStores();
  const authentication: ArtifactResolver = as.authenticationMode === "mock" ? createMockArtifactResolver() : createSamlArtifactResolver();
  const availability = await createAvailability(config);
  if (!authentication.configured) logger.warn("DigiD SAML artifact resolution is not configured: CompleteAuthentication will fail", {});

  const service = createAuthorizationServerService({
    settings: {
      interfaceVersion: config.interfaceVersion,
      providerNames: as.providerNames,
      providerDisplayName: as.providerDisplayName,
      requirePkce: as.requirePkce,
      allowLocalhostHttpRedirects: as.allowLocalhostHttpRedirects,
      sessionTtlSeconds: as.sessionTtlSeconds,
      maxPendingSessionsPerClient: as.maxPendingSessionsPerClient,
      codeTtlSeconds: as.codeTtlSeconds,
      accessTokenTtlSeconds: as.accessTokenTtlSeconds,
      authenticationUrl: as.authenticationUrl,
      encryptionKey: as.encryptionKey,
    },
    lists,
    stores,
    authentication,
    availability,
    logger: logger.child({ component: "authorization" }),
    now: infra.now,
  });

  return {
    register: (router) => router.service(AuthorizationServer, service),
    serviceNames: [AuthorizationServer.typeName],
    summary: {
      store: stores.kind,
      pkce: as.requirePkce ? "required (S256)" : "optional (S256)",
      interfaceVersion: config.interfaceVersion,
      authentication: authentication.configured ? authentication.mode : `${authentication.mode} (not configured)`,
      availability: availability.mode,
      providers: as.providerNames.join(", "),
      maxPendingSessionsPerClient: String(as.maxPendingSessionsPerClient),
    },
    close: () => availability.close(),
  };
}

async function createAvailability(config: Config): Promise<AvailabilityChecker> {
  const as = config.authorization;
  switch (as.availabilityMode) {
    case "allow-all":
      return createAllowAllAvailability();
    case "grpc":
      if (!as.availabilityGrpcUrl) throw new Error("AVAILABILITY_MODE=grpc needs AVAILABILITY_GRPC_URL (the provider's ResourceAvailability service)");
      return createGrpcAvailability(as.availabilityGrpcUrl);
    case "registry": {
      const file = as.availabilityRegistryFile ?? (config.demoMode ? DEMO_AVAILABILITY_REGISTRY : undefined);
      if (!file) throw new Error("AVAILABILITY_MODE=registry needs AVAILABILITY_REGISTRY_FILE outside demo mode");
      return loadRegistryAvailability(file);
    }
  }
}
