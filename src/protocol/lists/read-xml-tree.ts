/**
 * Well-formedness and namespaces: fast-xml-parser reads the text (order
 * preserved, nothing trimmed, entities left alone), then this file resolves
 * every element to (namespace URI, local name) from the xmlns declarations in
 * scope, decodes character and predefined entity references itself (any other
 * reference is an error), and drops comments and processing instructions.
 * Decisions are made on namespace URIs, never on prefixes.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { listError, quote, type ListError } from "./list-error.js";

export const XSI_NS = "http://www.w3.org/2001/XMLSchema-instance";
const XML_NS = "http://www.w3.org/XML/1998/namespace";

export interface XmlAttr {
  readonly ns: string;
  readonly local: string;
  readonly value: string;
}

export interface XmlText {
  readonly kind: "text";
  readonly text: string;
}

export interface XmlElement {
  readonly kind: "element";
  /** Namespace URI; "" when the element is in no namespace. */
  readonly ns: string;
  readonly local: string;
  /** Attributes other than namespace declarations. */
  readonly attrs: readonly XmlAttr[];
  readonly children: readonly (XmlElement | XmlText)[];
}

export type TreeResult = { ok: true; root: XmlElement } | { ok: false; errors: ListError[] };

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  allowBooleanAttributes: false,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  cdataPropName: "#cdata",
  commentPropName: "#comment",
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: false,
  maxNestedTags: 64,
  // No path strings per tag: a third faster on a large ZAL.
  jPath: false,
});

type RawNode = Record<string, unknown>;

class TreeError extends Error {}

export function readXmlTree(text: string): TreeResult {
  const normalized = text.replace(/\r\n?/g, "\n");
  const valid = XMLValidator.validate(normalized, { allowBooleanAttributes: false });
  if (valid !== true) {
    return fail(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  }
  let raw: RawNode[];
  try {
    raw = parser.parse(normalized) as RawNode[];
  } catch (e) {
    return fail(`not well-formed XML: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const tops = raw.filter((n) => !("#comment" in n));
    const elements = tops.filter((n) => elementName(n) !== undefined);
    for (const n of tops) {
      if ("#text" in n && !WHITESPACE_ONLY.test(String(n["#text"]))) throw new TreeError("text outside the root element");
      if ("#cdata" in n) throw new TreeError("CDATA outside the root element");
    }
    if (elements.length !== 1) throw new TreeError(elements.length === 0 ? "no root element" : "more than one root element");
    return { ok: true, root: toElement(elements[0]!, new Map([["xml", XML_NS]])) };
  } catch (e) {
    // Whatever the input, answer errors: never throw out of here.
    return fail(e instanceof TreeError ? e.message : `cannot read the XML: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function fail(message: string): TreeResult {
  return { ok: false, errors: [listError("/", "well-formed", message)] };
}

function elementName(n: RawNode): string | undefined {
  for (const k in n) if (k !== ":@" && k !== "#text" && k !== "#cdata" && k !== "#comment") return k;
  return undefined;
}

function toElement(n: RawNode, parentScope: ReadonlyMap<string, string>): XmlElement {
  const qname = elementName(n)!;
  const rawAttrs = (n[":@"] ?? {}) as Record<string, string>;
  let scope = parentScope;
  const plain: [string, string][] = [];
  for (const [name, rawValue] of Object.entries(rawAttrs)) {
    const value = decodeReferences(normalizeAttr(String(rawValue)));
    if (name === "xmlns" || name.startsWith("xmlns:")) {
      if (scope === parentScope) scope = new Map(parentScope);
      const prefix = name === "xmlns" ? "" : name.slice(6);
      if (prefix !== "" && value === "") throw new TreeError(`namespace prefix "${prefix}" is bound to an empty URI`);
      (scope as Map<string, string>).set(prefix, value);
    } else {
      plain.push([name, value]);
    }
  }
  const { ns, local } = resolve(qname, scope, true);
  const attrs = plain.map(([name, value]) => ({ ...resolve(name, scope, false), value }));
  let children: (XmlElement | XmlText)[] = [];
  let hasElements = false;
  const body = (n[qname] ?? []) as RawNode[];
  for (const c of body) {
    if ("#comment" in c) continue;
    if ("#text" in c) children.push({ kind: "text", text: decodeReferences(String(c["#text"])) });
    else if ("#cdata" in c) children.push({ kind: "text", text: cdataText(c["#cdata"]) });
    else if (elementName(c) !== undefined) {
      children.push(toElement(c, scope));
      hasElements = true;
    }
  }
  // Whitespace beside elements never matters to the schema check (element-only content allows it,
  // a simple value with elements is refused anyway): drop it to keep large lists light.
  if (hasElements) children = children.filter((c) => c.kind === "element" || !WHITESPACE_ONLY.test(c.text));
  return { kind: "element", ns, local, attrs, children };
}

function resolve(qname: string, scope: ReadonlyMap<string, string>, isElement: boolean): { ns: string; local: string } {
  const colon = qname.indexOf(":");
  if (colon < 0) return { ns: isElement ? (scope.get("") ?? "") : "", local: qname };
  const prefix = qname.slice(0, colon);
  const local = qname.slice(colon + 1);
  const ns = scope.get(prefix);
  if (ns === undefined) throw new TreeError(`namespace prefix "${prefix}" of ${quote(qname)} is not declared`);
  if (local === "" || local.includes(":")) throw new TreeError(`${quote(qname)} is not a valid qualified name`);
  return { ns, local };
}

function cdataText(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => String((x as RawNode)["#text"] ?? "")).join("");
  return String(v ?? "");
}

const WHITESPACE_ONLY = /^[ \t\n\r]*$/;
const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const REFERENCE = /&([^;&]*);?/g;

function decodeReferences(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(REFERENCE, (whole, name: string) => {
    if (!whole.endsWith(";")) throw new TreeError(`a bare "&" or an unterminated reference near ${quote(whole, 20)}`);
    const predefined = PREDEFINED[name];
    if (predefined !== undefined) return predefined;
    const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(name);
    if (!m) throw new TreeError(`reference to undeclared entity "&${name};"`);
    const cp = m[1] !== undefined ? parseInt(m[1], 16) : parseInt(m[2]!, 10);
    if (!isXmlChar(cp)) throw new TreeError(`character reference "&${name};" is not a legal XML character`);
    return String.fromCodePoint(cp);
  });
}

function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** XML attribute-value normalization for CDATA attributes: each tab, newline or CR becomes a space. */
function normalizeAttr(v: string): string {
  return v.replace(/[\t\n\r]/g, " ");
}
