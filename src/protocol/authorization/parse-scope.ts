/**
 * The scope grammar per MedMij interface version (requirements.md §1.6):
 * - "1":   one GegevensdienstId (the seed, Afsprakenset 1.1), e.g. "4";
 * - "2.1": one or more "aanbieder~id" separated by one space, all of one
 *          provider, e.g. "demoziekenhuis~1 demoziekenhuis~4";
 * - "2.2": the provider alone ("demoziekenhuis": every gegevensdienst it
 *          offers) or one "aanbieder~id".
 * "aanbieder" is the Zorgaanbiedernaam without "@medmij". The provider must
 * be one this server serves and the gegevensdiensten must be its entries in
 * the ZAL.
 */
import { findProvider, type Zal, type ZalProvider } from "../lists/model.js";

export type InterfaceVersion = "1" | "2.1" | "2.2";

export interface RequestedScope {
  /** The scope exactly as requested. */
  readonly scope: string;
  /** Zorgaanbiedernaam, e.g. "demoziekenhuis@medmij". */
  readonly providerName: string;
  readonly dataServiceIds: readonly string[];
  /** "2.2" provider-only form: the scope names no gegevensdienst. */
  readonly providerOnly: boolean;
}

export type ScopeCheck =
  | { ok: true; value: RequestedScope }
  | { ok: false; reason: "INVALID_SCOPE" | "PROVIDER_LIST_UNAVAILABLE"; description: string };

const ID = /^[^\s~]{1,30}$/;
const AANBIEDER = /^[a-z]{1,50}$/;
const MEDMIJ = "@medmij";

export function parseScope(scope: string, version: InterfaceVersion, zal: Zal | undefined, servedProviders: readonly string[]): ScopeCheck {
  const bad = (description: string): ScopeCheck => ({ ok: false, reason: "INVALID_SCOPE", description });
  if (!zal) return { ok: false, reason: "PROVIDER_LIST_UNAVAILABLE", description: "the Zorgaanbiederslijst is not loaded" };
  const served = servedProviders
    .map((name) => findProvider(zal, name))
    .filter((p): p is ZalProvider => p !== undefined);
  const servedProvider = (aanbieder: string) => served.find((p) => p.name.toLowerCase() === aanbieder + MEDMIJ);

  if (version === "1") {
    if (!ID.test(scope)) return bad("scope must be one GegevensdienstId");
    const provider = served.find((p) => p.dataServiceById.has(scope));
    if (!provider) return bad("the gegevensdienst in scope is not offered here");
    return { ok: true, value: { scope, providerName: provider.name, dataServiceIds: [scope], providerOnly: false } };
  }

  const parts = scope.split(" ");
  if (parts.some((p) => p === "")) return bad("scope values must be separated by exactly one space");
  if (version === "2.2" && parts.length !== 1) return bad("scope must be one value: aanbieder or aanbieder~GegevensdienstId");

  if (version === "2.2" && AANBIEDER.test(scope)) {
    const provider = servedProvider(scope);
    if (!provider) return bad("the provider in scope is not served here");
    return { ok: true, value: { scope, providerName: provider.name, dataServiceIds: provider.dataServices.map((d) => d.id), providerOnly: true } };
  }

  let aanbieder: string | undefined;
  const ids: string[] = [];
  for (const part of parts) {
    const tilde = part.indexOf("~");
    const name = part.slice(0, tilde);
    const id = part.slice(tilde + 1);
    if (tilde < 0 || !AANBIEDER.test(name) || !ID.test(id)) return bad("scope values must have the form aanbieder~GegevensdienstId");
    if (aanbieder !== undefined && name !== aanbieder) return bad("all scope values must name the same provider");
    if (ids.includes(id)) return bad("a gegevensdienst is named twice in scope");
    aanbieder = name;
    ids.push(id);
  }
  const provider = servedProvider(aanbieder!);
  if (!provider) return bad("the provider in scope is not served here");
  if (ids.some((id) => !provider.dataServiceById.has(id))) return bad("a gegevensdienst in scope is not offered by this provider");
  return { ok: true, value: { scope, providerName: provider.name, dataServiceIds: ids, providerOnly: false } };
}

/**
 * The scope granted in the access token: the requested scope when every
 * gegevensdienst is available; otherwise the requested values minus the
 * unavailable ones (requirements.md §4.7a).
 */
export function grantedScope(requested: RequestedScope, version: InterfaceVersion, available: readonly string[]): string {
  if (requested.providerOnly || requested.dataServiceIds.every((id) => available.includes(id))) return requested.scope;
  if (version === "1") return requested.scope;
  const aanbieder = requested.providerName.slice(0, -MEDMIJ.length);
  return requested.dataServiceIds.filter((id) => available.includes(id)).map((id) => `${aanbieder}~${id}`).join(" ");
}
