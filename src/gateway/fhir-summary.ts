/** One line per FHIR resource, in Dutch, for the PGO's data page. */
import { html, type SafeHtml } from "./html.js";

type Json = Record<string, unknown>;

const KIND: Record<string, string> = {
  Patient: "Persoonsgegevens",
  Condition: "Probleem",
  AllergyIntolerance: "Allergie",
  MedicationStatement: "Medicatiegebruik",
  Observation: "Meting of uitslag",
  Immunization: "Vaccinatie",
  Procedure: "Verrichting",
};

const obj = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");

function concept(v: unknown): string {
  const c = obj(v);
  return str(c.text) || str(obj(arr(c.coding)[0]).display) || str(obj(arr(c.coding)[0]).code);
}

/** 2026-11-20T09:15:00+01:00 → 20-11-2026 09:15 (as written, no time zone conversion). */
function dateNl(v: unknown): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(str(v));
  if (!m) return str(v);
  return `${m[3]}-${m[2]}-${m[1]}${m[4] ? ` ${m[4]}:${m[5]}` : ""}`;
}

function describe(r: Json): { what: string; when: string } {
  switch (r.resourceType) {
    case "Patient": {
      const n = obj(arr(r.name)[0]);
      const name = str(n.text) || [...arr(n.given).map(str), str(n.family)].filter(Boolean).join(" ");
      return { what: name, when: str(r.birthDate) ? `geboren ${dateNl(r.birthDate)}` : "" };
    }
    case "Observation": {
      const q = obj(r.valueQuantity);
      const value = str(q.value) ? `${str(q.value)} ${str(q.unit)}`.trim() : str(r.valueString) || concept(r.valueCodeableConcept);
      return { what: `${concept(r.code)}${value ? `: ${value}` : ""}`, when: dateNl(r.effectiveDateTime) };
    }
    case "MedicationStatement":
      return {
        what: `${concept(r.medicationCodeableConcept)}${str(obj(arr(r.dosage)[0]).text) ? ` (${str(obj(arr(r.dosage)[0]).text)})` : ""}`,
        when: dateNl(str(obj(r.effectivePeriod).start) || str(r.effectiveDateTime)),
      };
    case "Condition":
      return { what: concept(r.code), when: dateNl(r.onsetDateTime) };
    case "AllergyIntolerance":
      return { what: concept(r.code), when: dateNl(r.recordedDate) };
    default:
      return { what: concept(r.code) || str(r.id), when: "" };
  }
}

export function summarizeBundle(bundle: unknown): { count: number; table: SafeHtml } {
  const entries = arr(obj(bundle).entry).map((e) => obj(obj(e).resource));
  const rows = entries.map((r) => {
    const { what, when } = describe(r);
    return html`<tr><td>${KIND[str(r.resourceType)] ?? str(r.resourceType)}</td><td>${what}</td><td>${when}</td></tr>`;
  });
  return {
    count: entries.length,
    table: html`<table class="fhir"><thead><tr><th>Soort</th><th>Omschrijving</th><th>Datum</th></tr></thead><tbody>${rows}</tbody></table>`,
  };
}
