/**
 * The four published MedMij list schemas (ZAL file version 5, OCL 5,
 * Whitelist 9, GNL 7; see ../shared/medmij/xsd/) written out as data that
 * check-against-schema.ts walks. Every sequence, occurrence bound, facet and
 * xs:unique of the XSDs is here; keep the two in step when MedMij publishes a
 * new version.
 */
import type { ListKind } from "./model.js";
import { xsdRegex, type SimpleType } from "./xsd-simple-types.js";

export interface UniqueRule {
  /** The xs:unique name in the XSD. */
  readonly name: string;
  /** selector xpath "x:Child/x:Field", field ".". */
  readonly child: string;
  readonly field: string;
}

export interface ElementDecl {
  readonly name: string;
  readonly min: number;
  /** Infinity for unbounded. */
  readonly max: number;
  readonly type: SimpleType | { readonly sequence: readonly ElementDecl[] };
  readonly unique?: UniqueRule;
}

export interface ListSchema {
  readonly kind: ListKind;
  readonly namespace: string;
  readonly root: ElementDecl;
  /** The file name MedMij publishes it under, without ".xml". */
  readonly fileName: string;
}

const one = (name: string, type: ElementDecl["type"], unique?: UniqueRule): ElementDecl => ({ name, min: 1, max: 1, type, ...(unique ? { unique } : {}) });
const many = (name: string, min: number, type: ElementDecl["type"]): ElementDecl => ({ name, min, max: Infinity, type });
const seq = (...sequence: ElementDecl[]) => ({ sequence });

const HOSTNAME = "(([a-z0-9])([a-z0-9-])*(\\.))+([a-z0-9])([a-z0-9-])*([a-z0-9])";
const FRONTCHANNEL = "https://(([a-z0-9])([a-z0-9-])*(\\.))+([a-z0-9])([a-z0-9-])*([a-z0-9])?(/[^?#/]+)*";
const BACKCHANNEL = "https://(([a-z0-9])([a-z0-9-])*(\\.))+([a-z0-9])([a-z0-9-])*([a-z0-9])(:(\\d){1,5})?(/[^?#/]+)*";
const DATUMTIJD = ".{20,}";
const ZORGAANBIEDERNAAM = "([a-z])+@medmij";

const withPattern = (t: Omit<SimpleType, "regex">): SimpleType => Object.freeze(t.pattern ? { ...t, regex: xsdRegex(t.pattern) } : t);

export const TYPES = {
  DatumTijd: withPattern({ name: "DatumTijd", base: "dateTime", pattern: DATUMTIJD }),
  Positiefnummer: withPattern({ name: "Positiefnummer", base: "positiveInteger" }),
  Hostname: withPattern({ name: "Hostname", base: "string", pattern: HOSTNAME }),
  OAuthclientOrganisatienaam: withPattern({ name: "OAuthclientOrganisatienaam", base: "string", minLength: 3, maxLength: 50 }),
  GegevensdienstId: withPattern({ name: "GegevensdienstId", base: "string", minLength: 1, maxLength: 30 }),
  Weergavenaam: withPattern({ name: "Weergavenaam", base: "string", minLength: 3, maxLength: 50 }),
  Zorgaanbiedernaam: withPattern({ name: "Zorgaanbiedernaam", base: "string", minLength: 10, maxLength: 57, pattern: ZORGAANBIEDERNAAM }),
  Systeemrolcode: withPattern({ name: "Systeemrolcode", base: "string", minLength: 1, maxLength: 30 }),
  Frontchanneluri: withPattern({ name: "Frontchanneluri", base: "string", pattern: FRONTCHANNEL }),
  Backchanneluri: withPattern({ name: "Backchanneluri", base: "string", pattern: BACKCHANNEL }),
} as const;

const header = [one("Tijdstempel", TYPES.DatumTijd), one("Volgnummer", TYPES.Positiefnummer)];

const ZAL: ListSchema = {
  kind: "zal",
  namespace: "xmlns://afsprakenstelsel.medmij.nl/zorgaanbiederslijst/release2/",
  fileName: "MedMij_Zorgaanbiederslijst",
  root: one(
    "Zorgaanbiederslijst",
    seq(
      ...header,
      one(
        "Zorgaanbieders",
        seq(
          many(
            "Zorgaanbieder",
            0,
            seq(
              one("Zorgaanbiedernaam", TYPES.Zorgaanbiedernaam),
              one(
                "Gegevensdiensten",
                seq(
                  many(
                    "Gegevensdienst",
                    1,
                    seq(
                      one("GegevensdienstId", TYPES.GegevensdienstId),
                      one("AuthorizationEndpoint", seq(one("AuthorizationEndpointuri", TYPES.Frontchanneluri))),
                      one("TokenEndpoint", seq(one("TokenEndpointuri", TYPES.Backchanneluri))),
                      one(
                        "Systeemrollen",
                        seq(
                          many(
                            "Systeemrol",
                            1,
                            seq(one("Systeemrolcode", TYPES.Systeemrolcode), one("ResourceEndpoint", seq(one("ResourceEndpointuri", TYPES.Backchanneluri)))),
                          ),
                        ),
                        { name: "Unieke_Systeemrol", child: "Systeemrol", field: "Systeemrolcode" },
                      ),
                    ),
                  ),
                ),
                { name: "Unieke_Gegevensdienst", child: "Gegevensdienst", field: "GegevensdienstId" },
              ),
            ),
          ),
        ),
        { name: "Unieke_Zorgaanbieder", child: "Zorgaanbieder", field: "Zorgaanbiedernaam" },
      ),
    ),
  ),
};

const OCL: ListSchema = {
  kind: "ocl",
  namespace: "xmlns://afsprakenstelsel.medmij.nl/oauthclientlist/release2/",
  fileName: "MedMij_OAuthclientlist",
  root: one(
    "OAuthclientlist",
    seq(
      ...header,
      one(
        "OAuthclients",
        seq(many("OAuthclient", 0, seq(one("Hostname", TYPES.Hostname), one("OAuthclientOrganisatienaam", TYPES.OAuthclientOrganisatienaam)))),
        { name: "Unieke_OAuthclient", child: "OAuthclient", field: "Hostname" },
      ),
    ),
  ),
};

const GNL: ListSchema = {
  kind: "gnl",
  namespace: "xmlns://afsprakenstelsel.medmij.nl/gegevensdienstnamenlijst/release1/",
  fileName: "MedMij_Gegevensdienstnamenlijst",
  root: one(
    "Gegevensdienstnamenlijst",
    seq(
      ...header,
      one(
        "Gegevensdiensten",
        seq(many("Gegevensdienst", 0, seq(one("GegevensdienstId", TYPES.GegevensdienstId), one("Weergavenaam", TYPES.Weergavenaam)))),
        { name: "Unieke_Gegevensdienst", child: "Gegevensdienst", field: "GegevensdienstId" },
      ),
    ),
  ),
};

const WHITELIST: ListSchema = {
  kind: "whitelist",
  namespace: "xmlns://afsprakenstelsel.medmij.nl/whitelist/release2/",
  fileName: "MedMij_Whitelist",
  root: one(
    "Whitelist",
    seq(...header, one("MedMijNodes", seq(many("MedMijNode", 0, seq(one("Hostname", TYPES.Hostname)))), { name: "Unieke_MedMijNode", child: "MedMijNode", field: "Hostname" })),
  ),
};

export const LIST_SCHEMAS: Readonly<Record<ListKind, ListSchema>> = Object.freeze({ zal: ZAL, ocl: OCL, gnl: GNL, whitelist: WHITELIST });

/** The kind whose root element has this local name, whatever its namespace. */
export function schemaByRootName(local: string): ListSchema | undefined {
  return Object.values(LIST_SCHEMAS).find((s) => s.root.name === local);
}
