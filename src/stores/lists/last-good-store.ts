/**
 * The last good copy of each list, kept so that the service starts without
 * network. Contract (test/stores/lists/last-good.contract.ts):
 *  - load() answers undefined when nothing was saved (or it expired);
 *  - save() replaces the previous entry of that kind, whole;
 *  - entries of different kinds are independent.
 * The XML is validated again on load: a damaged entry is never trusted.
 */
import type { ListKind } from "../../protocol/lists/model.js";

export interface LastGoodEntry {
  readonly xml: string;
  /** Where it was fetched from. */
  readonly source: string;
  /** ISO 8601. */
  readonly fetchedAt: string;
  readonly etag?: string | undefined;
  readonly lastModified?: string | undefined;
}

export interface LastGoodStore {
  load(kind: ListKind): Promise<LastGoodEntry | undefined>;
  save(kind: ListKind, entry: LastGoodEntry): Promise<void>;
  /** Where the copies are kept, for the startup summary. */
  readonly description: string;
}

/** Reads a stored entry back; undefined for anything that is not one. */
export function decodeEntry(raw: string): LastGoodEntry | undefined {
  try {
    const v = JSON.parse(raw) as Record<string, unknown>;
    if (typeof v.xml !== "string" || typeof v.source !== "string" || typeof v.fetchedAt !== "string") return undefined;
    return {
      xml: v.xml,
      source: v.source,
      fetchedAt: v.fetchedAt,
      etag: typeof v.etag === "string" ? v.etag : undefined,
      lastModified: typeof v.lastModified === "string" ? v.lastModified : undefined,
    };
  } catch {
    return undefined;
  }
}

export function encodeEntry(e: LastGoodEntry): string {
  return JSON.stringify({ xml: e.xml, source: e.source, fetchedAt: e.fetchedAt, etag: e.etag, lastModified: e.lastModified });
}
