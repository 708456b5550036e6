import { describe, expect, it } from "vitest";
import { checkDataServiceId, checkHostname, checkProviderName } from "../../../src/protocol/lists/check-lookup-input.js";
import { buildZal } from "../../../src/protocol/lists/model.js";
import { pageProviders } from "../../../src/protocol/lists/page-providers.js";
import { checkDateTime, dateTimeToEpoch } from "../../../src/protocol/lists/xsd-simple-types.js";
import { kindReasonOf as reasonOf } from "../../helpers/protocol-error.js";

const svc = (id: string) => ({ id, authorizationEndpointUri: "https://a.nl/x", tokenEndpointUri: "https://a.nl/t", systemRoles: [] });
const names = Array.from({ length: 25 }, (_, i) => `${String.fromCharCode(97 + i)}aanbieder@medmij`);
const zal = buildZal({ tijdstempel: "2024-03-01T09:00:00Z", volgnummer: 1 }, names.map((name, i) => ({ name, dataServices: [svc("1"), ...(i % 2 ? [svc("4")] : [])] })).reverse());

describe("look-up input rules", () => {
  it("accepts names and hostnames in any case", () => {
    expect(reasonOf(() => checkProviderName("Huisarts@MedMij"))).toBeUndefined();
    expect(reasonOf(() => checkHostname("PGO.Example.nl"))).toBeUndefined();
    expect(reasonOf(() => checkDataServiceId("49", "id"))).toBeUndefined();
  });
  it("refuses empty and malformed names and hostnames", () => {
    expect(reasonOf(() => checkProviderName(""))).toBe("invalid_argument:PROVIDER_NAME_MISSING");
    expect(reasonOf(() => checkProviderName("huisarts-1@medmij"))).toBe("invalid_argument:PROVIDER_NAME_MALFORMED");
    expect(reasonOf(() => checkHostname(""))).toBe("invalid_argument:HOSTNAME_MISSING");
    expect(reasonOf(() => checkHostname("pgo.example.nl:443"))).toBe("invalid_argument:HOSTNAME_MALFORMED");
    expect(reasonOf(() => checkDataServiceId("x".repeat(31), "id"))).toBe("invalid_argument:DATA_SERVICE_ID_MALFORMED");
  });
});

describe("pageProviders", () => {
  it("pages through all providers in name order with opaque tokens", () => {
    const seen: string[] = [];
    let token = "";
    let pages = 0;
    do {
      const page = pageProviders(zal, { pageSize: 10, pageToken: token, dataServiceId: "" });
      seen.push(...page.providers.map((p) => p.name));
      token = page.nextPageToken;
      pages++;
    } while (token !== "");
    expect(pages).toBe(3);
    expect(seen).toEqual(names);
  });
  it("uses 50 as the default page size and clamps to 1000", () => {
    expect(pageProviders(zal, { pageSize: 0, pageToken: "", dataServiceId: "" }).providers).toHaveLength(25);
    expect(pageProviders(zal, { pageSize: 5000, pageToken: "", dataServiceId: "" }).nextPageToken).toBe("");
  });
  it("filters by gegevensdienst", () => {
    const page = pageProviders(zal, { pageSize: 100, pageToken: "", dataServiceId: "4" });
    expect(page.providers).toHaveLength(12);
    expect(pageProviders(zal, { pageSize: 100, pageToken: "", dataServiceId: "99" }).providers).toEqual([]);
  });
  it("refuses a negative page size, a forged token and a token of another filter", () => {
    expect(reasonOf(() => pageProviders(zal, { pageSize: -1, pageToken: "", dataServiceId: "" }))).toBe("invalid_argument:PAGE_SIZE_NEGATIVE");
    expect(reasonOf(() => pageProviders(zal, { pageSize: 1, pageToken: "!!", dataServiceId: "" }))).toBe("invalid_argument:PAGE_TOKEN_INVALID");
    expect(reasonOf(() => pageProviders(zal, { pageSize: 1, pageToken: Buffer.from("[1]").toString("base64url"), dataServiceId: "" }))).toBe("invalid_argument:PAGE_TOKEN_INVALID");
    const t = pageProviders(zal, { pageSize: 1, pageToken: "", dataServiceId: "4" }).nextPageToken;
    expect(reasonOf(() => pageProviders(zal, { pageSize: 1, pageToken: t, dataServiceId: "" }))).toBe("invalid_argument:PAGE_TOKEN_MISMATCH");
  });
});

describe("xs:dateTime", () => {
  it("converts a Tijdstempel with a zone to epoch seconds and nanos", () => {
    expect(dateTimeToEpoch("2024-03-01T10:00:00+01:00")).toEqual({ seconds: Date.UTC(2024, 2, 1, 9) / 1000, nanos: 0 });
    expect(dateTimeToEpoch("2024-03-01T09:00:00.25Z")).toEqual({ seconds: Date.UTC(2024, 2, 1, 9) / 1000, nanos: 250_000_000 });
    expect(dateTimeToEpoch("2024-03-01T24:00:00Z")).toEqual({ seconds: Date.UTC(2024, 2, 2) / 1000, nanos: 0 });
    expect(dateTimeToEpoch("2024-03-01T09:00:00.5")).toBeUndefined();
  });
  it("accepts the lexical forms XSD accepts and refuses the others", () => {
    expect(checkDateTime("-0044-03-15T12:00:00Z")).toBeUndefined();
    expect(checkDateTime("2024-13-01T00:00:00Z")).toMatch(/month/);
  });
});
