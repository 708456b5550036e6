/**
 * Checks on the raw bytes, before any XML parser sees them: a size cap,
 * UTF-8 only, no DOCTYPE or entity declarations (XXE, entity expansion) and
 * no characters XML 1.0 forbids. A DOCTYPE is refused even where XML would
 * allow it: MedMij lists never carry one, so refusing is safe and simple.
 */
import { listError, type ListError } from "./list-error.js";

const FORBIDDEN_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// One character class first (one quick pass over a large list); the exact rule only when it finds something.
const MAYBE_FORBIDDEN_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\uD800-\uDFFF]/;
const DECLARATION = /<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;
const XML_DECL_ENCODING = /^<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']/;

export type DecodeResult = { ok: true; text: string } | { ok: false; errors: ListError[] };

export function decodeListBytes(input: string | Uint8Array, maxBytes: number): DecodeResult {
  let text: string;
  if (typeof input === "string") {
    if (Buffer.byteLength(input, "utf8") > maxBytes) return refuse("size", `the document is larger than the cap of ${maxBytes} bytes`);
    text = input;
  } else {
    if (input.byteLength > maxBytes) return refuse("size", `the document is ${input.byteLength} bytes, larger than the cap of ${maxBytes} bytes`);
    if (input.byteLength >= 2 && ((input[0] === 0xfe && input[1] === 0xff) || (input[0] === 0xff && input[1] === 0xfe))) {
      return refuse("encoding", "UTF-16 documents are not accepted; MedMij lists are UTF-8");
    }
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(input);
    } catch {
      return refuse("encoding", "the document is not valid UTF-8");
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return checkText(text);
}

function checkText(text: string): DecodeResult {
  const decl = XML_DECL_ENCODING.exec(text);
  if (decl && !/^utf-?8$/i.test(decl[1] ?? "")) {
    return refuse("encoding", `encoding "${decl[1]}" is not accepted; MedMij lists are UTF-8`);
  }
  const d = text.includes("<!") ? DECLARATION.exec(text) : null;
  if (d) {
    return refuse("doctype", `a <!${(d[1] ?? "").toUpperCase()} declaration is refused before parsing (no DTDs or entity declarations: XXE and entity expansion)`);
  }
  const bad = MAYBE_FORBIDDEN_CHAR.test(text) ? FORBIDDEN_CHAR.exec(text) : null;
  if (bad) {
    const cp = bad[0].codePointAt(0) ?? 0;
    return refuse("well-formed", `character U+${cp.toString(16).toUpperCase().padStart(4, "0")} at offset ${bad.index} is not allowed in XML 1.0`);
  }
  return { ok: true, text };
}

function refuse(rule: "size" | "encoding" | "doctype" | "well-formed", message: string): DecodeResult {
  return { ok: false, errors: [listError("/", rule, message)] };
}
