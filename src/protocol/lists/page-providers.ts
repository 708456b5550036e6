/**
 * Paging through the ZAL, ordered by name. The page token is opaque to
 * callers (base64url JSON) and holds the last name returned and the filter,
 * so a page stays correct when a newer list arrives between calls.
 */
import { invalid } from "./check-lookup-input.js";
import type { Zal, ZalProvider } from "./model.js";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export interface ProviderPage {
  readonly providers: readonly ZalProvider[];
  readonly nextPageToken: string;
}

const byDataService = new WeakMap<Zal, Map<string, ZalProvider[]>>();

function providersOffering(zal: Zal, id: string): readonly ZalProvider[] {
  let index = byDataService.get(zal);
  if (!index) {
    index = new Map();
    for (const p of zal.providers) {
      for (const d of p.dataServices) {
        const l = index.get(d.id);
        if (l) l.push(p);
        else index.set(d.id, [p]);
      }
    }
    byDataService.set(zal, index);
  }
  return index.get(id) ?? [];
}

export function pageProviders(zal: Zal, req: { pageSize: number; pageToken: string; dataServiceId: string }): ProviderPage {
  if (req.pageSize < 0) throw invalid("PAGE_SIZE_NEGATIVE", `page_size ${req.pageSize} is negative`, { pageSize: String(req.pageSize) });
  const size = req.pageSize === 0 ? DEFAULT_PAGE_SIZE : Math.min(req.pageSize, MAX_PAGE_SIZE);
  const after = req.pageToken === "" ? undefined : decodeToken(req.pageToken, req.dataServiceId);
  const all = req.dataServiceId === "" ? zal.providers : providersOffering(zal, req.dataServiceId);
  let start = 0;
  if (after !== undefined) {
    let lo = 0;
    let hi = all.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (all[mid]!.name <= after) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const providers = all.slice(start, start + size);
  const more = start + size < all.length;
  return { providers, nextPageToken: more ? encodeToken(providers.at(-1)!.name, req.dataServiceId) : "" };
}

function encodeToken(after: string, filter: string): string {
  return Buffer.from(JSON.stringify({ a: after, f: filter }), "utf8").toString("base64url");
}

function decodeToken(token: string, filter: string): string {
  let v: unknown;
  try {
    if (token.length > 512 || !/^[A-Za-z0-9_-]+$/.test(token)) throw new Error("shape");
    v = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw invalid("PAGE_TOKEN_INVALID", "page_token is not a token this service gave out");
  }
  const t = v as { a?: unknown; f?: unknown };
  if (typeof t !== "object" || t === null || typeof t.a !== "string" || typeof t.f !== "string") {
    throw invalid("PAGE_TOKEN_INVALID", "page_token is not a token this service gave out");
  }
  if (t.f !== filter) throw invalid("PAGE_TOKEN_MISMATCH", "page_token belongs to a call with another data_service_id; start again without a token");
  return t.a;
}
