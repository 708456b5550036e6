import type { AvailabilityChecker } from "./availability-checker.js";

/** Development only: every person has data in every requested gegevensdienst. */
export function createAllowAllAvailability(): AvailabilityChecker {
  return {
    mode: "allow-all",
    check: async (q) => [...q.dataServiceIds],
    close: async () => {},
  };
}
