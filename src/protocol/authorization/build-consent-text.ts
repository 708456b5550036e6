/**
 * The texts of the landing page (core.usrint.100) and the consent question
 * (core.usrint.102), with the MedMij placeholders filled in: NaamAanbieder
 * (configuration), NaamGegevensdienst (GNL Weergavenaam) and Naam PGO (OCL
 * OAuthclientOrganisatienaam). The 2.2.4 wording is mandatory; sentences may
 * be added, none removed. This server gives no long-term consent (no refresh
 * tokens), so the sentences about consent "voor onbepaalde tijd" are left
 * out (requirements.md §2.7).
 */
export interface ConsentNames {
  readonly providerDisplayName: string;
  readonly clientOrganisationName: string;
  readonly dataServiceNames: readonly string[];
}

export interface ConsentText {
  readonly title: string;
  readonly question: string;
  readonly explanation: readonly string[];
  readonly allowLabel: string;
  readonly denyLabel: string;
}

export interface LandingText {
  readonly title: string;
  readonly text: string;
}

export function buildConsentText(names: ConsentNames): ConsentText {
  const aanbieder = names.providerDisplayName;
  const pgo = names.clientOrganisationName;
  return Object.freeze({
    title: "Toestemming geven",
    question:
      `Wil je de gegevens die ${aanbieder} over jou heeft in jouw PGO zetten? ` +
      `Dan heeft ${aanbieder} jouw toestemming nodig om deze gegevens met ${pgo} te delen. ` +
      `Het gaat om: ${dutchList(names.dataServiceNames)}.`,
    explanation: Object.freeze([
      `${aanbieder} mag niet zonder jouw toestemming gegevens delen met een andere partij (lees ook de privacy verklaring van ${aanbieder}).`,
      `Voor de verbinding met de computer van ${aanbieder} heeft Stichting MedMij strenge regels gemaakt. ${pgo} volgt deze regels. ` +
        "Als je toestemming hebt gegeven, worden je gegevens in je PGO gezet via de veilige MedMij-verbinding.",
    ]),
    allowLabel: "Ja, ik geef toestemming",
    denyLabel: "Nee, ik geef geen toestemming",
  });
}

export function buildLandingText(providerDisplayName: string, clientOrganisationName: string): LandingText {
  return Object.freeze({
    title: `Inloggen voor ${providerDisplayName}`,
    text:
      `${clientOrganisationName} wil gegevens ophalen die ${providerDisplayName} over jou heeft. ` +
      `Je logt nu in met DigiD, zodat ${providerDisplayName} weet wie je bent. Daarna vragen we je om toestemming.`,
  });
}

/** "a", "a en b", "a, b en c". */
export function dutchList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} en ${items[items.length - 1]}`;
}
