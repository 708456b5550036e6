/**
 * A list as plain data and back, to hand a parsed list from a worker thread
 * to the main thread: the look-up maps and the freezing are rebuilt by the
 * build* functions rather than trusted from a structured clone.
 */
import { buildGnl, buildOcl, buildWhitelist, buildZal, type GnlEntry, type ListMeta, type MedMijList, type OclClient, type ZalProviderInput } from "./model.js";

export type PlainList =
  | { readonly kind: "zal"; readonly meta: ListMeta; readonly providers: ZalProviderInput[] }
  | { readonly kind: "ocl"; readonly meta: ListMeta; readonly clients: OclClient[] }
  | { readonly kind: "gnl"; readonly meta: ListMeta; readonly entries: GnlEntry[] }
  | { readonly kind: "whitelist"; readonly meta: ListMeta; readonly hostnames: string[] };

export function toPlainList(list: MedMijList): PlainList {
  const meta = { tijdstempel: list.tijdstempel, volgnummer: list.volgnummer };
  switch (list.kind) {
    case "zal":
      return {
        kind: "zal",
        meta,
        providers: list.providers.map((p) => ({
          name: p.name,
          dataServices: p.dataServices.map((d) => ({ ...d, systemRoles: d.systemRoles.map((r) => ({ ...r })) })),
        })),
      };
    case "ocl":
      return { kind: "ocl", meta, clients: list.clients.map((c) => ({ ...c })) };
    case "gnl":
      return { kind: "gnl", meta, entries: list.entries.map((e) => ({ ...e })) };
    case "whitelist":
      return { kind: "whitelist", meta, hostnames: [...list.hostnames] };
  }
}

export function fromPlainList(plain: PlainList): MedMijList {
  switch (plain.kind) {
    case "zal":
      return buildZal(plain.meta, plain.providers);
    case "ocl":
      return buildOcl(plain.meta, plain.clients);
    case "gnl":
      return buildGnl(plain.meta, plain.entries);
    case "whitelist":
      return buildWhitelist(plain.meta, plain.hostnames);
  }
}
