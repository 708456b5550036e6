import { describe, expect, it } from "vitest";
import { checkWhitelisted, selectDataServices, selectSystemRole } from "../../../src/protocol/pgo/select-data-services.js";
import { whitelist, zal } from "./fixtures.js";
import { kindReasonOf as reason } from "../../helpers/protocol-error.js";

describe("selectDataServices", () => {
  it("finds the provider (case-insensitively) and its gegevensdiensten with their shared endpoints", () => {
    const s = selectDataServices(zal, "DemoZiekenhuis@medmij", ["1", "4"]);
    expect(s.provider.name).toBe("demoziekenhuis@medmij");
    expect(s.tokenEndpointUri).toBe("https://dva.localhost/oauth/token");
  });

  it("answers unknown providers and gegevensdiensten with NOT_FOUND, bad input with INVALID_ARGUMENT", () => {
    expect(reason(() => selectDataServices(zal, "onbekend@medmij", ["1"]))).toBe("not_found:PROVIDER_NOT_FOUND");
    expect(reason(() => selectDataServices(zal, "demoziekenhuis@medmij", ["49"]))).toBe("not_found:DATA_SERVICE_NOT_FOUND");
    expect(reason(() => selectDataServices(zal, "", ["1"]))).toBe("invalid_argument:INVALID_PROVIDER_NAME");
    expect(reason(() => selectDataServices(zal, "demoziekenhuis@medmij", []))).toBe("invalid_argument:MISSING_DATA_SERVICE");
    expect(reason(() => selectDataServices(zal, "demoziekenhuis@medmij", ["a b"]))).toBe("invalid_argument:INVALID_DATA_SERVICE_ID");
    expect(reason(() => selectDataServices(undefined, "demoziekenhuis@medmij", ["1"]))).toBe("unavailable:LISTS_NOT_LOADED");
  });

  it("refuses gegevensdiensten served by different authorization servers in one flow", () => {
    expect(reason(() => selectDataServices(zal, "apotheekzuid@medmij", ["1", "7"]))).toBe("invalid_argument:DATA_SERVICES_ON_DIFFERENT_SERVERS");
  });
});

describe("checkWhitelisted and selectSystemRole", () => {
  it("accepts whitelisted back-channel hosts only", () => {
    expect(() => checkWhitelisted(whitelist, "https://dva.localhost/oauth/token", "token")).not.toThrow();
    expect(reason(() => checkWhitelisted(whitelist, "https://apo.localhost/oauth/token", "token"))).toBe("failed_precondition:TOKEN_ENDPOINT_NOT_WHITELISTED");
    expect(reason(() => checkWhitelisted(whitelist, "https://apo.localhost/fhir", "resource"))).toBe("failed_precondition:RESOURCE_ENDPOINT_NOT_WHITELISTED");
  });

  it("takes the first Systeemrol unless one is named; an unknown code is NOT_FOUND", () => {
    const services = selectDataServices(zal, "demoziekenhuis@medmij", ["4", "1"]).services;
    expect(selectSystemRole(services, "").code).toBe("LAB-1.0.0-LRB-FHIR");
    expect(selectSystemRole(services, "LAB-2").resourceEndpointUri).toBe("https://dva.localhost/lab2");
    expect(selectSystemRole(services, "BGZ-2017-FHIR-R4").resourceEndpointUri).toBe("https://dva.localhost/fhir");
    expect(reason(() => selectSystemRole(services, "NOPE"))).toBe("not_found:SYSTEM_ROLE_NOT_FOUND");
  });
});
