import { PgoClient } from "../../gen/medmij/pgo/v1/pgo_client_pb.js";
import { createHttpTokenClient } from "../adapters/token-client/http-token-client.js";
import { ConfigError } from "../config.js";
import type { ListsView } from "../protocol/lists/model.js";
import { createPgoClientService } from "../rpc/pgo-client.js";
import { createMemoryPgoSessionStore } from "../stores/pgo/memory-pgo-session-store.js";
import { createRedisPgoSessionStore } from "../stores/pgo/redis-pgo-session-store.js";
import type { Infra, WiredRole } from "./infra.js";

/** Builds the PGO client role: session store, token client and the service. */
export async function wirePgo(infra: Infra, lists: ListsView): Promise<WiredRole> {
  const { config, redis, logger } = infra;
  const pgo = config.pgo;
  if (pgo.redirectUri !== "") checkRedirectUri(pgo.redirectUri, config.demoMode);
  const store = redis
    ? createRedisPgoSessionStore({ redis, keyPrefix: config.redis.keyPrefix, encryptionKey: pgo.encryptionKey, now: () => infra.now().getTime() })
    : createMemoryPgoSessionStore({ encryptionKey: pgo.encryptionKey, now: () => infra.now().getTime() });
  let tokenClient;
  try {
    tokenClient = createHttpTokenClient({ caFile: pgo.caFile, allowHttpToLocalhost: pgo.rewriteLocalhostEndpoints });
  } catch (e) {
    throw new ConfigError(`PGO_CA_FILE: cannot read "${pgo.caFile}": ${(e as Error).message}`);
  }
  const service = createPgoClientService({
    settings: {
      clientId: pgo.clientId,
      redirectUri: pgo.redirectUri,
      sessionTtlSeconds: pgo.sessionTtlSeconds,
      tokenTimeoutMs: pgo.tokenTimeoutMs,
      interfaceVersion: config.interfaceVersion,
      endpoints: { rewriteLocalhost: pgo.rewriteLocalhostEndpoints, port: config.port },
    },
    lists,
    store,
    tokenClient,
    logger: logger.child({ role: "pgo" }),
    now: infra.now,
  });
  return {
    register: (router) => router.service(PgoClient, service),
    serviceNames: [PgoClient.typeName],
    summary: {
      pgoStore: redis ? "redis" : "memory",
      pgoClientId: pgo.clientId || "(not configured: PGO_CLIENT_ID)",
      pgoInterfaceVersion: config.interfaceVersion,
      pgoTokenTimeoutMs: String(pgo.tokenTimeoutMs),
      ...(pgo.rewriteLocalhostEndpoints ? { pgoDemoEndpoints: `https://*.localhost → http://*.localhost:${config.port}` } : {}),
    },
    close: async () => {},
  };
}

/** The redirect URI we register: https (http only for *.localhost in demo mode), no fragment. */
function checkRedirectUri(uri: string, demoMode: boolean): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new ConfigError(`PGO_REDIRECT_URI: "${uri}" is not a URL`);
  }
  const localhost = url.hostname === "localhost" || url.hostname.endsWith(".localhost");
  if (url.protocol !== "https:" && !(demoMode && localhost && url.protocol === "http:")) {
    throw new ConfigError("PGO_REDIRECT_URI must use https (http only for *.localhost in demo mode)");
  }
  if (url.hash !== "") throw new ConfigError("PGO_REDIRECT_URI must not have a fragment");
}
