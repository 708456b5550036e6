import { hashSecret } from "../../../src/protocol/pgo/flow-ids.js";
import type { PgoSession } from "../../../src/protocol/pgo/session.js";
import { buildGnl, buildWhitelist, buildZal, type ZalDataService } from "../../../src/protocol/lists/model.js";

export const META = { tijdstempel: "2026-12-01T08:00:00Z", volgnummer: 1 };

export function service(id: string, host = "dva.localhost", roles: [string, string][] = [["BGZ-2017-FHIR-R4", `https://${host}/fhir`]]): ZalDataService {
  return {
    id,
    authorizationEndpointUri: `https://${host}/oauth/authorize`,
    tokenEndpointUri: `https://${host}/oauth/token`,
    systemRoles: roles.map(([code, resourceEndpointUri]) => ({ code, resourceEndpointUri })),
  };
}

export const zal = buildZal(META, [
  { name: "demoziekenhuis@medmij", dataServices: [service("1"), service("4", "dva.localhost", [["LAB-1.0.0-LRB-FHIR", "https://dva.localhost/lab"], ["LAB-2", "https://dva.localhost/lab2"]])] },
  { name: "huisartsvoorbeeld@medmij", dataServices: [service("49", "ha.localhost")] },
  { name: "apotheekzuid@medmij", dataServices: [service("1", "apo.localhost"), service("7", "other.localhost")] },
]);
export const gnl = buildGnl(META, [
  { id: "1", displayName: "Basisgegevens zorg" },
  { id: "4", displayName: "Laboratoriumuitslagen" },
  { id: "49", displayName: "Huisartsgegevens" },
]);
export const whitelist = buildWhitelist(META, ["dva.localhost", "ha.localhost", "pgo.localhost"]);

export const t0 = new Date("2026-12-04T10:00:00Z");
export const at = (s: number) => new Date(t0.getTime() + s * 1000);

export function sampleSession(overrides: Partial<PgoSession> = {}): PgoSession {
  return {
    flowId: "A".repeat(22),
    sessionIdHash: hashSecret("sid"),
    stateHash: hashSecret("state"),
    providerName: "demoziekenhuis@medmij",
    dataServiceIds: ["1"],
    scope: "demoziekenhuis~1",
    interfaceVersion: "2.1",
    tokenEndpointUri: "https://dva.localhost/oauth/token",
    codeVerifier: "v".repeat(43),
    correlationId: "c0e7b545-0000-4000-8000-000000000001",
    createdAt: t0,
    expiresAt: at(900),
    status: "authorizing",
    ...overrides,
  };
}

