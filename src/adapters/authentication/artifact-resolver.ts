/**
 * FLOW 6–7: the port that turns a DigiD SAML artifact (ophaalbewijs) into a
 * BSN. Implementations: the mock DigiD of demo mode and the SAML resolver.
 */
export interface ArtifactResolver {
  /** "mock" or "saml", for the start-up summary. */
  readonly mode: string;
  /** True when the resolver can actually resolve artifacts. */
  readonly configured: boolean;
  /** The BSN (nine digits, elfproef checked). Throws ArtifactResolutionError. */
  resolve(artifact: string): Promise<string>;
}

export type ArtifactFailure = "INVALID_ARTIFACT" | "AUTHENTICATION_NOT_CONFIGURED" | "AUTHENTICATION_SERVICE_UNAVAILABLE";

export class ArtifactResolutionError extends Error {
  override name = "ArtifactResolutionError";
  constructor(
    readonly failure: ArtifactFailure,
    message: string,
  ) {
    super(message);
  }
}
