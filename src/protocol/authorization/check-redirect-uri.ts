/**
 * The redirect_uri must point at the client's own OCL hostname: an absolute
 * https URL whose host equals client_id exactly (case-insensitive), without
 * userinfo, port, query or fragment. Compared as a parsed URL — a string
 * prefix check would let https://client.example.evil.test/ through.
 *
 * Demo mode only: http://<client_id>:<port>/path for clients ending in
 * ".localhost" (they resolve to this machine).
 */
export interface RedirectUriPolicy {
  readonly allowLocalhostHttp: boolean;
}

export type RedirectUriCheck =
  | { ok: true; redirectUri: string }
  | { ok: false; reason: "MISSING_REDIRECT_URI" | "INVALID_REDIRECT_URI"; description: string };

export function checkRedirectUri(redirectUri: string | undefined, clientId: string, policy: RedirectUriPolicy): RedirectUriCheck {
  if (redirectUri === undefined) return { ok: false, reason: "MISSING_REDIRECT_URI", description: "redirect_uri is missing" };
  const bad = (why: string): RedirectUriCheck => ({ ok: false, reason: "INVALID_REDIRECT_URI", description: `redirect_uri ${why}` });
  // Whitespace or control characters would be silently stripped by the URL parser.
  if (/[\s\x00-\x1f\x7f\\]/.test(redirectUri)) return bad("contains whitespace, control characters or a backslash");
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return bad("is not an absolute URL");
  }
  const client = clientId.toLowerCase();
  const localHttp = policy.allowLocalhostHttp && client.endsWith(".localhost") && url.protocol === "http:";
  if (url.protocol !== "https:" && !localHttp) return bad("must use https");
  if (url.username !== "" || url.password !== "" || /^[a-z]+:\/\/[^/]*@/i.test(redirectUri)) return bad("must not contain userinfo");
  if (url.hostname.toLowerCase() !== client) return bad("host must equal client_id");
  // url.port hides a default port (":443"); look at the raw authority too.
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(redirectUri)?.[1] ?? "";
  if ((url.port !== "" || authority.includes(":")) && !localHttp) return bad("must not contain a port");
  if (url.search !== "" || redirectUri.includes("?")) return bad("must not contain a query");
  if (url.hash !== "" || redirectUri.includes("#")) return bad("must not contain a fragment");
  return { ok: true, redirectUri };
}
