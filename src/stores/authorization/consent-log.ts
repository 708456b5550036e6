import type { ConsentEntry } from "../../protocol/authorization/records.js";

export interface ConsentPageQuery {
  /** 1..500. */
  readonly pageSize: number;
  /** The `next` of a previous page. */
  readonly after?: number;
  /** Only entries of this client (OCL hostname, case-insensitive). */
  readonly clientId?: string;
}

export interface ConsentPage {
  /** Newest first. */
  readonly entries: readonly ConsentEntry[];
  /** Pass as `after` for the next page; undefined on the last page. */
  readonly next: number | undefined;
}

/** The consent log (core: the DVA logs every consent). No BSN: only its keyed hash. */
export interface ConsentLog {
  append(entry: ConsentEntry): Promise<void>;
  list(query: ConsentPageQuery): Promise<ConsentPage>;
}

/** How long consent records are kept (MedMij chain logs: 24–36 months). */
export const CONSENT_LOG_RETENTION_MS = 3 * 366 * 24 * 3600 * 1000;
/** At most this many records are kept; the oldest go first. */
export const CONSENT_LOG_MAX_ENTRIES = 1_000_000;
