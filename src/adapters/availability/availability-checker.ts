/**
 * FLOW 8: the beschikbaarheidstoets port. An empty answer means "no data
 * here" (unknown person, too young, nothing in these gegevensdiensten); the
 * service turns it into the same access_denied as a refused consent.
 */
export interface AvailabilityQuery {
  readonly bsn: string;
  readonly providerName: string;
  readonly dataServiceIds: readonly string[];
  readonly now: Date;
}

export interface AvailabilityChecker {
  /** "allow-all", "registry" or "grpc", for the start-up summary. */
  readonly mode: string;
  /** The requested gegevensdiensten that have data for this person (a subset, possibly empty). */
  check(query: AvailabilityQuery): Promise<string[]>;
  close(): Promise<void>;
}

/** The availability service could not be asked (answered with temporarily_unavailable). */
export class AvailabilityUnavailableError extends Error {
  override name = "AvailabilityUnavailableError";
}
