/**
 * Builds MedMij list documents for tests: a small element tree, builders for
 * the four lists, and a serializer that can use the default namespace or a
 * prefix. Tests mutate the tree to make invalid documents.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ListKind } from "../../../src/protocol/lists/model.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const SHARED = path.resolve(REPO_ROOT, "../shared/medmij");

export const NS: Record<ListKind, string> = {
  zal: "xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release2/",
  ocl: "xmlns://afsprakenstelsel.medmij.nl/oauthclientlist/release2/",
  gnl: "xmlns://afsprakenstelsel.medmij.nl/gegevensdienstnamenlijst/release1/",
  whitelist: "xmlns://afsprakenstelsel.medmij.nl/whitelist/release2/",
};
export const ROOT: Record<ListKind, string> = { zal: "Zorgaanbiederslijst", ocl: "OAuthclientlist", gnl: "Gegevensdienstnamenlijst", whitelist: "Whitelist" };
export const XSD: Record<ListKind, string> = {
  zal: path.join(SHARED, "xsd/MedMij_Zorgaanbiederslijst.xsd"),
  ocl: path.join(SHARED, "xsd/MedMij_OAuthclientlist.xsd"),
  gnl: path.join(SHARED, "xsd/MedMij_Gegevensdienstnamenlijst.xsd"),
  whitelist: path.join(SHARED, "xsd/MedMij_Whitelist.xsd"),
};

/** An element (name "#text": bare text `raw` between elements); `raw` is inserted as-is (comments, CDATA, references), `text` is escaped. */
export interface El {
  name: string;
  children?: El[];
  text?: string;
  raw?: string;
  /** Literal attribute text, e.g. ` foo="1"` or ` xmlns="urn:x"`. */
  attrs?: string;
}

export const el = (name: string, ...children: El[]): El => ({ name, children });
export const leaf = (name: string, text: string): El => ({ name, text });

export interface ZalSpec {
  volgnummer?: string | number;
  tijdstempel?: string;
  providers?: { name: string; services: { id: string; auth?: string; token?: string; roles?: { code: string; uri?: string }[] }[] }[];
}

export function zalTree(spec: ZalSpec = {}): El {
  const providers = spec.providers ?? [
    { name: "huisartsvoorbeeld@medmij", services: [{ id: "1" }, { id: "4" }] },
    { name: "ziekenhuisoost@medmij", services: [{ id: "49" }] },
  ];
  return el(
    "Zorgaanbiederslijst",
    leaf("Tijdstempel", spec.tijdstempel ?? "2024-03-01T09:00:00Z"),
    leaf("Volgnummer", String(spec.volgnummer ?? 17)),
    el(
      "Zorgaanbieders",
      ...providers.map((p) =>
        el(
          "Zorgaanbieder",
          leaf("Zorgaanbiedernaam", p.name),
          el(
            "Gegevensdiensten",
            ...p.services.map((s) =>
              el(
                "Gegevensdienst",
                leaf("GegevensdienstId", s.id),
                el("AuthorizationEndpoint", leaf("AuthorizationEndpointuri", s.auth ?? "https://auth.dva-voorbeeld.nl/oauth/authorize")),
                el("TokenEndpoint", leaf("TokenEndpointuri", s.token ?? "https://auth.dva-voorbeeld.nl:8443/oauth/token")),
                el(
                  "Systeemrollen",
                  ...(s.roles ?? [{ code: "LAB-1.0.0-LRB-FHIR" }]).map((r) =>
                    el("Systeemrol", leaf("Systeemrolcode", r.code), el("ResourceEndpoint", leaf("ResourceEndpointuri", r.uri ?? "https://fhir.dva-voorbeeld.nl/fhir"))),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

export function oclTree(spec: { volgnummer?: string | number; tijdstempel?: string; clients?: [string, string][] } = {}): El {
  const clients = spec.clients ?? [
    ["pgo.voorbeeldpgo.nl", "Voorbeeld PGO"],
    ["medmij.deenigeechtepgo.nl", "De Enige Echte PGO"],
  ];
  return el(
    "OAuthclientlist",
    leaf("Tijdstempel", spec.tijdstempel ?? "2024-03-01T09:00:00Z"),
    leaf("Volgnummer", String(spec.volgnummer ?? 203)),
    el("OAuthclients", ...clients.map(([h, n]) => el("OAuthclient", leaf("Hostname", h), leaf("OAuthclientOrganisatienaam", n)))),
  );
}

export function gnlTree(spec: { volgnummer?: string | number; tijdstempel?: string; names?: [string, string][] } = {}): El {
  const names = spec.names ?? [
    ["1", "Basisgegevens Zorg"],
    ["4", "Laboratoriumresultaten"],
    ["49", "Huisartsgegevens"],
  ];
  return el(
    "Gegevensdienstnamenlijst",
    leaf("Tijdstempel", spec.tijdstempel ?? "2024-03-01T09:00:00Z"),
    leaf("Volgnummer", String(spec.volgnummer ?? 58)),
    el("Gegevensdiensten", ...names.map(([id, n]) => el("Gegevensdienst", leaf("GegevensdienstId", id), leaf("Weergavenaam", n)))),
  );
}

export function whitelistTree(spec: { volgnummer?: string | number; tijdstempel?: string; hosts?: string[] } = {}): El {
  const hosts = spec.hosts ?? ["pgo.voorbeeldpgo.nl", "auth.dva-voorbeeld.nl", "fhir.dva-voorbeeld.nl"];
  return el(
    "Whitelist",
    leaf("Tijdstempel", spec.tijdstempel ?? "2024-03-01T09:00:00Z"),
    leaf("Volgnummer", String(spec.volgnummer ?? 4711)),
    el("MedMijNodes", ...hosts.map((h) => el("MedMijNode", leaf("Hostname", h)))),
  );
}

export const TREES: Record<ListKind, () => El> = { zal: () => zalTree(), ocl: () => oclTree(), gnl: () => gnlTree(), whitelist: () => whitelistTree() };

export interface XmlOptions {
  /** Namespace URI on the root; undefined: none. Defaults to the kind's namespace. */
  ns?: string | undefined;
  /** Serialize with this prefix instead of the default namespace. */
  prefix?: string;
  /** Extra literal attributes on the root. */
  rootAttrs?: string;
  declaration?: boolean;
}

export function toXml(kind: ListKind, root: El, options: XmlOptions = {}): string {
  const ns = "ns" in options ? options.ns : NS[kind];
  const p = options.prefix ? `${options.prefix}:` : "";
  const nsAttr = ns === undefined ? "" : options.prefix ? ` xmlns:${options.prefix}="${ns}"` : ` xmlns="${ns}"`;
  const out: string[] = [];
  if (options.declaration !== false) out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  const write = (e: El, depth: number, isRoot: boolean) => {
    const indent = "  ".repeat(depth);
    if (e.name === "#text") {
      out.push(`${indent}${e.raw ?? ""}\n`);
      return;
    }
    const attrs = (isRoot ? nsAttr + (options.rootAttrs ?? "") : "") + (e.attrs ?? "");
    if (e.raw !== undefined) out.push(`${indent}<${p}${e.name}${attrs}>${e.raw}</${p}${e.name}>\n`);
    else if (e.text !== undefined) out.push(`${indent}<${p}${e.name}${attrs}>${escapeText(e.text)}</${p}${e.name}>\n`);
    else {
      out.push(`${indent}<${p}${e.name}${attrs}>\n`);
      for (const c of e.children ?? []) write(c, depth + 1, false);
      out.push(`${indent}</${p}${e.name}>\n`);
    }
  };
  write(root, 0, true);
  return out.join("");
}

export function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The element at a path like "Zorgaanbieders/Zorgaanbieder[1]/Gegevensdiensten" (0-based indexes among same-named children). */
export function at(root: El, p: string): El {
  let cur = root;
  for (const step of p.split("/").filter(Boolean)) {
    const m = /^([^[]+)(?:\[(\d+)\])?$/.exec(step)!;
    const name = m[1]!;
    const idx = Number(m[2] ?? 0);
    const found = (cur.children ?? []).filter((c) => c.name === name)[idx];
    if (!found) throw new Error(`no ${step} in ${cur.name}`);
    cur = found;
  }
  return cur;
}

/** Helpers that change a tree in place and return it. */
export function setText(root: El, p: string, text: string): El {
  const e = at(root, p);
  e.text = text;
  delete e.raw;
  return root;
}
export function setRaw(root: El, p: string, raw: string): El {
  const e = at(root, p);
  e.raw = raw;
  delete e.text;
  return root;
}
export function remove(root: El, p: string): El {
  const parts = p.split("/");
  const last = parts.pop()!;
  const parent = parts.length ? at(root, parts.join("/")) : root;
  const target = at(parent, last);
  parent.children = parent.children!.filter((c) => c !== target);
  return root;
}
export function insert(root: El, parentPath: string, index: number, child: El): El {
  const parent = parentPath ? at(root, parentPath) : root;
  parent.children!.splice(index, 0, child);
  return root;
}
export function swap(root: El, parentPath: string, i: number, j: number): El {
  const parent = parentPath ? at(root, parentPath) : root;
  const c = parent.children!;
  [c[i], c[j]] = [c[j]!, c[i]!];
  return root;
}
export function duplicate(root: El, p: string): El {
  const parts = p.split("/");
  const last = parts.pop()!;
  const parent = parts.length ? at(root, parts.join("/")) : root;
  const target = at(parent, last);
  const i = parent.children!.indexOf(target);
  parent.children!.splice(i + 1, 0, structuredClone(target));
  return root;
}

export const zalXml = (spec: ZalSpec = {}, o?: XmlOptions) => toXml("zal", zalTree(spec), o);
export const oclXml = (spec: Parameters<typeof oclTree>[0] = {}, o?: XmlOptions) => toXml("ocl", oclTree(spec), o);
export const gnlXml = (spec: Parameters<typeof gnlTree>[0] = {}, o?: XmlOptions) => toXml("gnl", gnlTree(spec), o);
export const whitelistXml = (spec: Parameters<typeof whitelistTree>[0] = {}, o?: XmlOptions) => toXml("whitelist", whitelistTree(spec), o);
export const XML_OF: Record<ListKind, (volgnummer: number) => string> = {
  zal: (v) => zalXml({ volgnummer: v }),
  ocl: (v) => oclXml({ volgnummer: v }),
  gnl: (v) => gnlXml({ volgnummer: v }),
  whitelist: (v) => whitelistXml({ volgnummer: v }),
};
