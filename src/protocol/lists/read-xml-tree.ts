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
  /** From a CDATA section: libxml2 refuses one in element-only content even when it is empty or blank. */
  readonly cdata?: true;
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

/** Thrown while reading a tree built from the whitespace-stripped text when that text may differ in meaning. */
class StripUnsafe extends Error {}

/**
 * Whitespace no verdict can see, removed before fast-xml-parser runs (it
 * builds text one character at a time; this halves a pretty-printed ZAL):
 * a run right after an end tag, or between a ">" and a start tag. Such a run
 * lies in an element with an element child, where whitespace-only text is
 * dropped anyway (see toElement). Leaf values keep every blank. Where the
 * stripped text could mean something else, the original is read instead:
 * CDATA anywhere (a run inside it is content), an attribute value holding
 * "<", or text ending in a literal ">" next to an element (the run may have
 * been part of it).
 */
const IGNORABLE_WHITESPACE = /(<\/[^<>]*>)[ \t\n\r]+(?=<)|(>)[ \t\n\r]+(?=<[^/!?])/g;

export function readXmlTree(text: string): TreeResult {
  const normalized = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  const stripped = normalized.includes("<![CDATA[") ? normalized : normalized.replace(IGNORABLE_WHITESPACE, "$1$2");
  // Stripping changes no verdict of the validator, only line numbers: errors are reported on the original text.
  if (XMLValidator.validate(stripped, { allowBooleanAttributes: false }) !== true) {
    const valid = XMLValidator.validate(normalized, { allowBooleanAttributes: false });
    if (valid !== true) return fail(`not well-formed XML: ${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})`);
  }
  if (stripped !== normalized) {
    const r = readParsed(stripped, true);
    if (r !== undefined) return r;
  }
  return readParsed(normalized, false)!;
}

/** undefined when the stripped text turns out not to be safe to read. */
function readParsed(text: string, stripped: boolean): TreeResult | undefined {
  let raw: RawNode[];
  try {
    raw = parser.parse(text) as RawNode[];
  } catch (e) {
    if (stripped) return undefined;
    return fail(`not well-formed XML: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    let root: RawNode | undefined;
    let roots = 0;
    for (const n of raw) {
      if ("#comment" in n) continue;
      if ("#text" in n && !isWhitespace(String(n["#text"]))) throw new TreeError("text outside the root element");
      if ("#cdata" in n) throw new TreeError("CDATA outside the root element");
      if (elementName(n) !== undefined) {
        roots++;
        root ??= n;
      }
    }
    if (roots !== 1) throw new TreeError(roots === 0 ? "no root element" : "more than one root element");
    return { ok: true, root: toElement(root!, elementName(root!)!, ROOT_SCOPE, stripped) };
  } catch (e) {
    if (e instanceof StripUnsafe) return undefined;
    // Whatever the input, answer errors: never throw out of here.
    return fail(e instanceof TreeError ? e.message : `cannot read the XML: ${e instanceof Error ? e.message : String(e)}`);
  }
}

const ROOT_SCOPE: ReadonlyMap<string, string> = new Map([["xml", XML_NS]]);
const NO_ATTRS: readonly XmlAttr[] = Object.freeze([]);

function fail(message: string): TreeResult {
  return { ok: false, errors: [listError("/", "well-formed", message)] };
}

function elementName(n: RawNode): string | undefined {
  for (const k in n) if (k !== ":@" && k !== "#text" && k !== "#cdata" && k !== "#comment") return k;
  return undefined;
}

/** The key that says what a fast-xml-parser node is: its element name, "#text", "#cdata" or "#comment". */
function nodeKey(n: RawNode): string | undefined {
  for (const k in n) if (k !== ":@") return k;
  return undefined;
}

function toElement(n: RawNode, qname: string, parentScope: ReadonlyMap<string, string>, stripped: boolean): XmlElement {
  const rawAttrs = n[":@"] as Record<string, unknown> | undefined;
  let scope = parentScope;
  let plain: [string, string][] | undefined;
  if (rawAttrs !== undefined) {
    for (const name in rawAttrs) {
      const rawValue = String(rawAttrs[name]);
      if (stripped && rawValue.includes("<")) throw new StripUnsafe();
      const value = decodeReferences(normalizeAttr(rawValue));
      if (name === "xmlns" || name.startsWith("xmlns:")) {
        if (scope === parentScope) scope = new Map(parentScope);
        const prefix = name === "xmlns" ? "" : name.slice(6);
        if (prefix !== "" && value === "") throw new TreeError(`namespace prefix "${prefix}" is bound to an empty URI`);
        (scope as Map<string, string>).set(prefix, value);
      } else {
        (plain ??= []).push([name, value]);
      }
    }
  }
  const colon = qname.indexOf(":");
  const ns = colon < 0 ? (scope.get("") ?? "") : resolvePrefix(qname, colon, scope);
  const local = colon < 0 ? qname : qname.slice(colon + 1);
  const attrs = plain === undefined ? NO_ATTRS : plain.map(([name, value]) => ({ ...resolveAttr(name, scope), value }));
  const body = (n[qname] as RawNode[] | undefined) ?? [];
  // Sized up front: a growing [] reserves room for 17, and a large ZAL has hundreds of thousands of these.
  const children: (XmlElement | XmlText)[] = new Array(body.length);
  let count = 0;
  let hasElements = false;
  let hasBlankText = false;
  let endsWithGt = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    // Most children of a large list are the text of a value: look for that first.
    const key = c["#text"] !== undefined ? "#text" : nodeKey(c);
    if (key === "#text" || key === "#cdata") {
      const text = key === "#text" ? decodeReferences(String(c[key])) : cdataText(c[key]);
      if (!hasBlankText && isWhitespace(text)) hasBlankText = true;
      if (key === "#text" && text.endsWith(">")) endsWithGt = true;
      children[count++] = key === "#cdata" ? { kind: "text", text, cdata: true } : { kind: "text", text };
    } else if (key !== undefined && key !== "#comment") {
      children[count++] = toElement(c, key, scope, stripped);
      hasElements = true;
    }
  }
  if (count < children.length) children.length = count;
  // A stripped run may have ended text that closes with a literal ">": read the original text instead.
  if (stripped && hasElements && endsWithGt) throw new StripUnsafe();
  // Whitespace beside elements never matters to the schema check (element-only content allows it,
  // a simple value with elements is refused anyway): drop it to keep large lists light.
  const kept = hasElements && hasBlankText ? children.filter((c) => c.kind === "element" || c.cdata === true || !isWhitespace(c.text)) : children;
  return { kind: "element", ns, local, attrs, children: kept };
}

function resolvePrefix(qname: string, colon: number, scope: ReadonlyMap<string, string>): string {
  const prefix = qname.slice(0, colon);
  const local = qname.slice(colon + 1);
  const ns = scope.get(prefix);
  if (ns === undefined) throw new TreeError(`namespace prefix "${prefix}" of ${quote(qname)} is not declared`);
  if (local === "" || local.includes(":")) throw new TreeError(`${quote(qname)} is not a valid qualified name`);
  return ns;
}

function resolveAttr(qname: string, scope: ReadonlyMap<string, string>): { ns: string; local: string } {
  const colon = qname.indexOf(":");
  if (colon < 0) return { ns: "", local: qname };
  return { ns: resolvePrefix(qname, colon, scope), local: qname.slice(colon + 1) };
}

function cdataText(v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => String((x as RawNode)["#text"] ?? "")).join("");
  return String(v ?? "");
}

/** XML whitespace only (space, tab, LF, CR), or empty. */
function isWhitespace(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

const PREDEFINED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
const REFERENCE = /&([^;&]*);?/g;
const CHAR_REFERENCE = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/;

function decodeReferences(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(REFERENCE, (whole, name: string) => {
    if (!whole.endsWith(";")) throw new TreeError(`a bare "&" or an unterminated reference near ${quote(whole, 20)}`);
    const predefined = PREDEFINED[name];
    if (predefined !== undefined) return predefined;
    const m = CHAR_REFERENCE.exec(name);
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
