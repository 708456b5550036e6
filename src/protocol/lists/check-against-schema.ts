/**
 * Validates an XML tree against a list schema the way an XSD processor
 * would: the root's namespace and name, each sequence (order, minOccurs,
 * maxOccurs), no stray text in element-only content, no attributes (only
 * xsi:schemaLocation hints), simple values and xs:unique constraints. Every
 * error names the element path and the rule broken.
 */
import { listError, quote, type ListError } from "./list-error.js";
import { LIST_SCHEMAS, schemaByRootName, type ElementDecl, type ListSchema } from "./list-schemas.js";
import type { XmlElement } from "./read-xml-tree.js";
import { XSI_NS } from "./read-xml-tree.js";
import { simpleTypeError } from "./xsd-simple-types.js";

/** Enough to show what is wrong without flooding a log line. */
export const MAX_ERRORS = 50;

export type RootMatch = { ok: true; schema: ListSchema } | { ok: false; errors: ListError[] };

/** Which list this root element is, decided by namespace URI and local name. */
export function matchRoot(root: XmlElement): RootMatch {
  const schema = Object.values(LIST_SCHEMAS).find((s) => s.namespace === root.ns && s.root.name === root.local);
  if (schema) return { ok: true, schema };
  const byName = schemaByRootName(root.local);
  const path = `/${root.local}`;
  if (byName) {
    return {
      ok: false,
      errors: [listError(path, "namespace", `root element <${root.local}> is in namespace ${root.ns === "" ? "(none)" : quote(root.ns)}; expected ${quote(byName.namespace)}`)],
    };
  }
  const known = Object.values(LIST_SCHEMAS).map((s) => s.root.name).join(", ");
  return { ok: false, errors: [listError(path, "root-element", `root element <${root.local}> is not a MedMij list (expected one of ${known})`)] };
}

export function checkAgainstSchema(root: XmlElement, schema: ListSchema): ListError[] {
  const errors: ListError[] = [];
  checkElement(root, schema.root, new PathStack(root.local), schema.namespace, errors);
  if (errors.length > MAX_ERRORS) {
    errors.length = MAX_ERRORS;
    errors.push(listError("/", "more-errors", `more errors not shown: checking stopped after ${MAX_ERRORS}`));
  }
  return errors;
}

/**
 * The element path, kept as a stack of steps and written out only when an
 * error names it: a large ZAL has hundreds of thousands of elements and
 * (normally) no errors.
 */
class PathStack {
  private readonly names: string[];
  /** 0 where the step carries no [index]. */
  private readonly indexes: number[];
  constructor(rootName: string) {
    this.names = [rootName];
    this.indexes = [0];
  }
  push(name: string, index: number, many: boolean): void {
    this.names.push(name);
    this.indexes.push(many ? index : 0);
  }
  pop(): void {
    this.names.pop();
    this.indexes.pop();
  }
  toString(): string {
    let s = "";
    for (let i = 0; i < this.names.length; i++) s += this.indexes[i] === 0 ? `/${this.names[i]}` : `/${this.names[i]}[${this.indexes[i]}]`;
    return s;
  }
}

function checkElement(el: XmlElement, decl: ElementDecl, path: PathStack, ns: string, errors: ListError[]): void {
  if (errors.length > MAX_ERRORS) return;
  for (const a of el.attrs) {
    if (a.ns === XSI_NS && (a.local === "schemaLocation" || a.local === "noNamespaceSchemaLocation")) continue;
    const name = a.ns === "" ? a.local : `{${a.ns}}${a.local}`;
    errors.push(listError(`${path}`, "attribute-not-allowed", `attribute ${quote(name)} is not allowed: MedMij lists carry elements only`));
  }
  const children = el.children;
  if (!("sequence" in decl.type)) {
    let raw = "";
    for (let i = 0; i < children.length; i++) {
      const c = children[i]!;
      if (c.kind === "element") {
        errors.push(listError(`${path}`, "element-not-allowed", `<${decl.name}> holds a ${decl.type.name} value, not the element <${c.local}>`));
        return;
      }
      raw = i === 0 ? c.text : raw + c.text;
    }
    const r = simpleTypeError(decl.type, raw);
    if (r) errors.push(listError(`${path}`, r.rule, r.message));
    return;
  }
  let elements = children as readonly XmlElement[];
  let text = "";
  let cdata = false;
  for (let i = 0; i < children.length; i++) {
    if (children[i]!.kind === "element") continue;
    // Text among the children (rare): collect the elements apart.
    elements = [];
    for (const c of children) {
      if (c.kind === "element") (elements as XmlElement[]).push(c);
      // XML whitespace is space, tab, CR and LF only (not every character String.trim() removes).
      else if (text === "" && /[^ \t\n\r]/.test(c.text)) text = c.text.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, "");
      else if (c.cdata) cdata = true;
    }
    break;
  }
  if (text === "" && cdata) {
    // As xmllint decides: a CDATA section is character data, even when blank.
    errors.push(listError(`${path}`, "text-not-allowed", `<${decl.name}> may hold only elements, but holds a CDATA section`));
  }
  if (text !== "") {
    if (decl.name === "MedMijNode" && elements.length === 0) {
      errors.push(
        listError(
          `${path}`,
          "whitelist-2018-shape",
          `<MedMijNode> holds the text ${quote(text)}: that is the 2018 whitelist shape, which is not accepted; the current schema (Whitelist file version 9) requires <MedMijNode><Hostname>${text}</Hostname></MedMijNode>`,
        ),
      );
      return;
    } else {
      errors.push(listError(`${path}`, "text-not-allowed", `<${decl.name}> may hold only elements, but holds the text ${quote(text)}`));
    }
  }
  checkSequence(elements, decl.type.sequence, path, ns, errors);
  if (decl.unique) checkUnique(elements, decl.unique, path, ns, errors);
}

function checkSequence(children: readonly XmlElement[], particles: readonly ElementDecl[], path: PathStack, ns: string, errors: ListError[]): void {
  let pi = 0;
  let count = 0;
  // Each name occurs once per sequence in these schemas, so an element's index among its
  // same-named siblings is the count of its particle; otherwise count them by name.
  const seen = distinctNames(particles) ? undefined : new Map<string, number>();
  for (let ci = 0; ci < children.length; ci++) {
    const child = children[ci]!;
    for (;;) {
      const p = particles[pi];
      if (!p) {
        errors.push(listError(`${path}/${child.local}`, "unexpected-element", `element ${describe(child, ns)} is not expected here; <${particles.at(-1)?.name ?? "nothing"}> is the last element allowed`));
        return;
      }
      if (child.local === p.name && child.ns === ns) {
        if (count >= p.max) {
          errors.push(listError(`${path}/${p.name}`, "max-occurs", `<${p.name}> may appear only ${p.max === 1 ? "once" : `${p.max} times`} here`));
          return;
        }
        count++;
        let n = count;
        if (seen) {
          n = (seen.get(p.name) ?? 0) + 1;
          seen.set(p.name, n);
        }
        path.push(p.name, n, p.max > 1);
        checkElement(child, p, path, ns, errors);
        path.pop();
        break;
      }
      if (count >= p.min) {
        pi++;
        count = 0;
        continue;
      }
      const where = `${path}/${child.local}`;
      if (child.local === p.name) {
        errors.push(listError(where, "namespace", `element <${child.local}> is in namespace ${child.ns === "" ? "(none)" : quote(child.ns)}; expected ${quote(ns)}`));
      } else if (children.slice(ci + 1).some((c) => c.local === p.name && c.ns === ns)) {
        errors.push(listError(where, "unexpected-element", `element <${child.local}> is out of order: <${p.name}> must come before it`));
      } else if (child.ns === ns && particles.findIndex((q) => q.name === child.local) > pi) {
        errors.push(listError(`${path}/${p.name}`, "missing-element", `required element <${p.name}> is missing (found <${child.local}> where <${p.name}> is expected)`));
      } else if (child.ns === ns && particles.some((q) => q.name === child.local)) {
        errors.push(listError(where, "unexpected-element", `element <${child.local}> is out of order: <${p.name}> is expected here`));
      } else {
        errors.push(listError(where, "unexpected-element", `element ${describe(child, ns)} is not expected here; <${p.name}> is expected`));
      }
      return;
    }
  }
  for (; pi < particles.length; pi++, count = 0) {
    const p = particles[pi]!;
    if (count < p.min) errors.push(listError(`${path}/${p.name}`, "missing-element", `required element <${p.name}> is missing`));
  }
}

function describe(el: XmlElement, ns: string): string {
  return el.ns === ns ? `<${el.local}>` : `<${el.local}> (namespace ${el.ns === "" ? "(none)" : quote(el.ns)})`;
}

const distinct = new WeakMap<readonly ElementDecl[], boolean>();

function distinctNames(particles: readonly ElementDecl[]): boolean {
  let d = distinct.get(particles);
  if (d === undefined) {
    d = new Set(particles.map((p) => p.name)).size === particles.length;
    distinct.set(particles, d);
  }
  return d;
}

function checkUnique(children: readonly XmlElement[], rule: { name: string; child: string; field: string }, path: PathStack, ns: string, errors: ListError[]): void {
  const first = new Map<string, number>();
  let index = 0;
  for (const c of children) {
    if (c.local !== rule.child || c.ns !== ns) continue;
    index++;
    const field = childElement(c, rule.field, ns);
    if (!field) continue;
    // xs:string keeps whitespace, so values compare exactly as written.
    let value = "";
    for (const t of field.children) if (t.kind === "text") value += t.text;
    const at = first.get(value);
    if (at === undefined) {
      first.set(value, index);
    } else {
      errors.push(
        listError(`${path}/${rule.child}[${index}]/${rule.field}`, "unique", `${rule.field} ${quote(value)} already appears in ${rule.child}[${at}] (xs:unique ${rule.name})`),
      );
    }
  }
}

function childElement(el: XmlElement, local: string, ns: string): XmlElement | undefined {
  for (const c of el.children) if (c.kind === "element" && c.local === local && c.ns === ns) return c;
  return undefined;
}
