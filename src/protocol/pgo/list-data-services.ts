import { ProtocolError } from "../errors.js";
import type { Gnl, Zal } from "../lists/model.js";

export interface DataServiceEntry {
  id: string;
  displayName: string;
}

export interface ProviderEntry {
  name: string;
  dataServices: DataServiceEntry[];
}

export interface DataServicePage {
  providers: ProviderEntry[];
  nextPageToken: string;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/**
 * FLOW 1: providers from the ZAL with GNL display names, ordered by name,
 * filtered case-insensitively on the provider name (all its gegevensdiensten)
 * or a gegevensdienst's display name (only the matching ones). The page
 * token is opaque: the last name shown plus the filter it belongs to.
 */
export function listDataServices(zal: Zal, gnl: Gnl | undefined, pageSize: number, pageToken: string, filter: string): DataServicePage {
  if (!Number.isInteger(pageSize) || pageSize < 0) throw invalid("INVALID_PAGE_SIZE", "page_size must not be negative");
  if (filter.length > 200) throw invalid("INVALID_FILTER", "filter is longer than 200 characters");
  const size = pageSize === 0 ? DEFAULT_PAGE_SIZE : Math.min(pageSize, MAX_PAGE_SIZE);
  const needle = filter.trim().toLowerCase();
  const after = pageToken === "" ? undefined : decodePageToken(pageToken, needle);

  const out: ProviderEntry[] = [];
  let more = false;
  for (const provider of zal.providers) {
    if (after !== undefined && provider.name <= after) continue;
    const all = provider.dataServices.map((d) => ({ id: d.id, displayName: gnl?.nameById.get(d.id) ?? "" }));
    const services = needle === "" || provider.name.toLowerCase().includes(needle) ? all : all.filter((d) => d.displayName.toLowerCase().includes(needle));
    if (services.length === 0) continue;
    if (out.length === size) {
      more = true;
      break;
    }
    out.push({ name: provider.name, dataServices: services });
  }
  const last = out[out.length - 1];
  return { providers: out, nextPageToken: more && last ? encodePageToken(last.name, needle) : "" };
}

function encodePageToken(after: string, filter: string): string {
  return Buffer.from(JSON.stringify({ v: 1, a: after, f: filter }), "utf8").toString("base64url");
}

function decodePageToken(token: string, filter: string): string {
  let parsed: unknown;
  try {
    parsed = token.length <= 1000 ? JSON.parse(Buffer.from(token, "base64url").toString("utf8")) : undefined;
  } catch {
    parsed = undefined;
  }
  const p = parsed as { v?: unknown; a?: unknown; f?: unknown } | undefined;
  if (!p || p.v !== 1 || typeof p.a !== "string" || typeof p.f !== "string") throw invalid("INVALID_PAGE_TOKEN", "page_token is not a token this service gave out");
  if (p.f !== filter) throw invalid("INVALID_PAGE_TOKEN", "page_token belongs to another filter: keep the filter the same while paging");
  return p.a;
}

function invalid(reason: string, description: string): ProtocolError {
  return new ProtocolError({ reason, kind: "invalid_argument", description });
}
