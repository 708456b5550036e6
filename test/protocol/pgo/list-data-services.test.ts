import { describe, expect, it } from "vitest";
import { listDataServices } from "../../../src/protocol/pgo/list-data-services.js";
import { gnl, zal } from "./fixtures.js";
import { reasonOf as reason } from "../../helpers/protocol-error.js";

describe("listDataServices (FLOW 1, the seed's get_zal: ZAL x GNL)", () => {
  it("lists providers by name with their gegevensdiensten and GNL names (empty when unnamed)", () => {
    const page = listDataServices(zal, gnl, 0, "", "");
    expect(page.providers.map((p) => p.name)).toEqual(["apotheekzuid@medmij", "demoziekenhuis@medmij", "huisartsvoorbeeld@medmij"]);
    expect(page.providers[0]!.dataServices).toEqual([
      { id: "1", displayName: "Basisgegevens zorg" },
      { id: "7", displayName: "" },
    ]);
    expect(page.nextPageToken).toBe("");
  });

  it("pages with an opaque token until the last page", () => {
    const first = listDataServices(zal, gnl, 2, "", "");
    expect(first.providers.map((p) => p.name)).toEqual(["apotheekzuid@medmij", "demoziekenhuis@medmij"]);
    expect(first.nextPageToken).not.toBe("");
    const second = listDataServices(zal, gnl, 2, first.nextPageToken, "");
    expect(second.providers.map((p) => p.name)).toEqual(["huisartsvoorbeeld@medmij"]);
    expect(second.nextPageToken).toBe("");
  });

  it("filters case-insensitively on the provider name or a gegevensdienst's display name", () => {
    expect(listDataServices(zal, gnl, 0, "", "HUISARTS").providers.map((p) => p.name)).toEqual(["huisartsvoorbeeld@medmij"]);
    const lab = listDataServices(zal, gnl, 0, "", "laboratorium").providers;
    expect(lab).toEqual([{ name: "demoziekenhuis@medmij", dataServices: [{ id: "4", displayName: "Laboratoriumuitslagen" }] }]);
    expect(listDataServices(zal, gnl, 0, "", "niemand").providers).toEqual([]);
  });

  it("refuses a negative page size, a foreign or tampered token, and a token of another filter", () => {
    expect(reason(() => listDataServices(zal, gnl, -1, "", ""))).toBe("INVALID_PAGE_SIZE");
    expect(reason(() => listDataServices(zal, gnl, 1, "garbage!", ""))).toBe("INVALID_PAGE_TOKEN");
    const token = listDataServices(zal, gnl, 1, "", "").nextPageToken;
    expect(reason(() => listDataServices(zal, gnl, 1, token, "huis"))).toBe("INVALID_PAGE_TOKEN");
    expect(reason(() => listDataServices(zal, gnl, 1, "", "x".repeat(201)))).toBe("INVALID_FILTER");
  });
});
