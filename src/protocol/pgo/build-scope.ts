import { ProtocolError } from "../errors.js";

/** Same values as Config["interfaceVersion"] (protocol does not import config). */
export type PgoInterfaceVersion = "1" | "2.1" | "2.2";

/**
 * The scope of an authorization request in the grammar of the interface
 * version (requirements §1.6):
 * - "1": the GegevensdienstId alone, exactly one (the seed, Afsprakenset 1.1);
 * - "2.1": space-separated `aanbieder~id`, one or more of one provider;
 * - "2.2": Verzamelen, a single scope holding only the aanbieder name. The
 *   gegevensdiensten are settled at the token endpoint (§1.7d).
 * `aanbieder` is the Zorgaanbiedernaam without "@medmij".
 */
export function buildScope(version: PgoInterfaceVersion, providerName: string, dataServiceIds: readonly string[]): string {
  if (dataServiceIds.length === 0) throw scopeError("at least one gegevensdienst is required");
  if (new Set(dataServiceIds).size !== dataServiceIds.length) throw scopeError("a gegevensdienst is listed more than once");
  const aanbieder = providerName.toLowerCase().replace(/@medmij$/, "");
  if (!/^[a-z]+$/.test(aanbieder)) throw scopeError("the provider name is not a Zorgaanbiedernaam (letters a-z followed by @medmij)");
  switch (version) {
    case "1":
      if (dataServiceIds.length !== 1) throw scopeError("interface version 1 allows exactly one gegevensdienst per flow");
      return dataServiceIds[0]!;
    case "2.1":
      return dataServiceIds.map((id) => `${aanbieder}~${id}`).join(" ");
    case "2.2":
      return aanbieder;
  }
}

function scopeError(description: string): ProtocolError {
  return new ProtocolError({ reason: "INVALID_DATA_SERVICE_SELECTION", kind: "invalid_argument", description });
}
