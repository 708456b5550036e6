/**
 * Mock DigiD (demo mode only): the gateway's mock login page turns the BSN a
 * tester types into the artifact "MOCK:<bsn>". Nothing else is accepted, and
 * the BSN must pass the elfproef.
 */
import { isValidBsn } from "../../protocol/authorization/check-bsn-elfproef.js";
import { ArtifactResolutionError, type ArtifactResolver } from "./artifact-resolver.js";

const MOCK_ARTIFACT = /^MOCK:(\d{9})$/;

export function createMockArtifactResolver(): ArtifactResolver {
  return {
    mode: "mock",
    configured: true,
    async resolve(artifact) {
      const m = MOCK_ARTIFACT.exec(artifact);
      if (!m) throw new ArtifactResolutionError("INVALID_ARTIFACT", "the mock DigiD artifact must be MOCK: followed by nine digits");
      const bsn = m[1]!;
      if (!isValidBsn(bsn)) throw new ArtifactResolutionError("INVALID_ARTIFACT", "the BSN in the mock DigiD artifact fails the elfproef");
      return bsn;
    },
  };
}
