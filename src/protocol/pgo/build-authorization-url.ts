import type { PgoInterfaceVersion } from "./build-scope.js";

export interface AuthorizationUrlInput {
  /** The (possibly demo-rewritten) AuthorizationEndpointuri from the ZAL. */
  endpoint: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string;
  codeChallenge: string;
  interfaceVersion: PgoInterfaceVersion;
  correlationId: string;
  requestId: string;
}

/**
 * The authorization request URL (FLOW 2, requirements §1.2): response_type,
 * client_id, redirect_uri, scope, state, the PKCE S256 challenge (servers
 * that do not know PKCE ignore it, §0.4) and — from interface version 2.2 —
 * MedMij-Request-ID and X-Correlation-ID as query parameters (§1.5). Earlier
 * versions name them headers, which a browser redirect cannot carry.
 */
export function buildAuthorizationUrl(input: AuthorizationUrlInput): string {
  const url = new URL(input.endpoint);
  const q = url.searchParams;
  q.set("response_type", "code");
  q.set("client_id", input.clientId);
  q.set("redirect_uri", input.redirectUri);
  q.set("scope", input.scope);
  q.set("state", input.state);
  q.set("code_challenge", input.codeChallenge);
  q.set("code_challenge_method", "S256");
  if (input.interfaceVersion === "2.2") {
    q.set("MedMij-Request-ID", input.requestId);
    q.set("X-Correlation-ID", input.correlationId);
  }
  url.hash = "";
  return url.toString();
}
