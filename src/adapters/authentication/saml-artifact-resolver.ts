/**
 * DigiD SAML artifact resolution (the SAML ArtifactResolve back-channel call).
 * This project ships the port, not a DigiD connection: without a configured
 * implementation every call fails with a clear error, so that a production
 * server can never fall back to the mock by accident.
 */
import { ArtifactResolutionError, type ArtifactResolver } from "./artifact-resolver.js";

export interface SamlArtifactResolution {
  /** Resolves the artifact at DigiD and returns the BSN from the assertion. */
  resolve(artifact: string): Promise<string>;
}

export function createSamlArtifactResolver(implementation?: SamlArtifactResolution): ArtifactResolver {
  return {
    mode: "saml",
    configured: implementation !== undefined,
    async resolve(artifact) {
      if (!implementation) {
        throw new ArtifactResolutionError(
          "AUTHENTICATION_NOT_CONFIGURED",
          "DigiD SAML artifact resolution is not configured on this server (AUTHENTICATION_MODE=saml needs a SAML resolver; use AUTHENTICATION_MODE=mock for the demo)",
        );
      }
      try {
        return await implementation.resolve(artifact);
      } catch (e) {
        if (e instanceof ArtifactResolutionError) throw e;
        throw new ArtifactResolutionError("AUTHENTICATION_SERVICE_UNAVAILABLE", "the DigiD artifact resolution service did not answer");
      }
    },
  };
}
