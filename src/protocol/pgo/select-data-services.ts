import { ProtocolError } from "../errors.js";
import { findProvider, isWhitelisted, type SystemRole, type Whitelist, type Zal, type ZalDataService, type ZalProvider } from "../lists/model.js";

export interface SelectedDataServices {
  provider: ZalProvider;
  services: readonly ZalDataService[];
  /** Shared by all selected services: one flow talks to one authorization server. */
  authorizationEndpointUri: string;
  tokenEndpointUri: string;
}

const ID = /^[^\s~]{1,30}$/;

/**
 * The person's choice checked against the ZAL: the provider exists, each
 * gegevensdienst is one of its own, and — when several are asked for —
 * they share one authorization and one token endpoint (one flow, one
 * server).
 */
export function selectDataServices(zal: Zal | undefined, providerName: string, ids: readonly string[]): SelectedDataServices {
  if (!zal) throw listsNotLoaded();
  if (providerName === "" || providerName.length > 100) throw invalid("INVALID_PROVIDER_NAME", "provider_name is required (a Zorgaanbiedernaam)");
  if (ids.length === 0) throw invalid("MISSING_DATA_SERVICE", "data_service_ids needs at least one GegevensdienstId");
  if (ids.length > 50) throw invalid("TOO_MANY_DATA_SERVICES", "data_service_ids holds more than 50 ids");
  for (const id of ids) if (!ID.test(id)) throw invalid("INVALID_DATA_SERVICE_ID", "a GegevensdienstId is 1-30 characters without spaces or ~");
  const provider = findProvider(zal, providerName);
  if (!provider) {
    throw new ProtocolError({
      reason: "PROVIDER_NOT_FOUND",
      kind: "not_found",
      description: `the provider "${providerName}" is not on the ZAL`,
      metadata: { providerName },
    });
  }
  const services = ids.map((id) => {
    const service = provider.dataServiceById.get(id);
    if (!service) {
      throw new ProtocolError({
        reason: "DATA_SERVICE_NOT_FOUND",
        kind: "not_found",
        description: `the provider "${provider.name}" offers no gegevensdienst "${id}" on the ZAL`,
        metadata: { providerName: provider.name, dataServiceId: id },
      });
    }
    return service;
  });
  const first = services[0]!;
  for (const s of services) {
    if (s.authorizationEndpointUri !== first.authorizationEndpointUri || s.tokenEndpointUri !== first.tokenEndpointUri) {
      throw invalid("DATA_SERVICES_ON_DIFFERENT_SERVERS", "the chosen gegevensdiensten are served by different authorization servers: start one flow per server");
    }
  }
  return { provider, services, authorizationEndpointUri: first.authorizationEndpointUri, tokenEndpointUri: first.tokenEndpointUri };
}

/** Every back-channel peer must be on the Whitelist (requirements §6.4). */
export function checkWhitelisted(whitelist: Whitelist | undefined, endpointUri: string, purpose: "token" | "resource"): void {
  if (!whitelist) throw listsNotLoaded();
  const host = new URL(endpointUri).hostname;
  if (!isWhitelisted(whitelist, host)) {
    throw new ProtocolError({
      reason: purpose === "token" ? "TOKEN_ENDPOINT_NOT_WHITELISTED" : "RESOURCE_ENDPOINT_NOT_WHITELISTED",
      kind: "failed_precondition",
      description: `the ${purpose} endpoint's host "${host}" is not on the MedMij Whitelist`,
      metadata: { host },
      oauth: {
        error: "server_error",
        disposition: "show",
        userMessage: "Deze zorgaanbieder is op dit moment niet veilig bereikbaar via MedMij. Probeer het later opnieuw.",
      },
    });
  }
}

/** FLOW 14: the resource endpoint of the asked Systeemrol, or the first of the session's gegevensdiensten. */
export function selectSystemRole(services: readonly ZalDataService[], code: string): SystemRole {
  if (code === "") {
    const role = services[0]?.systemRoles[0];
    if (!role) throw new ProtocolError({ reason: "SYSTEM_ROLE_NOT_FOUND", kind: "not_found", description: "the gegevensdienst has no Systeemrol on the ZAL" });
    return role;
  }
  for (const s of services) {
    const role = s.systemRoles.find((r) => r.code === code);
    if (role) return role;
  }
  throw new ProtocolError({
    reason: "SYSTEM_ROLE_NOT_FOUND",
    kind: "not_found",
    description: `the session's gegevensdiensten have no Systeemrol "${code.slice(0, 60)}"`,
    metadata: { systemRoleCode: code.slice(0, 60) },
  });
}

export function listsNotLoaded(): ProtocolError {
  return new ProtocolError({
    reason: "LISTS_NOT_LOADED",
    kind: "unavailable",
    description: "the MedMij lists are not loaded yet",
    oauth: { error: "temporarily_unavailable", disposition: "show", userMessage: "De lijst met zorgaanbieders is nog niet beschikbaar. Probeer het over een paar minuten opnieuw." },
  });
}

function invalid(reason: string, description: string): ProtocolError {
  return new ProtocolError({ reason, kind: "invalid_argument", description });
}
