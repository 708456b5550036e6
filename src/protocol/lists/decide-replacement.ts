/**
 * Whether a freshly fetched, valid list replaces the loaded one: only a
 * higher Volgnummer does (MedMij raises it by one per publication; a lower or
 * equal one is an old or replayed copy). The same Volgnummer with the same
 * bytes is simply "unchanged", not a refusal.
 */
import type { MedMijList } from "./model.js";

export type Replacement =
  | { readonly action: "replace" }
  | { readonly action: "unchanged" }
  | { readonly action: "refuse"; readonly reason: string };

export function decideReplacement(
  current: { list: MedMijList; xml: string } | undefined,
  candidate: { list: MedMijList; xml: string },
): Replacement {
  if (!current) return { action: "replace" };
  const cur = current.list.volgnummer;
  const next = candidate.list.volgnummer;
  if (next > cur) return { action: "replace" };
  if (next === cur && candidate.xml === current.xml) return { action: "unchanged" };
  return {
    action: "refuse",
    reason: next === cur ? `Volgnummer ${next} equals the loaded one but the content differs; a new publication must raise it` : `Volgnummer ${next} is lower than the loaded ${cur}`,
  };
}
