/**
 * Input rules for look-ups in the lists. A name or hostname that could never
 * be on a list is a caller's mistake (INVALID_ARGUMENT), not "not found".
 * Both compare case-insensitively: the lists store them lower-case.
 */
import { ProtocolError } from "../errors.js";
import type { ListKind } from "./model.js";

const PROVIDER_NAME = /^[a-z]+@medmij$/i;
const HOSTNAME = /^(?:[a-z0-9][a-z0-9-]*\.)+[a-z0-9][a-z0-9-]*[a-z0-9]$/i;

export function checkProviderName(name: string): void {
  if (name === "") throw invalid("PROVIDER_NAME_MISSING", "name is required: a Zorgaanbiedernaam such as \"huisartsvoorbeeld@medmij\"");
  if (name.length < 10 || name.length > 57 || !PROVIDER_NAME.test(name)) {
    throw invalid("PROVIDER_NAME_MALFORMED", `name "${clip(name)}" is not a Zorgaanbiedernaam (letters followed by "@medmij", 10 to 57 characters)`, { name: clip(name) });
  }
}

export function checkHostname(hostname: string): void {
  if (hostname === "") throw invalid("HOSTNAME_MISSING", "hostname is required");
  if (hostname.length > 253 || !HOSTNAME.test(hostname)) {
    throw invalid("HOSTNAME_MALFORMED", `hostname "${clip(hostname)}" is not a hostname (labels of letters, digits and hyphens, at least one dot, no port)`, {
      hostname: clip(hostname),
    });
  }
}

export function checkDataServiceId(id: string, field: string): void {
  if (id === "" || [...id].length > 30) {
    throw invalid("DATA_SERVICE_ID_MALFORMED", `${field} "${clip(id)}" is not a GegevensdienstId (1 to 30 characters)`, { field, id: clip(id) });
  }
}

export function listNotLoaded(kind: ListKind): ProtocolError {
  const names: Record<ListKind, string> = { zal: "Zorgaanbiederslijst", ocl: "OAuthclientlist", gnl: "Gegevensdienstnamenlijst", whitelist: "Whitelist" };
  return new ProtocolError({
    reason: "LIST_NOT_LOADED",
    kind: "unavailable",
    description: `the ${names[kind]} is not loaded yet (no valid copy from its source or the last good store); see GetListStatus`,
    metadata: { list: kind },
  });
}

export function invalid(reason: string, description: string, metadata: Record<string, string> = {}): ProtocolError {
  return new ProtocolError({ reason, kind: "invalid_argument", description, metadata });
}

function clip(v: string): string {
  return v.length > 80 ? v.slice(0, 80) + "…" : v;
}
