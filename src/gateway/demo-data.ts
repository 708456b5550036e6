/**
 * The demo data the gateway shows: the test persons (hints on the mock DigiD
 * page) and their FHIR R4 records (the demo resource server). Read lazily
 * from the demo folder and cached; a missing or broken file means "no data".
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface DemoPerson {
  readonly bsn: string;
  readonly name: string;
}

/** A FHIR resource as JSON (only the fields the gateway reads are typed). */
export interface FhirResource {
  readonly resourceType: string;
  readonly id?: string;
  readonly meta?: { readonly tag?: readonly { readonly system?: string; readonly code?: string }[] };
  readonly [key: string]: unknown;
}

/** The tag system that marks which gegevensdienst a demo resource belongs to. */
export const DATA_SERVICE_TAG = "https://medmij-oauth.dev/fhir/CodeSystem/gegevensdienst";

function defaultDemoDir(): string {
  // src/gateway → ../../demo; a build under dist/src/gateway → ../../../demo.
  for (const rel of ["../../demo", "../../../demo"]) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path.join(dir, "availability-registry.json"))) return dir;
  }
  return fileURLToPath(new URL("../../demo", import.meta.url));
}

export class DemoData {
  private readonly dir: string;
  private persons: readonly DemoPerson[] | undefined;
  private readonly records = new Map<string, readonly FhirResource[]>();

  constructor(dir?: string) {
    this.dir = dir ?? defaultDemoDir();
  }

  demoPersons(): readonly DemoPerson[] {
    if (!this.persons) {
      try {
        const parsed = JSON.parse(readFileSync(path.join(this.dir, "availability-registry.json"), "utf8")) as {
          persons?: { bsn?: unknown; name?: unknown }[];
        };
        this.persons = (parsed.persons ?? [])
          .filter((p) => typeof p.bsn === "string" && typeof p.name === "string")
          .map((p) => ({ bsn: p.bsn as string, name: p.name as string }));
      } catch {
        this.persons = [];
      }
    }
    return this.persons;
  }

  /** All demo resources of a person (entries of demo/fhir/<bsn>.json), or none. */
  resourcesOf(bsn: string): readonly FhirResource[] {
    if (!/^\d{9}$/.test(bsn)) return [];
    let found = this.records.get(bsn);
    if (!found) {
      try {
        const bundle = JSON.parse(readFileSync(path.join(this.dir, "fhir", `${bsn}.json`), "utf8")) as {
          entry?: { resource?: FhirResource }[];
        };
        found = (bundle.entry ?? []).map((e) => e.resource).filter((r): r is FhirResource => !!r && typeof r.resourceType === "string");
      } catch {
        found = [];
      }
      this.records.set(bsn, found);
    }
    return found;
  }
}

/** The gegevensdiensten a resource belongs to (its DATA_SERVICE_TAG codes). */
export function dataServicesOf(resource: FhirResource): string[] {
  return (resource.meta?.tag ?? []).filter((t) => t.system === DATA_SERVICE_TAG && typeof t.code === "string").map((t) => t.code!);
}
