/**
 * The four MedMij lists as typed, frozen objects with O(1) look-ups.
 * Parsing and validation (src/protocol/lists/parse-*.ts) produce these; the
 * authorization server and the PGO client only ever read them through
 * ListsView. Hostnames and provider names are keyed lower-case.
 */

export type ListKind = "zal" | "ocl" | "gnl" | "whitelist";

export const LIST_KINDS: readonly ListKind[] = ["zal", "ocl", "gnl", "whitelist"];

export interface ListMeta {
  /** Tijdstempel as published (xs:dateTime with a time zone). */
  readonly tijdstempel: string;
  /** Volgnummer: a positive integer, raised by one per publication. */
  readonly volgnummer: number;
}

export interface SystemRole {
  readonly code: string;
  readonly resourceEndpointUri: string;
}

export interface ZalDataService {
  readonly id: string;
  readonly authorizationEndpointUri: string;
  readonly tokenEndpointUri: string;
  readonly systemRoles: readonly SystemRole[];
}

export interface ZalProvider {
  /** Zorgaanbiedernaam, e.g. "huisartsvoorbeeld@medmij". */
  readonly name: string;
  readonly dataServices: readonly ZalDataService[];
  readonly dataServiceById: ReadonlyMap<string, ZalDataService>;
}

export interface Zal extends ListMeta {
  readonly kind: "zal";
  /** Ordered by name. */
  readonly providers: readonly ZalProvider[];
  readonly providerByName: ReadonlyMap<string, ZalProvider>;
}

export interface OclClient {
  readonly hostname: string;
  readonly organisationName: string;
}

export interface Ocl extends ListMeta {
  readonly kind: "ocl";
  readonly clients: readonly OclClient[];
  readonly clientByHostname: ReadonlyMap<string, OclClient>;
}

export interface GnlEntry {
  readonly id: string;
  readonly displayName: string;
}

export interface Gnl extends ListMeta {
  readonly kind: "gnl";
  readonly entries: readonly GnlEntry[];
  readonly nameById: ReadonlyMap<string, string>;
}

export interface Whitelist extends ListMeta {
  readonly kind: "whitelist";
  readonly hostnames: ReadonlySet<string>;
}

export type MedMijList = Zal | Ocl | Gnl | Whitelist;

/** The current good copy of each list (undefined until one is loaded). */
export interface ListSnapshot {
  readonly zal?: Zal;
  readonly ocl?: Ocl;
  readonly gnl?: Gnl;
  readonly whitelist?: Whitelist;
}

/** What the flow services read: always the latest good copies. */
export interface ListsView {
  current(): ListSnapshot;
}

export interface ZalProviderInput {
  name: string;
  dataServices: ZalDataService[];
}

export function buildZal(meta: ListMeta, providers: ZalProviderInput[]): Zal {
  const sorted = [...providers].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const frozen: ZalProvider[] = sorted.map((p) => {
    const dataServices = Object.freeze(
      p.dataServices.map((d) => Object.freeze({ ...d, systemRoles: Object.freeze(d.systemRoles.map((r) => Object.freeze({ ...r }))) })),
    );
    return Object.freeze({ name: p.name, dataServices, dataServiceById: new Map(dataServices.map((d) => [d.id, d] as const)) });
  });
  return Object.freeze({
    kind: "zal" as const,
    tijdstempel: meta.tijdstempel,
    volgnummer: meta.volgnummer,
    providers: Object.freeze(frozen),
    providerByName: new Map(frozen.map((p) => [p.name.toLowerCase(), p] as const)),
  });
}

export function buildOcl(meta: ListMeta, clients: OclClient[]): Ocl {
  const frozen = Object.freeze(clients.map((c) => Object.freeze({ hostname: c.hostname.toLowerCase(), organisationName: c.organisationName })));
  return Object.freeze({
    kind: "ocl" as const,
    tijdstempel: meta.tijdstempel,
    volgnummer: meta.volgnummer,
    clients: frozen,
    clientByHostname: new Map(frozen.map((c) => [c.hostname, c] as const)),
  });
}

export function buildGnl(meta: ListMeta, entries: GnlEntry[]): Gnl {
  const frozen = Object.freeze(entries.map((e) => Object.freeze({ ...e })));
  return Object.freeze({
    kind: "gnl" as const,
    tijdstempel: meta.tijdstempel,
    volgnummer: meta.volgnummer,
    entries: frozen,
    nameById: new Map(frozen.map((e) => [e.id, e.displayName] as const)),
  });
}

export function buildWhitelist(meta: ListMeta, hostnames: string[]): Whitelist {
  return Object.freeze({
    kind: "whitelist" as const,
    tijdstempel: meta.tijdstempel,
    volgnummer: meta.volgnummer,
    hostnames: new Set(hostnames.map((h) => h.toLowerCase())),
  });
}

export function findProvider(zal: Zal | undefined, name: string): ZalProvider | undefined {
  return zal?.providerByName.get(name.toLowerCase());
}

export function findClient(ocl: Ocl | undefined, hostname: string): OclClient | undefined {
  return ocl?.clientByHostname.get(hostname.toLowerCase());
}

export function isWhitelisted(whitelist: Whitelist | undefined, hostname: string): boolean {
  return whitelist?.hostnames.has(hostname.toLowerCase()) ?? false;
}

export function dataServiceName(gnl: Gnl | undefined, id: string): string | undefined {
  return gnl?.nameById.get(id);
}
