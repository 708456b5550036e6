/**
 * The availability registry file (demo/availability-registry.json format):
 * {persons: [{bsn, birthDate: "YYYY-MM-DD", dataServiceIds: [...]}, ...]}.
 * Parsing is strict: a malformed file stops the start-up with a clear message
 * that never quotes a BSN.
 */
import { isOldEnough, parseBirthDate } from "./check-age.js";
import { isValidBsn } from "./check-bsn-elfproef.js";

export interface RegistryPerson {
  readonly birthDate: string;
  readonly dataServiceIds: readonly string[];
}

export type AvailabilityRegistry = ReadonlyMap<string, RegistryPerson>;

export class RegistryFormatError extends Error {
  override name = "RegistryFormatError";
}

export function parseAvailabilityRegistry(json: unknown): AvailabilityRegistry {
  const persons = (json as { persons?: unknown } | null)?.persons;
  if (typeof json !== "object" || json === null || !Array.isArray(persons)) throw new RegistryFormatError('expected an object with a "persons" array');
  const out = new Map<string, RegistryPerson>();
  persons.forEach((p: unknown, i) => {
    const at = `persons[${i}]`;
    if (typeof p !== "object" || p === null) throw new RegistryFormatError(`${at}: expected an object`);
    const { bsn, birthDate, dataServiceIds } = p as Record<string, unknown>;
    if (typeof bsn !== "string" || !isValidBsn(bsn)) throw new RegistryFormatError(`${at}.bsn: expected nine digits that pass the elfproef`);
    if (out.has(bsn)) throw new RegistryFormatError(`${at}.bsn: this person is listed twice`);
    if (typeof birthDate !== "string" || !parseBirthDate(birthDate)) throw new RegistryFormatError(`${at}.birthDate: expected a date YYYY-MM-DD`);
    if (!Array.isArray(dataServiceIds) || !dataServiceIds.every((d) => typeof d === "string" && d !== "")) {
      throw new RegistryFormatError(`${at}.dataServiceIds: expected an array of GegevensdienstIds`);
    }
    out.set(bsn, Object.freeze({ birthDate, dataServiceIds: Object.freeze([...dataServiceIds] as string[]) }));
  });
  return out;
}

/**
 * FLOW 8 against the registry: the requested gegevensdiensten this person has
 * data for — none when the person is unknown or younger than 16 today.
 */
export function availableInRegistry(registry: AvailabilityRegistry, bsn: string, requested: readonly string[], now: Date): string[] {
  const person = registry.get(bsn);
  if (!person || !isOldEnough(person.birthDate, now)) return [];
  return requested.filter((id) => person.dataServiceIds.includes(id));
}
