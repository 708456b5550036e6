/**
 * What the stores keep besides sessions: the authorization code, the access
 * token and the consent log entry. Secrets are absent — codes and tokens are
 * found by their flow id and SHA-256 hash (secrets.ts FlowKey), the BSN is
 * encrypted (subject) or an HMAC (subjectHash).
 */
export interface Grant {
  readonly sessionReference: string;
  readonly clientId: string;
  readonly redirectUri: string;
  /** The granted scope. */
  readonly scope: string;
  readonly providerName: string;
  readonly dataServiceIds: readonly string[];
  /** The BSN, encrypted (subject-crypto.ts, context = sessionReference). */
  readonly subject: string;
  readonly correlationId?: string;
}

export interface CodeRecord extends Grant {
  /** "" when the authorization request had no code_challenge. */
  readonly codeChallenge: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
}

/** What a token request must match, checked atomically with consumption. */
export interface CodeBinding {
  readonly clientId: string;
  readonly redirectUri: string;
  /** S256 of the code_verifier, or "" when none was sent. */
  readonly codeChallenge: string;
}

export type CodeConsumption =
  | { readonly status: "consumed"; readonly record: CodeRecord }
  | { readonly status: "unknown" }
  /**
   * A second use. The token issued at the first use is revoked in the same
   * atomic step (tokenRevoked), or, when it has not been saved yet, can no
   * longer be saved.
   */
  | { readonly status: "already_used"; readonly tokenRevoked: boolean }
  /** The code is not consumed: the request does not match it. */
  | { readonly status: "mismatch"; readonly field: "client_id" | "redirect_uri" | "code_verifier"; readonly codeHadChallenge: boolean };

export interface TokenRecord extends Grant {
  readonly issuedAt: string;
  readonly expiresAt: string;
}

export interface ConsentEntry {
  readonly decidedAt: string;
  readonly clientId: string;
  readonly scope: string;
  readonly decision: "allow" | "deny";
  readonly sessionReference: string;
  readonly subjectHash: string;
}
