import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findClient, findProvider, isWhitelisted, dataServiceName } from "../../../src/protocol/lists/model.js";
import { parseList, validateListXml } from "../../../src/protocol/lists/parse-list.js";
import type { ListRule } from "../../../src/protocol/lists/list-error.js";
import {
  REPO_ROOT, SHARED, at, duplicate, gnlTree, gnlXml, insert, leaf, oclTree, oclXml, remove, setRaw, setText, swap, toXml, whitelistTree, whitelistXml, zalTree, zalXml, type El,
} from "./list-documents.js";

type Kind = "zal" | "ocl" | "gnl" | "whitelist";
const G = "Zorgaanbieders/Zorgaanbieder/Gegevensdiensten/Gegevensdienst";
const P = "/Zorgaanbiederslijst/Zorgaanbieders/Zorgaanbieder[1]";
const PG = `${P}/Gegevensdiensten/Gegevensdienst[1]`;

function refused(xml: string, rule: ListRule, pathExpected: string) {
  const r = parseList(xml);
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(r.errors).toContainEqual(expect.objectContaining({ rule, path: pathExpected }));
}

function accepted(xml: string | Uint8Array) {
  const r = parseList(xml);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.list;
}

const withText = (kind: Kind, tree: El, p: string, text: string) => toXml(kind, setText(tree, p, text));

/** Every rule: one document the rule accepts, one it refuses (with the path and rule reported). */
const RULES: { rule: string; ok: string; bad: string; expect: [ListRule, string] }[] = [
  { rule: "root element", ok: zalXml(), bad: toXml("zal", { ...zalTree(), name: "Aanbiederslijst" }), expect: ["root-element", "/Aanbiederslijst"] },
  { rule: "root namespace", ok: zalXml(), bad: zalXml({}, { ns: "urn:other" }), expect: ["namespace", "/Zorgaanbiederslijst"] },
  { rule: "prefixed namespace decided by URI", ok: zalXml({}, { prefix: "zal" }), bad: zalXml({}, { prefix: "zal", ns: "xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release1/" }), expect: ["namespace", "/Zorgaanbiederslijst"] },
  {
    rule: "child namespace",
    ok: toXml("ocl", (() => { const t = oclTree(); at(t, "Volgnummer").attrs = ' xmlns="xmlns://afsprakenstelsel.medmij.nl/oauthclientlist/release2/"'; return t; })()),
    bad: toXml("ocl", (() => { const t = oclTree(); at(t, "Volgnummer").attrs = ' xmlns="urn:x"'; return t; })()),
    expect: ["namespace", "/OAuthclientlist/Volgnummer"],
  },
  { rule: "element order", ok: zalXml(), bad: toXml("zal", swap(zalTree(), G, 1, 2)), expect: ["unexpected-element", `${PG}/TokenEndpoint`] },
  { rule: "required element", ok: oclXml(), bad: toXml("ocl", remove(oclTree(), "OAuthclients/OAuthclient/OAuthclientOrganisatienaam")), expect: ["missing-element", "/OAuthclientlist/OAuthclients/OAuthclient[1]/OAuthclientOrganisatienaam"] },
  { rule: "at least one Gegevensdienst", ok: zalXml({ providers: [{ name: "huisarts@medmij", services: [{ id: "1" }] }] }), bad: zalXml({ providers: [{ name: "huisarts@medmij", services: [] }] }), expect: ["missing-element", `${P}/Gegevensdiensten/Gegevensdienst`] },
  { rule: "at least one Systeemrol", ok: zalXml(), bad: zalXml({ providers: [{ name: "huisarts@medmij", services: [{ id: "1", roles: [] }] }] }), expect: ["missing-element", `${PG}/Systeemrollen/Systeemrol`] },
  { rule: "zero clients allowed, one Volgnummer", ok: oclXml({ clients: [] }), bad: toXml("ocl", duplicate(oclTree(), "Volgnummer")), expect: ["max-occurs", "/OAuthclientlist/Volgnummer"] },
  { rule: "no unknown elements", ok: gnlXml(), bad: toXml("gnl", insert(gnlTree(), "", 3, leaf("Extra", "x"))), expect: ["unexpected-element", "/Gegevensdienstnamenlijst/Extra"] },
  { rule: "no text in element-only content", ok: toXml("gnl", insert(gnlTree(), "", 1, { name: "#text", raw: "\n\t " })), bad: toXml("gnl", insert(gnlTree(), "", 1, { name: "#text", raw: "hallo" })), expect: ["text-not-allowed", "/Gegevensdienstnamenlijst"] },
  { rule: "no elements in a value", ok: gnlXml(), bad: toXml("gnl", setRaw(gnlTree(), "Volgnummer", "<i>5</i>")), expect: ["element-not-allowed", "/Gegevensdienstnamenlijst/Volgnummer"] },
  { rule: "no attributes", ok: whitelistXml({}, { rootAttrs: ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="x y"' }), bad: whitelistXml({}, { rootAttrs: ' versie="9"' }), expect: ["attribute-not-allowed", "/Whitelist"] },
  { rule: "Zorgaanbiedernaam pattern", ok: zalXml({ providers: [{ name: "huisartsvoorbeeld@medmij", services: [{ id: "1" }] }] }), bad: zalXml({ providers: [{ name: "huisarts-voorbeeld@medmij", services: [{ id: "1" }] }] }), expect: ["pattern", `${P}/Zorgaanbiedernaam`] },
  { rule: "Zorgaanbiedernaam upper case", ok: zalXml(), bad: zalXml({ providers: [{ name: "Huisarts@medmij", services: [{ id: "1" }] }] }), expect: ["pattern", `${P}/Zorgaanbiedernaam`] },
  { rule: "Zorgaanbiedernaam min length 10", ok: zalXml({ providers: [{ name: "abc@medmij", services: [{ id: "1" }] }] }), bad: zalXml({ providers: [{ name: "ab@medmij", services: [{ id: "1" }] }] }), expect: ["min-length", `${P}/Zorgaanbiedernaam`] },
  { rule: "Zorgaanbiedernaam max length 57", ok: zalXml({ providers: [{ name: "a".repeat(50) + "@medmij", services: [{ id: "1" }] }] }), bad: zalXml({ providers: [{ name: "a".repeat(51) + "@medmij", services: [{ id: "1" }] }] }), expect: ["max-length", `${P}/Zorgaanbiedernaam`] },
  { rule: "Hostname pattern (lower case, a dot, no port)", ok: oclXml({ clients: [["pgo.example.nl", "PGO"]] }), bad: oclXml({ clients: [["pgo.example.nl:443", "PGO"]] }), expect: ["pattern", "/OAuthclientlist/OAuthclients/OAuthclient[1]/Hostname"] },
  { rule: "Hostname needs a dot", ok: whitelistXml({ hosts: ["a.bc"] }), bad: whitelistXml({ hosts: ["localhost"] }), expect: ["pattern", "/Whitelist/MedMijNodes/MedMijNode[1]/Hostname"] },
  { rule: "Frontchanneluri: no port", ok: zalXml({ providers: [{ name: "huisarts@medmij", services: [{ id: "1", auth: "https://a.example.nl/authorize" }] }] }), bad: zalXml({ providers: [{ name: "huisarts@medmij", services: [{ id: "1", auth: "https://a.example.nl:443/authorize" }] }] }), expect: ["pattern", `${PG}/AuthorizationEndpoint/AuthorizationEndpointuri`] },
  { rule: "Backchanneluri: a port is fine, a query is not", ok: zalXml({ providers: [{ name: "huisarts@medmij", services: [{ id: "1", token: "https://a.example.nl:8443/token" }] }] }), bad: zalXml({ providers: [{ name: "huisarts@medmij", services: [{ id: "1", token: "https://a.example.nl:8443/token?x=1" }] }] }), expect: ["pattern", `${PG}/TokenEndpoint/TokenEndpointuri`] },
  { rule: "ResourceEndpointuri: https only", ok: zalXml(), bad: zalXml({ providers: [{ name: "huisarts@medmij", services: [{ id: "1", roles: [{ code: "A", uri: "http://fhir.example.nl/fhir" }] }] }] }), expect: ["pattern", `${PG}/Systeemrollen/Systeemrol[1]/ResourceEndpoint/ResourceEndpointuri`] },
  { rule: "GegevensdienstId length 1..30", ok: zalXml({ providers: [{ name: "huisarts@medmij", services: [{ id: "x".repeat(30) }] }] }), bad: zalXml({ providers: [{ name: "huisarts@medmij", services: [{ id: "" }] }] }), expect: ["min-length", `${PG}/GegevensdienstId`] },
  { rule: "Systeemrolcode length 1..30", ok: zalXml(), bad: zalXml({ providers: [{ name: "huisarts@medmij", services: [{ id: "1", roles: [{ code: "x".repeat(31) }] }] }] }), expect: ["max-length", `${PG}/Systeemrollen/Systeemrol[1]/Systeemrolcode`] },
  { rule: "Weergavenaam length 3..50 in characters", ok: gnlXml({ names: [["1", "😀".repeat(50)]] }), bad: gnlXml({ names: [["1", "ab"]] }), expect: ["min-length", "/Gegevensdienstnamenlijst/Gegevensdiensten/Gegevensdienst[1]/Weergavenaam"] },
  { rule: "OAuthclientOrganisatienaam max 50", ok: oclXml({ clients: [["pgo.example.nl", "x".repeat(50)]] }), bad: oclXml({ clients: [["pgo.example.nl", "x".repeat(51)]] }), expect: ["max-length", "/OAuthclientlist/OAuthclients/OAuthclient[1]/OAuthclientOrganisatienaam"] },
  { rule: "Volgnummer positive", ok: gnlXml({ volgnummer: "1" }), bad: gnlXml({ volgnummer: "0" }), expect: ["positive-integer", "/Gegevensdienstnamenlijst/Volgnummer"] },
  { rule: "Volgnummer an integer", ok: gnlXml({ volgnummer: " +007 " }), bad: gnlXml({ volgnummer: "1.5" }), expect: ["positive-integer", "/Gegevensdienstnamenlijst/Volgnummer"] },
  { rule: "Tijdstempel an xs:dateTime", ok: gnlXml({ tijdstempel: "2024-02-29T23:59:59.999+01:00" }), bad: gnlXml({ tijdstempel: "2023-02-29T09:00:00Z" }), expect: ["datetime", "/Gegevensdienstnamenlijst/Tijdstempel"] },
  { rule: "Tijdstempel pattern .{20,}", ok: gnlXml({ tijdstempel: "2024-03-01T09:00:00Z" }), bad: gnlXml({ tijdstempel: "2024-03-01T09:00:00" }), expect: ["pattern", "/Gegevensdienstnamenlijst/Tijdstempel"] },
  { rule: "Tijdstempel time zone (policy)", ok: gnlXml({ tijdstempel: "2024-03-01T09:00:00.5Z" }), bad: gnlXml({ tijdstempel: "2024-03-01T09:00:00.5" }), expect: ["policy", "/Gegevensdienstnamenlijst/Tijdstempel"] },
  { rule: "Volgnummer fits a safe integer (policy)", ok: gnlXml({ volgnummer: String(Number.MAX_SAFE_INTEGER) }), bad: gnlXml({ volgnummer: "9007199254740993" }), expect: ["policy", "/Gegevensdienstnamenlijst/Volgnummer"] },
  { rule: "unique Zorgaanbiedernaam", ok: zalXml(), bad: zalXml({ providers: [{ name: "huisarts@medmij", services: [{ id: "1" }] }, { name: "huisarts@medmij", services: [{ id: "1" }] }] }), expect: ["unique", "/Zorgaanbiederslijst/Zorgaanbieders/Zorgaanbieder[2]/Zorgaanbiedernaam"] },
  { rule: "unique GegevensdienstId per provider", ok: zalXml({ providers: [{ name: "huisarts@medmij", services: [{ id: "1" }] }, { name: "tandarts@medmij", services: [{ id: "1" }] }] }), bad: zalXml({ providers: [{ name: "huisarts@medmij", services: [{ id: "4" }, { id: "4" }] }] }), expect: ["unique", `${P}/Gegevensdiensten/Gegevensdienst[2]/GegevensdienstId`] },
  { rule: "unique Systeemrolcode per gegevensdienst", ok: zalXml(), bad: zalXml({ providers: [{ name: "huisarts@medmij", services: [{ id: "1", roles: [{ code: "A" }, { code: "A" }] }] }] }), expect: ["unique", `${PG}/Systeemrollen/Systeemrol[2]/Systeemrolcode`] },
  { rule: "unique OCL Hostname", ok: oclXml(), bad: oclXml({ clients: [["a.example.nl", "Een"], ["a.example.nl", "Twee"]] }), expect: ["unique", "/OAuthclientlist/OAuthclients/OAuthclient[2]/Hostname"] },
  { rule: "unique GNL GegevensdienstId", ok: gnlXml(), bad: gnlXml({ names: [["1", "Een"], ["1", "Twee"]] }), expect: ["unique", "/Gegevensdienstnamenlijst/Gegevensdiensten/Gegevensdienst[2]/GegevensdienstId"] },
  { rule: "unique Whitelist Hostname", ok: whitelistXml(), bad: whitelistXml({ hosts: ["a.example.nl", "a.example.nl"] }), expect: ["unique", "/Whitelist/MedMijNodes/MedMijNode[2]/Hostname"] },
  { rule: "xs:string keeps whitespace (pattern sees it)", ok: whitelistXml({ hosts: ["a.example.nl"] }), bad: toXml("whitelist", setRaw(whitelistTree(), "MedMijNodes/MedMijNode/Hostname", "\n  a.example.nl\n")), expect: ["pattern", "/Whitelist/MedMijNodes/MedMijNode[1]/Hostname"] },
  { rule: "xs:dateTime collapses whitespace", ok: withText("ocl", oclTree(), "Tijdstempel", "\n  2024-03-01T09:00:00Z\n"), bad: withText("ocl", oclTree(), "Tijdstempel", "2024-03-01 T09:00:00Z"), expect: ["datetime", "/OAuthclientlist/Tijdstempel"] },
];

describe("list validation: each rule accepts and refuses", () => {
  for (const r of RULES) {
    it(`${r.rule}: accepts`, () => {
      accepted(r.ok);
    });
    it(`${r.rule}: refuses with ${r.expect[0]} at ${r.expect[1]}`, () => {
      refused(r.bad, ...r.expect);
    });
  }
});

describe("the 2018 whitelist shape", () => {
  it("is refused with a message that names the older shape and the fix", () => {
    const r = parseList(readFileSync(path.join(SHARED, "examples/whitelist-2018-text-nodes.xml")));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.kind).toBe("whitelist");
    expect(r.errors[0]).toMatchObject({ rule: "whitelist-2018-shape", path: "/Whitelist/MedMijNodes/MedMijNode[1]" });
    expect(r.errors[0]!.message).toContain("2018 whitelist shape");
    expect(r.errors[0]!.message).toContain("<MedMijNode><Hostname>specimen-stelselnode.medmij.nl</Hostname></MedMijNode>");
  });
});

describe("hostile input is refused before parsing", () => {
  it("refuses a DOCTYPE (XXE)", () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE Whitelist [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n` + whitelistXml({}, { declaration: false }).replace("4711", "&xxe;");
    refused(xml, "doctype", "/");
  });
  it("refuses entity expansion (billion laughs)", () => {
    const lol = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>`;
    refused(`<?xml version="1.0"?>\n${lol}\n<lolz>&lol2;</lolz>`, "doctype", "/");
  });
  it("refuses an ENTITY declaration without a DOCTYPE keyword as well", () => {
    refused(`<!ENTITY a "b">` + whitelistXml({}, { declaration: false }), "doctype", "/");
  });
  it("refuses a document over the size cap, and accepts it under a larger cap", () => {
    const xml = whitelistXml({ hosts: Array.from({ length: 100 }, (_, i) => `h${i}.example.nl`) });
    const r = parseList(xml, { maxBytes: 1024 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.rule).toBe("size");
    expect(parseList(xml, { maxBytes: 1024 * 1024 }).ok).toBe(true);
  });
  it("refuses deep nesting without crashing", () => {
    const deep = "<a>".repeat(10_000) + "</a>".repeat(10_000);
    const r = parseList(whitelistXml().replace("<MedMijNodes>", `<MedMijNodes>${deep}`));
    expect(r.ok).toBe(false);
  });
  it("refuses bytes that are not UTF-8, and UTF-16", () => {
    const r = parseList(Buffer.from([0x3c, 0x61, 0xff, 0xfe, 0x3e]));
    expect(r.ok ? "" : r.errors[0]!.rule).toBe("encoding");
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(whitelistXml(), "utf16le")]);
    expect(parseList(utf16).ok).toBe(false);
  });
  it("refuses a declared encoding other than UTF-8", () => {
    refused(whitelistXml().replace('encoding="UTF-8"', 'encoding="ISO-8859-1"'), "encoding", "/");
  });
  it("accepts a UTF-8 byte order mark", () => {
    accepted(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(whitelistXml())]));
  });
  it.each([
    ["", "empty"],
    ["<Whitelist", "truncated"],
    ["not xml at all", "text"],
    [whitelistXml().replace("</Whitelist>", ""), "unclosed root"],
    [whitelistXml().replace("4711", "&unknown;"), "undeclared entity"],
    [whitelistXml().replace("4711", "&#0;"), "illegal character reference"],
    [whitelistXml() + "<x/>", "two roots"],
  ])("answers errors, never throws, for malformed input (%#: %s)", (xml, _label) => {
    const r = parseList(xml);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.rule).toMatch(/well-formed|root-element|namespace/);
  });
});

describe("kind detection and the model", () => {
  it("detects the kind from the root element and refuses a list of another kind where one was expected", () => {
    expect(validateListXml(oclXml()).valid && validateListXml(oclXml()).kind).toBe("ocl");
    const r = parseList(oclXml(), { expectedKind: "zal" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ rule: "kind-mismatch", path: "/OAuthclientlist" });
  });

  it("builds a ZAL with look-ups by name (case-insensitive), endpoints per gegevensdienst and roles", () => {
    const list = accepted(readFileSync(path.join(SHARED, "examples/zal-release2.xml"), "utf8"));
    expect(list.kind).toBe("zal");
    if (list.kind !== "zal") return;
    expect(list.volgnummer).toBe(6);
    expect(list.tijdstempel).toBe("2018-04-16T12:56:33Z");
    expect(list.providers.map((p) => p.name)).toEqual(["oauthserverlocal@medmij", "radiologencentraalflevoland@medmij", "umcharderwijk@medmij"]);
    const p = findProvider(list, "UMCHarderwijk@medmij")!;
    expect(p.dataServiceById.get("6")).toEqual({
      id: "6",
      authorizationEndpointUri: "https://78834.umcharderwijk.nl/oauth/authorize",
      tokenEndpointUri: "https://78834.umcharderwijk.nl:8099/oauth/token",
      systemRoles: [{ code: "MM-1.0.0-PLB-FHIR", resourceEndpointUri: "https://78834.umcharderwijk.nl:9100/pdfa" }],
    });
    expect(Object.isFrozen(list)).toBe(true);
  });

  it("builds the OCL, GNL and Whitelist with their look-ups", () => {
    const ocl = accepted(readFileSync(path.join(SHARED, "examples/ocl-release2.xml"), "utf8"));
    const gnl = accepted(readFileSync(path.join(SHARED, "examples/gnl-release1.xml"), "utf8"));
    const wl = accepted(readFileSync(path.join(SHARED, "examples/whitelist-example.xml"), "utf8"));
    if (ocl.kind !== "ocl" || gnl.kind !== "gnl" || wl.kind !== "whitelist") throw new Error("kinds");
    expect(findClient(ocl, "Medmij.DeEnigeEchtePGO.nl")?.organisationName).toBe("De Enige Echte PGO");
    expect(gnl.volgnummer).toBe(28800);
    expect(gnl.tijdstempel).toBe("2018-07-19T10:43:41+01:00");
    expect(dataServiceName(gnl, "4")).toBe("Laboratoriumresultaten");
    expect(isWhitelisted(wl, "FHIR.dva-voorbeeld.nl")).toBe(true);
    expect(isWhitelisted(wl, "evil.example.nl")).toBe(false);
  });

  it("decodes entities, CDATA and drops comments in values; keeps the collapsed Tijdstempel", () => {
    const list = accepted(toXml("ocl", setRaw(setText(oclTree(), "Tijdstempel", "\n 2024-03-01T09:00:00Z \n"), "OAuthclients/OAuthclient/OAuthclientOrganisatienaam", "Jansen &amp; <![CDATA[<Zn>]]><!-- x --> &#x42;V")));
    if (list.kind !== "ocl") throw new Error("kind");
    expect(list.clients[0]!.organisationName).toBe("Jansen & <Zn> BV");
    expect(list.tijdstempel).toBe("2024-03-01T09:00:00Z");
  });

  it("reads the bundled demo lists", () => {
    for (const f of ["Zorgaanbiederslijst", "OAuthclientlist", "Gegevensdienstnamenlijst", "Whitelist"]) {
      accepted(readFileSync(path.join(REPO_ROOT, "demo/lists", `MedMij_${f}.xml`), "utf8"));
    }
  });
});

describe("robustness", () => {
  it("answers a verdict, never an exception, for 2,000 randomly damaged documents", async () => {
    const { prng } = await import("./differential-cases.js");
    const rnd = prng(42);
    const base = zalXml({}, { prefix: "z" });
    const junk = ["<", ">", "&", ";", "/", '"', "=", "<!--", "]]>", "<![CDATA[", "&#x0;", "&#1114112;", "\u0000", "\uD800", "xmlns=", ":", "<!DOCTYPE", " ", "\n"];
    let refusals = 0;
    for (let i = 0; i < 2000; i++) {
      let s = base;
      for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) {
        const at = Math.floor(rnd() * s.length);
        const op = rnd();
        if (op < 0.4) s = s.slice(0, at) + junk[Math.floor(rnd() * junk.length)] + s.slice(at);
        else if (op < 0.7) s = s.slice(0, at) + s.slice(at + 1 + Math.floor(rnd() * 20));
        else s = s.slice(0, at) + s.slice(at, at + 30).split("").reverse().join("") + s.slice(at + 30);
      }
      const r = parseList(s);
      if (!r.ok) refusals++;
    }
    expect(refusals).toBeGreaterThan(1000);
  });
});

describe("error lists", () => {
  it("stops after 50 errors and says that there are more", () => {
    const r = parseList(whitelistXml({ hosts: Array.from({ length: 80 }, (_, i) => `Host${i}.example.nl`) }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(51);
    expect(r.errors[50]).toEqual({ path: "/", rule: "more-errors", message: "more errors not shown: checking stopped after 50" });
  });
});
