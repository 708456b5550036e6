/**
 * One reason a list document is refused: the element path it concerns, the
 * rule broken (stable, machine-readable) and a message for the operator.
 */
export type ListRule =
  | "size"
  | "encoding"
  | "doctype"
  | "well-formed"
  | "namespace"
  | "root-element"
  | "unexpected-element"
  | "missing-element"
  | "max-occurs"
  | "text-not-allowed"
  | "element-not-allowed"
  | "attribute-not-allowed"
  | "pattern"
  | "min-length"
  | "max-length"
  | "datetime"
  | "positive-integer"
  | "unique"
  | "whitelist-2018-shape"
  | "kind-mismatch"
  | "policy"
  | "more-errors";

export interface ListError {
  /** e.g. "/Zorgaanbiederslijst/Zorgaanbieders/Zorgaanbieder[2]/Zorgaanbiedernaam"; "/" for the document. */
  readonly path: string;
  readonly rule: ListRule;
  readonly message: string;
}

export function listError(path: string, rule: ListRule, message: string): ListError {
  return Object.freeze({ path, rule, message });
}

export function formatListError(e: ListError): string {
  return `${e.path}: [${e.rule}] ${e.message}`;
}

/** Keeps error lists (and messages built from hostile input) readable. */
export function quote(value: string, max = 80): string {
  const shown = value.length > max ? value.slice(0, max) + "…" : value;
  return JSON.stringify(shown);
}
