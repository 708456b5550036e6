import { ProtocolError } from "../errors.js";

export interface EndpointPolicy {
  /** Demo mode: https://X.localhost endpoints are reached at http://X.localhost:<port>. */
  rewriteLocalhost: boolean;
  /** The port of our own server (config.port). */
  port: number;
}

/** RFC 6761: "localhost" and every name under it are loopback. */
export function isLocalhostName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  return h === "localhost" || h.endsWith(".localhost");
}

/**
 * The URL to actually reach for an endpoint from the lists. In demo mode an
 * https endpoint on a *.localhost host becomes http on our own port (front
 * and back channel alike); everything else must be https and is returned
 * unchanged (no rewriting outside demo mode).
 */
export function rewriteDemoEndpoint(endpoint: string, policy: EndpointPolicy): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw endpointError(`the endpoint from the lists is not a URL`, endpoint);
  }
  if (url.protocol !== "https:") throw endpointError("the endpoint from the lists must use https", endpoint);
  if (url.username || url.password) throw endpointError("the endpoint from the lists must not carry credentials", endpoint);
  if (policy.rewriteLocalhost && isLocalhostName(url.hostname)) {
    const rewritten = new URL(url.toString());
    rewritten.protocol = "http:";
    rewritten.port = String(policy.port);
    return rewritten;
  }
  return url;
}

function endpointError(description: string, endpoint: string): ProtocolError {
  return new ProtocolError({
    reason: "INVALID_PROVIDER_ENDPOINT",
    kind: "failed_precondition",
    description,
    metadata: { endpoint: endpoint.slice(0, 200) },
    oauth: {
      error: "server_error",
      disposition: "show",
      userMessage: "De gegevens van deze zorgaanbieder in de MedMij-lijsten zijn niet bruikbaar. Probeer het later opnieuw.",
    },
  });
}
