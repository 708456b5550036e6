import { describe, expect, it } from "vitest";
import { buildConsentText, buildLandingText, dutchList } from "../../../src/protocol/authorization/build-consent-text.js";

describe("consent and landing texts (core.usrint.100/102)", () => {
  const text = buildConsentText({ providerDisplayName: "Demo Ziekenhuis", clientOrganisationName: "Demo PGO", dataServiceNames: ["Basisgegevens Zorg", "Laboratoriumresultaten"] });

  it("asks the MedMij 2.2.4 question with NaamAanbieder, Naam PGO and the gegevensdienst names", () => {
    expect(text.title).toBe("Toestemming geven");
    expect(text.question).toContain("Wil je de gegevens die Demo Ziekenhuis over jou heeft in jouw PGO zetten?");
    expect(text.question).toContain("Dan heeft Demo Ziekenhuis jouw toestemming nodig om deze gegevens met Demo PGO te delen.");
    expect(text.question).toContain("Basisgegevens Zorg en Laboratoriumresultaten");
  });

  it("includes the mandatory explanation, without the sentences on consent for an indefinite period", () => {
    const all = text.explanation.join(" ");
    expect(all).toContain("Demo Ziekenhuis mag niet zonder jouw toestemming gegevens delen met een andere partij (lees ook de privacy verklaring van Demo Ziekenhuis).");
    expect(all).toContain("Voor de verbinding met de computer van Demo Ziekenhuis heeft Stichting MedMij strenge regels gemaakt. Demo PGO volgt deze regels.");
    expect(all).toContain("worden je gegevens in je PGO gezet via de veilige MedMij-verbinding.");
    expect(all).not.toMatch(/onbepaalde tijd/);
  });

  it("labels both buttons, and the landing page names provider and PGO", () => {
    expect(text.allowLabel).toMatch(/toestemming/);
    expect(text.denyLabel).toMatch(/geen toestemming/);
    const landing = buildLandingText("Demo Ziekenhuis", "Demo PGO");
    expect(landing.title).toContain("Demo Ziekenhuis");
    expect(landing.text).toContain("Demo PGO");
    expect(landing.text).toContain("DigiD");
  });

  it("lists names the Dutch way", () => {
    expect(dutchList(["a"])).toBe("a");
    expect(dutchList(["a", "b", "c"])).toBe("a, b en c");
  });
});
