/**
 * Bytes in, a frozen list out — or every reason it is refused. Three layers:
 * hostile-input checks on the raw text, the XSD verdict (what
 * `xmllint --schema` decides; `validateListXml` alone), and two local
 * policies on top of a schema-valid list:
 *  - the Volgnummer must fit a safe integer (XSD allows any size);
 *  - the Tijdstempel must carry a time zone. The XSD means to require one
 *    with pattern .{20,}, but "2024-03-01T09:00:00.5" (fraction, no zone) is
 *    20 characters and passes it; we refuse it.
 */
import { checkAgainstSchema, matchRoot } from "./check-against-schema.js";
import { listError, quote, type ListError } from "./list-error.js";
import { LIST_SCHEMAS, type ListSchema } from "./list-schemas.js";
import { buildGnl, buildOcl, buildWhitelist, buildZal, type ListKind, type ListMeta, type MedMijList, type ZalDataService, type ZalProviderInput } from "./model.js";
import { readXmlTree, type XmlElement } from "./read-xml-tree.js";
import { decodeListBytes } from "./refuse-hostile-xml.js";
import { collapse, hasTimeZone } from "./xsd-simple-types.js";

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export interface ParseOptions {
  readonly maxBytes?: number;
  /** Refuse a valid list of another kind (e.g. an OCL served at the ZAL's URL). */
  readonly expectedKind?: ListKind;
}

export type ValidationResult =
  | { readonly valid: true; readonly kind: ListKind; readonly root: XmlElement; readonly schema: ListSchema }
  | { readonly valid: false; readonly kind: ListKind | undefined; readonly errors: readonly ListError[] };

export type ParseResult =
  | { readonly ok: true; readonly list: MedMijList }
  | { readonly ok: false; readonly kind: ListKind | undefined; readonly errors: readonly ListError[] };

/** The XSD verdict alone (plus the hostile-input refusals, which come first). */
export function validateListXml(input: string | Uint8Array, options: ParseOptions = {}): ValidationResult {
  const decoded = decodeListBytes(input, options.maxBytes ?? DEFAULT_MAX_BYTES);
  if (!decoded.ok) return { valid: false, kind: undefined, errors: decoded.errors };
  const tree = readXmlTree(decoded.text);
  if (!tree.ok) return { valid: false, kind: undefined, errors: tree.errors };
  const match = matchRoot(tree.root);
  if (!match.ok) return { valid: false, kind: undefined, errors: match.errors };
  const errors = checkAgainstSchema(tree.root, match.schema);
  if (errors.length > 0) return { valid: false, kind: match.schema.kind, errors };
  return { valid: true, kind: match.schema.kind, root: tree.root, schema: match.schema };
}

export function parseList(input: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  const v = validateListXml(input, options);
  if (!v.valid) return { ok: false, kind: v.kind, errors: v.errors };
  const rootPath = `/${v.schema.root.name}`;
  if (options.expectedKind && options.expectedKind !== v.kind) {
    return {
      ok: false,
      kind: v.kind,
      errors: [listError(rootPath, "kind-mismatch", `expected a ${LIST_SCHEMAS[options.expectedKind].root.name}, got a ${v.schema.root.name}`)],
    };
  }
  const errors: ListError[] = [];
  const tijdstempel = collapse(text(child(v.root, "Tijdstempel")));
  const volgnummerText = collapse(text(child(v.root, "Volgnummer")));
  const volgnummer = Number(volgnummerText);
  if (!Number.isSafeInteger(volgnummer)) {
    errors.push(listError(`${rootPath}/Volgnummer`, "policy", `Volgnummer ${quote(volgnummerText)} is larger than this service can compare exactly (${Number.MAX_SAFE_INTEGER})`));
  }
  if (!hasTimeZone(tijdstempel)) {
    errors.push(listError(`${rootPath}/Tijdstempel`, "policy", `Tijdstempel ${quote(tijdstempel)} has no time zone (Z or ±hh:mm)`));
  }
  if (errors.length > 0) return { ok: false, kind: v.kind, errors };
  const meta: ListMeta = { tijdstempel, volgnummer };
  return { ok: true, list: buildModel(v.kind, v.root, meta) };
}

function buildModel(kind: ListKind, root: XmlElement, meta: ListMeta): MedMijList {
  switch (kind) {
    case "zal": {
      const providers: ZalProviderInput[] = children(child(root, "Zorgaanbieders"), "Zorgaanbieder").map((z) => ({
        name: text(child(z, "Zorgaanbiedernaam")),
        dataServices: children(child(z, "Gegevensdiensten"), "Gegevensdienst").map(
          (g): ZalDataService => ({
            id: text(child(g, "GegevensdienstId")),
            authorizationEndpointUri: text(child(child(g, "AuthorizationEndpoint"), "AuthorizationEndpointuri")),
            tokenEndpointUri: text(child(child(g, "TokenEndpoint"), "TokenEndpointuri")),
            systemRoles: children(child(g, "Systeemrollen"), "Systeemrol").map((r) => ({
              code: text(child(r, "Systeemrolcode")),
              resourceEndpointUri: text(child(child(r, "ResourceEndpoint"), "ResourceEndpointuri")),
            })),
          }),
        ),
      }));
      return buildZal(meta, providers);
    }
    case "ocl":
      return buildOcl(
        meta,
        children(child(root, "OAuthclients"), "OAuthclient").map((c) => ({
          hostname: text(child(c, "Hostname")),
          organisationName: text(child(c, "OAuthclientOrganisatienaam")),
        })),
      );
    case "gnl":
      return buildGnl(
        meta,
        children(child(root, "Gegevensdiensten"), "Gegevensdienst").map((g) => ({ id: text(child(g, "GegevensdienstId")), displayName: text(child(g, "Weergavenaam")) })),
      );
    case "whitelist":
      return buildWhitelist(
        meta,
        children(child(root, "MedMijNodes"), "MedMijNode").map((n) => text(child(n, "Hostname"))),
      );
  }
}

// The tree is schema-valid here, so each named child exists.
function child(el: XmlElement, name: string): XmlElement {
  for (const c of el.children) if (c.kind === "element" && c.local === name) return c;
  return undefined!;
}

function children(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) if (c.kind === "element" && c.local === name) out.push(c);
  return out;
}

function text(el: XmlElement): string {
  let s = "";
  for (const c of el.children) if (c.kind === "text") s += c.text;
  return s;
}

/** Entries in a list: providers, clients, names or nodes. */
export function entryCount(list: MedMijList): number {
  switch (list.kind) {
    case "zal":
      return list.providers.length;
    case "ocl":
      return list.clients.length;
    case "gnl":
      return list.entries.length;
    case "whitelist":
      return list.hostnames.size;
  }
}
