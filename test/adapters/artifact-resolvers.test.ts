import { describe, expect, it } from "vitest";
import { ArtifactResolutionError } from "../../src/adapters/authentication/artifact-resolver.js";
import { createMockArtifactResolver } from "../../src/adapters/authentication/mock-artifact-resolver.js";
import { createSamlArtifactResolver } from "../../src/adapters/authentication/saml-artifact-resolver.js";

async function failure(p: Promise<unknown>): Promise<ArtifactResolutionError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ArtifactResolutionError) return e;
    throw e;
  }
  throw new Error("expected an ArtifactResolutionError");
}

describe("mock DigiD artifact resolver", () => {
  const mock = createMockArtifactResolver();
  it("turns MOCK:<bsn> into the BSN", async () => {
    expect(await mock.resolve("MOCK:999900006")).toBe("999900006");
  });
  it("refuses anything else, and BSNs failing the elfproef, with a clear message that does not echo the BSN", async () => {
    for (const artifact of ["MOCK:999900007", "MOCK:99990000", "MOCK:9999000060", "mock:999900006", "MOCK: 999900006", "999900006", "AAO8…", ""]) {
      const e = await failure(mock.resolve(artifact));
      expect(e.failure, artifact).toBe("INVALID_ARTIFACT");
      expect(e.message).toMatch(/mock DigiD/);
      expect(e.message).not.toMatch(/\d{9}/);
    }
  });
});

describe("SAML artifact resolver", () => {
  it("fails with a clear error when not configured", async () => {
    const saml = createSamlArtifactResolver();
    expect(saml.configured).toBe(false);
    const e = await failure(saml.resolve("AAQAAMh48/1oXIM+sDo7Dh2qMp1HM4IF5DaRNmDj6RdUmllwn9jJHyEgIi8="));
    expect(e.failure).toBe("AUTHENTICATION_NOT_CONFIGURED");
    expect(e.message).toMatch(/not configured/);
  });
  it("delegates to a configured implementation and reports its failures as unavailable", async () => {
    expect(await createSamlArtifactResolver({ resolve: async () => "999900006" }).resolve("x")).toBe("999900006");
    const e = await failure(createSamlArtifactResolver({ resolve: async () => Promise.reject(new Error("ECONNREFUSED")) }).resolve("x"));
    expect(e.failure).toBe("AUTHENTICATION_SERVICE_UNAVAILABLE");
  });
});
