/**
 * The simple types of the MedMij list schemas, checked as an XSD 1.0
 * processor checks them: whitespace first (xs:string preserves it, so a
 * pattern sees leading and trailing blanks; xs:dateTime and xs:integer
 * collapse), then the base type's lexical space, then length (in characters,
 * not UTF-16 units) and pattern facets. Patterns are anchored, "." excludes
 * only CR and LF, and \d is any Unicode decimal digit, as in XSD regexes.
 */
import type { ListRule } from "./list-error.js";

export type SimpleBase = "string" | "dateTime" | "positiveInteger";

export interface SimpleType {
  /** The schema's type name, for messages. */
  readonly name: string;
  readonly base: SimpleBase;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** The pattern as written in the XSD, for messages. */
  readonly pattern?: string;
  readonly regex?: RegExp;
}

export type SimpleCheck = { ok: true; value: string } | { ok: false; rule: ListRule; message: string };

/** Builds an anchored JS regex from an XSD pattern that uses only the constructs of these schemas. */
export function xsdRegex(pattern: string): RegExp {
  const js = pattern.replace(/\\d/g, "\\p{Nd}").replace(/(^|[^\\])\.(?![^[]*\])/g, "$1[^\\n\\r]");
  return new RegExp(`^(?:${js})$`, "u");
}

export function collapse(v: string): string {
  return v.replace(/[\t\n\r ]+/g, " ").replace(/^ | $/g, "");
}

export function checkSimple(type: SimpleType, raw: string): SimpleCheck {
  const error = simpleTypeError(type, raw);
  if (error) return { ok: false, ...error };
  return { ok: true, value: type.base === "string" ? raw : collapse(raw) };
}

/** checkSimple without an object per valid value (a large ZAL has over a hundred thousand). */
export function simpleTypeError(type: SimpleType, raw: string): { rule: ListRule; message: string } | undefined {
  let value = raw;
  if (type.base !== "string") {
    value = collapse(raw);
    const lexical = type.base === "dateTime" ? checkDateTime(value) : checkPositiveInteger(value);
    if (lexical) return { rule: type.base === "dateTime" ? "datetime" : "positive-integer", message: lexical };
  }
  if (type.minLength !== undefined || type.maxLength !== undefined) {
    const length = countChars(value);
    if (type.minLength !== undefined && length < type.minLength) {
      return { rule: "min-length", message: `${describe(value)} has ${length} characters; ${type.name} needs at least ${type.minLength}` };
    }
    if (type.maxLength !== undefined && length > type.maxLength) {
      return { rule: "max-length", message: `${describe(value)} has ${length} characters; ${type.name} allows at most ${type.maxLength}` };
    }
  }
  if (type.regex && !type.regex.test(value)) {
    return { rule: "pattern", message: `${describe(value)} does not match the ${type.name} pattern ${type.pattern}` };
  }
  return undefined;
}

function describe(value: string): string {
  const shown = value.length > 80 ? value.slice(0, 80) + "…" : value;
  return `value ${JSON.stringify(shown)}`;
}

function countChars(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

// libxml2 (the reference validator, xmllint) stores integers in at most 24
// significant digits and refuses longer ones; we follow it.
const MAX_INTEGER_DIGITS = 24;

/** undefined when valid, else why not. */
export function checkPositiveInteger(v: string): string | undefined {
  const m = /^([+-]?)([0-9]+)$/.exec(v);
  if (!m) return `${describe(v)} is not an integer (digits with an optional sign)`;
  const digits = m[2]!.replace(/^0+/, "");
  if (digits === "" || m[1] === "-") return `${describe(v)} is not a positive integer (it must be 1 or more)`;
  if (digits.length > MAX_INTEGER_DIGITS) return `${describe(v)} has more than ${MAX_INTEGER_DIGITS} digits`;
  return undefined;
}

const DATE_TIME = /^(-?)(\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** xs:dateTime lexical space (XSD 1.0: no year 0000, 24:00:00 allowed, zone at most ±14:00). */
export function checkDateTime(v: string): string | undefined {
  const m = DATE_TIME.exec(v);
  const bad = (why: string) => `${describe(v)} is not an xs:dateTime (${why})`;
  if (!m) return bad("expected YYYY-MM-DDThh:mm:ss[.fff][Z|±hh:mm]");
  const [, sign, yearS, monthS, dayS, hS, minS, sS, frac, zone] = m;
  if (yearS!.length > 4 && yearS!.startsWith("0")) return bad("a year of more than four digits has no leading zero");
  if (/^0+$/.test(yearS!)) return bad("year 0000 does not exist");
  const year = Number(sign + yearS!);
  const month = Number(monthS);
  const day = Number(dayS);
  if (month < 1 || month > 12) return bad("month out of range");
  if (day < 1 || day > daysIn(year, month)) return bad("day out of range for the month");
  const h = Number(hS), min = Number(minS), s = Number(sS);
  if (h === 24) {
    if (min !== 0 || s !== 0 || (frac !== undefined && !/^\.0+$/.test(frac))) return bad("24 is only allowed as 24:00:00");
  } else if (h > 23 || min > 59 || s > 59) {
    return bad("time out of range");
  }
  if (zone && zone !== "Z") {
    const zh = Number(zone.slice(1, 3)), zm = Number(zone.slice(4, 6));
    if (zm > 59 || zh > 14 || (zh === 14 && zm !== 0)) return bad("time zone out of range (at most ±14:00)");
  }
  return undefined;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function hasTimeZone(dateTime: string): boolean {
  return /(Z|[+-]\d{2}:\d{2})$/.test(dateTime);
}

/**
 * Seconds and nanoseconds since the epoch of a valid xs:dateTime with a
 * time zone; undefined when it has none or lies outside years 1..9999.
 */
export function dateTimeToEpoch(v: string): { seconds: number; nanos: number } | undefined {
  const m = DATE_TIME.exec(v);
  if (!m || !m[9]) return undefined;
  const [, sign, yearS, monthS, dayS, hS, minS, sS, frac, zone] = m;
  const year = Number(sign + yearS!);
  if (year < 1 || year > 9999) return undefined;
  const d = new Date(0);
  d.setUTCFullYear(year, Number(monthS) - 1, Number(dayS));
  d.setUTCHours(Number(hS), Number(minS), Number(sS), 0);
  let seconds = Math.floor(d.getTime() / 1000);
  if (zone !== "Z") {
    const offset = (Number(zone!.slice(1, 3)) * 60 + Number(zone!.slice(4, 6))) * 60;
    seconds += zone!.startsWith("+") ? -offset : offset;
  }
  const nanos = frac ? Number(frac.slice(1, 10).padEnd(9, "0")) : 0;
  return { seconds, nanos };
}
