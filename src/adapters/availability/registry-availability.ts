import { readFile } from "node:fs/promises";
import { availableInRegistry, parseAvailabilityRegistry, type AvailabilityRegistry } from "../../protocol/authorization/availability-registry.js";
import type { AvailabilityChecker } from "./availability-checker.js";

/** The registry file: BSN → birth date and gegevensdiensten; age ≥ 16 on the day of the request. */
export function createRegistryAvailability(registry: AvailabilityRegistry): AvailabilityChecker {
  return {
    mode: "registry",
    check: async (q) => availableInRegistry(registry, q.bsn, q.dataServiceIds, q.now),
    close: async () => {},
  };
}

/** Reads and validates the file; throws with the file name and what is wrong. */
export async function loadRegistryAvailability(file: string): Promise<AvailabilityChecker> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new Error(`availability registry ${file}: ${(e as Error).message}`);
  }
  try {
    return createRegistryAvailability(parseAvailabilityRegistry(json));
  } catch (e) {
    throw new Error(`availability registry ${file}: ${(e as Error).message}`);
  }
}
