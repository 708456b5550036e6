/** Shared fixtures of the authorization-server tests: lists built with the model's builders. */
import { randomBytes } from "node:crypto";
import { buildGnl, buildOcl, buildWhitelist, buildZal, type ListSnapshot, type ListsView, type ZalDataService } from "../../../src/protocol/lists/model.js";

const meta = { tijdstempel: "2026-12-01T08:00:00Z", volgnummer: 1 };

function service(id: string, host = "dva.localhost"): ZalDataService {
  return {
    id,
    authorizationEndpointUri: `https://${host}/oauth/authorize`,
    tokenEndpointUri: `https://${host}/oauth/token`,
    systemRoles: [{ code: `ROLE-${id}`, resourceEndpointUri: `https://${host}/fhir` }],
  };
}

export const PROVIDER = "demoziekenhuis@medmij";
export const OTHER_PROVIDER = "anderziekenhuis@medmij";
export const CLIENT = "oauthclient.local";
export const DEMO_CLIENT = "pgo.localhost";
export const REDIRECT = "https://oauthclient.local/cb";
/** Demo persons (demo/availability-registry.json). */
export const ADULT_BSN = "999900006";
export const MINOR_BSN = "999900031";
export const NO_DATA_BSN = "999900043";

export const snapshot: ListSnapshot = {
  zal: buildZal(meta, [
    { name: PROVIDER, dataServices: [service("1"), service("4")] },
    { name: OTHER_PROVIDER, dataServices: [service("1", "ander.example"), service("7", "ander.example")] },
  ]),
  ocl: buildOcl(meta, [
    { hostname: CLIENT, organisationName: "OAuth Client BV" },
    { hostname: DEMO_CLIENT, organisationName: "Demo PGO" },
  ]),
  gnl: buildGnl(meta, [
    { id: "1", displayName: "Basisgegevens Zorg" },
    { id: "4", displayName: "Laboratoriumresultaten" },
    { id: "7", displayName: "Medicatiegegevens" },
  ]),
  whitelist: buildWhitelist(meta, [CLIENT, DEMO_CLIENT, "dva.localhost"]),
};

export const listsView: ListsView = { current: () => snapshot };

/** A valid PKCE pair (RFC 7636 Appendix B). */
export const PKCE = {
  verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
  challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
};

export function params(values: Record<string, string>): { name: string; value: string }[] {
  return Object.entries(values).map(([name, value]) => ({ name, value }));
}

export function authorizationParams(overrides: Record<string, string | undefined> = {}): { name: string; value: string }[] {
  const base: Record<string, string | undefined> = {
    response_type: "code",
    client_id: CLIENT,
    redirect_uri: REDIRECT,
    scope: "demoziekenhuis~1",
    state: "xcoivjuywkdkhvusuye3kch",
    ...overrides,
  };
  return Object.entries(base)
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([name, value]) => ({ name, value }));
}

export const ENCRYPTION_KEY = randomBytes(32);
