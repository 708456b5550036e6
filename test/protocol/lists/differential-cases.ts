/**
 * Valid and invalid list documents for the differential test: each one is a
 * mutation of a valid document, named for what it changes. The expected
 * verdict is not written here: xmllint with the published XSD decides.
 */
import type { ListKind } from "../../../src/protocol/lists/model.js";
import {
  at, duplicate, el, gnlTree, insert, leaf, oclTree, remove, setRaw, setText, swap, toXml, whitelistTree, zalTree, NS, type El, type XmlOptions,
} from "./list-documents.js";

export interface Case {
  readonly kind: ListKind;
  readonly label: string;
  readonly xml: string;
}

/** A small deterministic PRNG (mulberry32) so every run checks the same documents. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TREE: Record<ListKind, () => El> = { zal: zalTree, ocl: oclTree, gnl: gnlTree, whitelist: whitelistTree };

const TIJDSTEMPELS = [
  "2024-03-01T09:00:00Z", "2024-03-01T09:00:00+01:00", "2024-03-01T09:00:00-13:59", "2024-03-01T09:00:00+14:00", "2024-03-01T09:00:00+14:01",
  "2024-03-01T09:00:00+15:00", "2024-03-01T09:00:00", "2024-03-01T09:00:00.5", "2024-03-01T09:00:00.123Z", "2024-03-01T09:00:00.Z",
  "2024-03-01T24:00:00Z", "2024-03-01T24:00:01Z", "2024-02-29T09:00:00Z", "2023-02-29T09:00:00Z", "2024-04-31T09:00:00Z",
  "0000-03-01T09:00:00Z", "12024-03-01T09:00:00Z", "02024-03-01T09:00:00Z", "-2024-03-01T09:00:00Z", "+2024-03-01T09:00:00Z",
  "2024-03-01T09:60:00Z", "2024-03-01T09:00:60Z", "2024-3-01T09:00:00Z", "  2024-03-01T09:00:00Z\n ", "2024-03-01T09:00:00 Z",
  "2024-03-01t09:00:00Z", "2024-03-01T09:00:00z", "2024-03-01T09:00:00+0100", "2024-03-01", "", "1900-02-29T09:00:00Z", "2000-02-29T09:00:00Z",
];

const VOLGNUMMERS = ["1", "0", "-1", "+5", "-0", "007", " 7 ", "\n\t42\n", "1.0", "abc", "", "1e3", "999999999999999999999999", "9999999999999999999999999",
  "000000000000000000000000001", "+", "٣", "9007199254740993"];

const HOSTNAMES = [
  "pgo.voorbeeldpgo.nl", "PGO.voorbeeldpgo.nl", "pgo.voorbeeldpgo.nl.", "localhost", "-pgo.example.nl", "pgo-.example.nl", "pgo.example-", "pgo.example.nl:443",
  "pgo_1.example.nl", " pgo.example.nl", "pgo.example.nl ", "a.b", "a.bc", "1.22", "xn--bcher-kva.example", "pgo..example.nl", "p.q.r.s.t.uv", "pgo.example.n1",
];

const ZA_NAMES = [
  "huisartsvoorbeeld@medmij", "Huisartsvoorbeeld@medmij", "huisarts-voorbeeld@medmij", "huisarts1@medmij", "a@medmij", "ab@medmij", "abc@medmij",
  "a".repeat(50) + "@medmij", "a".repeat(51) + "@medmij", "huisarts@MedMij", "huisarts@medmij ", " huisarts@medmij", "huisarts", "huisarts@medmij.nl", "élan@medmij",
];

const FRONT = [
  "https://auth.dva.nl/oauth/authorize", "https://auth.dva.nl", "https://auth.dva.nl/", "https://auth.dva.nl:443/oauth", "http://auth.dva.nl/oauth",
  "https://auth.dva.nl/oauth?x=1", "https://auth.dva.nl/oauth#f", "https://a.b/x", "https://auth.dva.nl//x", "https://Auth.dva.nl/x", "https://auth.dva.nl/a b",
  "https://auth.dva.nl/ü/x", "https://localhost/x", " https://auth.dva.nl/x",
];

const BACK = [
  "https://auth.dva.nl/oauth/token", "https://auth.dva.nl:8443/oauth/token", "https://auth.dva.nl:1/x", "https://auth.dva.nl:123456/x", "https://auth.dva.nl:/x",
  "https://auth.dva.nl:٨٠/x", "https://a.b/x", "https://a.bc:99999", "https://auth.dva.nl/x/", "https://auth.dva.nl/x?y", "http://auth.dva.nl/x", "https://auth.dva.nl/x\n",
];

const LENGTH_STRINGS = (min: number, max: number) => [
  "", "x".repeat(Math.max(0, min - 1)), "x".repeat(min), "x".repeat(max), "x".repeat(max + 1), "é".repeat(max), "😀".repeat(max), "😀".repeat(max + 1),
  " ".repeat(min), `  ${"y".repeat(min)}  `,
];

export function differentialCases(): Case[] {
  const cases: Case[] = [];
  const add = (kind: ListKind, label: string, tree: El, o?: XmlOptions) => {
    const xml = toXml(kind, tree, o);
    cases.push({ kind, label, xml: label === "CRLF line endings" ? xml.replace(/\n/g, "\r\n") : xml });
  };
  const addXml = (kind: ListKind, label: string, xml: string) => cases.push({ kind, label, xml });
  const kinds: ListKind[] = ["zal", "ocl", "gnl", "whitelist"];

  for (const kind of kinds) {
    add(kind, "valid base", TREE[kind]());
    add(kind, "prefixed namespace", TREE[kind](), { prefix: "m" });
    add(kind, "no namespace", TREE[kind](), { ns: undefined });
    add(kind, "wrong namespace", TREE[kind](), { ns: "urn:example:other" });
    add(kind, "another list's namespace", TREE[kind](), { ns: NS[kind === "zal" ? "ocl" : "zal"] });
    add(kind, "namespace with different case", TREE[kind](), { ns: NS[kind].toUpperCase() });
    add(kind, "xsi:schemaLocation", TREE[kind](), { rootAttrs: ` xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${NS[kind]} x.xsd"` });
    add(kind, "no XML declaration", TREE[kind](), { declaration: false });
    add(kind, "attribute on root", TREE[kind](), { rootAttrs: ' version="2"' });
    add(kind, "unused extra prefix", TREE[kind](), { rootAttrs: ' xmlns:q="urn:q"' });
    for (const t of TIJDSTEMPELS) add(kind, `Tijdstempel ${JSON.stringify(t)}`, setText(TREE[kind](), "Tijdstempel", t));
    for (const v of VOLGNUMMERS) add(kind, `Volgnummer ${JSON.stringify(v)}`, setText(TREE[kind](), "Volgnummer", v));
    add(kind, "Tijdstempel and Volgnummer swapped", swap(TREE[kind](), "", 0, 1));
    add(kind, "Tijdstempel missing", remove(TREE[kind](), "Tijdstempel"));
    add(kind, "Volgnummer missing", remove(TREE[kind](), "Volgnummer"));
    add(kind, "Tijdstempel twice", duplicate(TREE[kind](), "Tijdstempel"));
    add(kind, "Volgnummer twice", duplicate(TREE[kind](), "Volgnummer"));
    add(kind, "body missing", remove(TREE[kind](), (TREE[kind]().children![2]!).name));
    add(kind, "body twice", duplicate(TREE[kind](), (TREE[kind]().children![2]!).name));
    add(kind, "unknown element at the end", insert(TREE[kind](), "", 3, leaf("Opmerking", "x")));
    add(kind, "unknown element first", insert(TREE[kind](), "", 0, leaf("Opmerking", "x")));
    add(kind, "text in the root", insert(TREE[kind](), "", 1, { name: "#text", raw: "stray text" }));
    add(kind, "comment and PI inside a value", setRaw(TREE[kind](), "Volgnummer", "4<!-- c -->2<?pi x?>"));
    add(kind, "CDATA value", setRaw(TREE[kind](), "Tijdstempel", "<![CDATA[2024-03-01T09:00:00Z]]>"));
    add(kind, "character reference in a value", setRaw(TREE[kind](), "Volgnummer", "&#52;&#x32;"));
    add(kind, "element inside a value", setRaw(TREE[kind](), "Volgnummer", "<b>1</b>"));
    add(kind, "empty element for a value", setRaw(TREE[kind](), "Volgnummer", ""));
    // Whitespace right after a '>' is dropped before parsing only where no verdict can see it;
    // these put text, CDATA, '>' and attributes with '>' exactly there.
    const base = toXml(kind, TREE[kind]());
    addXml(kind, "CDATA of spaces between elements", base.replace("<Volgnummer>", "<![CDATA[  ]]>\n    <Volgnummer>"));
    addXml(kind, "empty CDATA between elements", base.replace("<Volgnummer>", "<![CDATA[]]><Volgnummer>"));
    addXml(kind, "CDATA of text between elements", base.replace("<Volgnummer>", "<![CDATA[ x ]]>\n    <Volgnummer>"));
    addXml(kind, "literal '>' as text between elements", base.replace("<Volgnummer>", ">\n    <Volgnummer>"));
    addXml(kind, "'>' then spaces inside a value", base.replace(/<Volgnummer>(\d+)<\/Volgnummer>/, "<Volgnummer>$1> </Volgnummer>"));
    addXml(kind, "attribute value holding '>' then an indented child", base.replace(/(<[A-Za-z]+ xmlns="[^"]+")/, '$1 xmlns:q="urn:a>b"'));
    addXml(kind, "entity '&gt;' before an element", base.replace("<Volgnummer>", "&gt;<Volgnummer>"));
    addXml(kind, "CRLF and tabs between elements", base.replace(/\n {4}</g, "\r\n\t<"));
    add(kind, "child in no namespace", (() => {
      const t = TREE[kind]();
      at(t, "Volgnummer").attrs = ' xmlns=""';
      return t;
    })());
    add(kind, "child in another namespace", (() => {
      const t = TREE[kind]();
      at(t, "Tijdstempel").attrs = ' xmlns="urn:other"';
      return t;
    })());
    add(kind, "child re-declares the same namespace", (() => {
      const t = TREE[kind]();
      at(t, "Tijdstempel").attrs = ` xmlns="${NS[kind]}"`;
      return t;
    })());
    add(kind, "attribute on a child", (() => {
      const t = TREE[kind]();
      at(t, "Volgnummer").attrs = ' type="int"';
      return t;
    })());
    add(kind, "whitespace-only text between elements", insert(TREE[kind](), "", 2, { name: "#text", raw: " \t \n  " }));
    add(kind, "character reference to a space between elements", insert(TREE[kind](), "", 2, { name: "#text", raw: "&#32;" }));
    add(kind, "xml:lang attribute on a child", (() => {
      const t = TREE[kind]();
      at(t, "Tijdstempel").attrs = ' xml:lang="nl"';
      return t;
    })());
    add(kind, "xsi:nil on a child", (() => {
      const t = TREE[kind]();
      at(t, "Volgnummer").attrs = ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="false"';
      return t;
    })());
    add(kind, "xsi:schemaLocation on a child", (() => {
      const t = TREE[kind]();
      at(t, "Volgnummer").attrs = ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="a b"';
      return t;
    })());
    add(kind, "child prefix bound to another namespace", (() => {
      const t = TREE[kind]();
      at(t, "Tijdstempel").attrs = ' xmlns:m="urn:other"';
      return t;
    })(), { prefix: "m" });
    add(kind, "comment and PI between elements", insert(TREE[kind](), "", 2, { name: "#text", raw: "<!-- note --><?keep going?>" }));
    add(kind, "tab character reference around a Tijdstempel", setRaw(TREE[kind](), "Tijdstempel", "&#9;2024-03-01T09:00:00Z&#10;"));
    add(kind, "CRLF line endings", (() => TREE[kind]())(), {});
    add(kind, "empty CDATA in a value", setRaw(TREE[kind](), "Volgnummer", "<![CDATA[]]>12"));
    add(kind, "no-break space between elements", insert(TREE[kind](), "", 2, { name: "#text", raw: "\u00a0" }));
    add(kind, "line separator between elements", insert(TREE[kind](), "", 2, { name: "#text", raw: "\u2028" }));
    add(kind, "no-break space around a Volgnummer", setRaw(TREE[kind](), "Volgnummer", "\u00a07"));
    add(kind, "CDATA with text between elements", insert(TREE[kind](), "", 2, { name: "#text", raw: "<![CDATA[x]]>" }));
  }

  // ZAL
  for (const n of ZA_NAMES) add("zal", `Zorgaanbiedernaam ${JSON.stringify(n)}`, setText(zalTree(), "Zorgaanbieders/Zorgaanbieder/Zorgaanbiedernaam", n));
  for (const u of FRONT) add("zal", `AuthorizationEndpointuri ${JSON.stringify(u)}`, zalTree({ providers: [{ name: "huisarts@medmij", services: [{ id: "1", auth: u }] }] }));
  for (const u of BACK) {
    add("zal", `TokenEndpointuri ${JSON.stringify(u)}`, zalTree({ providers: [{ name: "huisarts@medmij", services: [{ id: "1", token: u }] }] }));
    add("zal", `ResourceEndpointuri ${JSON.stringify(u)}`, zalTree({ providers: [{ name: "huisarts@medmij", services: [{ id: "1", roles: [{ code: "A", uri: u }] }] }] }));
  }
  for (const s of LENGTH_STRINGS(1, 30)) {
    add("zal", `GegevensdienstId ${JSON.stringify(s)}`, zalTree({ providers: [{ name: "huisarts@medmij", services: [{ id: s }] }] }));
    add("zal", `Systeemrolcode ${JSON.stringify(s)}`, zalTree({ providers: [{ name: "huisarts@medmij", services: [{ id: "1", roles: [{ code: s }] }] }] }));
  }
  add("zal", "no providers", zalTree({ providers: [] }));
  add("zal", "provider without gegevensdiensten", zalTree({ providers: [{ name: "huisarts@medmij", services: [] }] }));
  add("zal", "gegevensdienst without systeemrollen", zalTree({ providers: [{ name: "huisarts@medmij", services: [{ id: "1", roles: [] }] }] }));
  add("zal", "duplicate Zorgaanbiedernaam", zalTree({ providers: [{ name: "huisarts@medmij", services: [{ id: "1" }] }, { name: "huisarts@medmij", services: [{ id: "2" }] }] }));
  add("zal", "same GegevensdienstId at two providers", zalTree({ providers: [{ name: "huisarts@medmij", services: [{ id: "1" }] }, { name: "tandarts@medmij", services: [{ id: "1" }] }] }));
  add("zal", "duplicate GegevensdienstId at one provider", zalTree({ providers: [{ name: "huisarts@medmij", services: [{ id: "1" }, { id: "1" }] }] }));
  add("zal", "GegevensdienstIds differing only in whitespace", zalTree({ providers: [{ name: "huisarts@medmij", services: [{ id: "1" }, { id: " 1" }] }] }));
  add("zal", "duplicate Systeemrolcode", zalTree({ providers: [{ name: "huisarts@medmij", services: [{ id: "1", roles: [{ code: "A" }, { code: "A" }] }] }] }));
  add("zal", "same Systeemrolcode in two gegevensdiensten", zalTree({ providers: [{ name: "huisarts@medmij", services: [{ id: "1", roles: [{ code: "A" }] }, { id: "2", roles: [{ code: "A" }] }] }] }));
  const G = "Zorgaanbieders/Zorgaanbieder/Gegevensdiensten/Gegevensdienst";
  add("zal", "TokenEndpoint before AuthorizationEndpoint", swap(zalTree(), G, 1, 2));
  add("zal", "GegevensdienstId after AuthorizationEndpoint", swap(zalTree(), G, 0, 1));
  add("zal", "Gegevensdiensten before Zorgaanbiedernaam", swap(zalTree(), "Zorgaanbieders/Zorgaanbieder", 0, 1));
  add("zal", "AuthorizationEndpoint missing", remove(zalTree(), `${G}/AuthorizationEndpoint`));
  add("zal", "TokenEndpoint missing", remove(zalTree(), `${G}/TokenEndpoint`));
  add("zal", "Systeemrollen missing", remove(zalTree(), `${G}/Systeemrollen`));
  add("zal", "GegevensdienstId missing", remove(zalTree(), `${G}/GegevensdienstId`));
  add("zal", "Zorgaanbiedernaam missing", remove(zalTree(), "Zorgaanbieders/Zorgaanbieder/Zorgaanbiedernaam"));
  add("zal", "ResourceEndpoint missing", remove(zalTree(), `${G}/Systeemrollen/Systeemrol/ResourceEndpoint`));
  add("zal", "AuthorizationEndpointuri missing", remove(zalTree(), `${G}/AuthorizationEndpoint/AuthorizationEndpointuri`));
  add("zal", "AuthorizationEndpointuri twice", duplicate(zalTree(), `${G}/AuthorizationEndpoint/AuthorizationEndpointuri`));
  add("zal", "TokenEndpoint twice", duplicate(zalTree(), `${G}/TokenEndpoint`));
  add("zal", "unknown element in a gegevensdienst", insert(zalTree(), G, 4, leaf("Interfaceversie", "2")));
  add("zal", "text in a gegevensdienst", insert(zalTree(), G, 0, { name: "#text", raw: "1" }));
  add("zal", "Zorgaanbiedernaam with a comment inside", setRaw(zalTree(), "Zorgaanbieders/Zorgaanbieder/Zorgaanbiedernaam", "huisarts<!-- x -->voorbeeld@medmij"));
  add("zal", "Zorgaanbiedernaam split by CDATA", setRaw(zalTree(), "Zorgaanbieders/Zorgaanbieder/Zorgaanbiedernaam", "huisarts<![CDATA[voorbeeld]]>@medmij"));
  add("zal", "AuthorizationEndpointuri with &amp; in the path", setRaw(zalTree(), `${G}/AuthorizationEndpoint/AuthorizationEndpointuri`, "https://auth.dva.nl/a&amp;b"));
  add("zal", "Gegevensdienst element with the 2018 text shape", setRaw(zalTree(), G, "1"));

  // OCL
  for (const h of HOSTNAMES) add("ocl", `OCL Hostname ${JSON.stringify(h)}`, oclTree({ clients: [[h, "Voorbeeld PGO"]] }));
  for (const s of LENGTH_STRINGS(3, 50)) add("ocl", `OAuthclientOrganisatienaam ${JSON.stringify(s)}`, oclTree({ clients: [["pgo.voorbeeld.nl", s]] }));
  add("ocl", "no clients", oclTree({ clients: [] }));
  add("ocl", "duplicate Hostname", oclTree({ clients: [["pgo.voorbeeld.nl", "Een"], ["pgo.voorbeeld.nl", "Twee"]] }));
  add("ocl", "same name, different hostnames", oclTree({ clients: [["pgo.voorbeeld.nl", "Een"], ["pgo2.voorbeeld.nl", "Een"]] }));
  add("ocl", "Hostname and name swapped", swap(oclTree(), "OAuthclients/OAuthclient", 0, 1));
  add("ocl", "OAuthclientOrganisatienaam missing", remove(oclTree(), "OAuthclients/OAuthclient/OAuthclientOrganisatienaam"));
  add("ocl", "Hostname twice", duplicate(oclTree(), "OAuthclients/OAuthclient/Hostname"));
  add("ocl", "organisation name with entities", setRaw(oclTree(), "OAuthclients/OAuthclient/OAuthclientOrganisatienaam", "Jansen &amp; Zn &lt;PGO&gt;"));

  // GNL
  for (const s of LENGTH_STRINGS(1, 30)) add("gnl", `GNL GegevensdienstId ${JSON.stringify(s)}`, gnlTree({ names: [[s, "Basisgegevens"]] }));
  for (const s of LENGTH_STRINGS(3, 50)) add("gnl", `Weergavenaam ${JSON.stringify(s)}`, gnlTree({ names: [["1", s]] }));
  add("gnl", "no names", gnlTree({ names: [] }));
  add("gnl", "carriage return reference in a Weergavenaam", setRaw(gnlTree(), "Gegevensdiensten/Gegevensdienst/Weergavenaam", "ab&#13;"));
  add("gnl", "carriage return reference in a short Weergavenaam", setRaw(gnlTree(), "Gegevensdiensten/Gegevensdienst/Weergavenaam", "a&#13;"));
  add("gnl", "duplicate id, once as CDATA", (() => {
    const t = gnlTree({ names: [["1", "Een"], ["2", "Twee"]] });
    setRaw(t, "Gegevensdiensten/Gegevensdienst[1]/GegevensdienstId", "<![CDATA[1]]>");
    return t;
  })());
  add("gnl", "duplicate GegevensdienstId", gnlTree({ names: [["1", "Een"], ["1", "Twee"]] }));
  add("gnl", "ids 1 and 01", gnlTree({ names: [["1", "Een"], ["01", "Twee"]] }));
  add("gnl", "Weergavenaam before id", swap(gnlTree(), "Gegevensdiensten/Gegevensdienst", 0, 1));
  add("gnl", "Weergavenaam missing", remove(gnlTree(), "Gegevensdiensten/Gegevensdienst/Weergavenaam"));

  // Whitelist
  for (const h of HOSTNAMES) add("whitelist", `Whitelist Hostname ${JSON.stringify(h)}`, whitelistTree({ hosts: [h] }));
  add("whitelist", "no nodes", whitelistTree({ hosts: [] }));
  add("whitelist", "duplicate Hostname", whitelistTree({ hosts: ["a.example.nl", "b.example.nl", "a.example.nl"] }));
  add("whitelist", "2018 text-node shape", (() => {
    const t = whitelistTree();
    for (const n of t.children![2]!.children!) {
      n.raw = n.children![0]!.text!;
      delete n.children;
    }
    return t;
  })());
  add("whitelist", "MedMijNode with two Hostnames", duplicate(whitelistTree(), "MedMijNodes/MedMijNode/Hostname"));
  add("whitelist", "empty MedMijNode", setRaw(whitelistTree(), "MedMijNodes/MedMijNode", ""));

  // Well-formedness (both sides refuse; checks we never accept broken XML).
  const base = toXml("gnl", gnlTree());
  addXml("gnl", "unclosed element", base.replace("</Weergavenaam>", ""));
  addXml("gnl", "mismatched end tag", base.replace("</Weergavenaam>", "</Weergave>"));
  addXml("gnl", "undeclared entity", base.replace("Basisgegevens Zorg", "Basis&nbsp;Zorg"));
  addXml("gnl", "bare ampersand", base.replace("Basisgegevens Zorg", "Basis & Zorg"));
  addXml("gnl", "two root elements", base + "<Whitelist/>\n");
  addXml("gnl", "text after the root", base + "trailing\n");
  addXml("gnl", "undeclared prefix", base.replace("<Volgnummer>58</Volgnummer>", "<x:Volgnummer>58</x:Volgnummer>"));
  addXml("gnl", "control character", base.replace("Basisgegevens", "Basis\u0001gegevens"));
  addXml("gnl", "illegal character reference", base.replace("Basisgegevens", "Basis&#1;gegevens"));
  addXml("gnl", "empty document", "");

  // Random documents: valid shapes with random sizes and values drawn from the lists above.
  const rnd = prng(20261204);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const letters = (n: number) => Array.from({ length: n }, () => "abcdefghijklmnopqrstuvwxyz"[Math.floor(rnd() * 26)]).join("");
  for (let i = 0; i < 60; i++) {
    const kind = pick(kinds);
    const mutate = rnd() < 0.5;
    const vol = mutate && rnd() < 0.3 ? pick(VOLGNUMMERS) : String(1 + Math.floor(rnd() * 100000));
    const ts = mutate && rnd() < 0.3 ? pick(TIJDSTEMPELS) : "2024-03-01T09:00:00Z";
    let tree: El;
    if (kind === "zal") {
      const providers = Array.from({ length: Math.floor(rnd() * 4) }, (_, j) => ({
        name: mutate && rnd() < 0.2 ? pick(ZA_NAMES) : `${letters(3 + Math.floor(rnd() * 10))}${j === 0 ? "" : letters(1)}@medmij`,
        services: Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, k) => ({
          id: String(k + 1),
          auth: mutate && rnd() < 0.2 ? pick(FRONT) : `https://${letters(5)}.nl/oauth/authorize`,
          token: mutate && rnd() < 0.2 ? pick(BACK) : `https://${letters(5)}.nl:${1 + Math.floor(rnd() * 65535)}/token`,
          roles: [{ code: `R-${k}`, uri: mutate && rnd() < 0.2 ? pick(BACK) : `https://${letters(4)}.${letters(2)}/fhir` }],
        })),
      }));
      tree = zalTree({ volgnummer: vol, tijdstempel: ts, providers });
    } else if (kind === "ocl") {
      tree = oclTree({ volgnummer: vol, tijdstempel: ts, clients: Array.from({ length: Math.floor(rnd() * 4) }, () => [mutate && rnd() < 0.3 ? pick(HOSTNAMES) : `${letters(4)}.${letters(3)}.nl`, letters(2 + Math.floor(rnd() * 10))] as [string, string]) });
    } else if (kind === "gnl") {
      tree = gnlTree({ volgnummer: vol, tijdstempel: ts, names: Array.from({ length: Math.floor(rnd() * 4) }, (_, j) => [String(j + 1), letters(2 + Math.floor(rnd() * 8))] as [string, string]) });
    } else {
      tree = whitelistTree({ volgnummer: vol, tijdstempel: ts, hosts: Array.from({ length: Math.floor(rnd() * 4) }, () => (mutate && rnd() < 0.3 ? pick(HOSTNAMES) : `${letters(3)}.${letters(3)}.nl`)) });
    }
    add(kind, `random #${i}${mutate ? " (mutated)" : ""}`, tree, rnd() < 0.3 ? { prefix: letters(3) } : {});
  }
  return cases;
}

export { el, leaf };
