import type { TokenRecord } from "../../protocol/authorization/records.js";
import type { FlowKey } from "../../protocol/authorization/secrets.js";

/**
 * Access tokens: one slot per flow (a flow has one code, a code yields one
 * token), checked against the SHA-256 hash of the whole token. A revoked slot
 * stays as a marker until its TTL, so it cannot be filled again. The code
 * store writes that marker too when a code is used a second time.
 */
export interface TokenStore {
  /** Stores a new token; false when the flow's slot is taken or revoked. */
  save(key: FlowKey, record: TokenRecord, ttlMs: number): Promise<boolean>;
  /** The token record, or undefined when unknown, expired, revoked or the hash does not match. */
  get(key: FlowKey): Promise<TokenRecord | undefined>;
  /** Revokes the token; true when it was active. */
  revoke(key: FlowKey): Promise<boolean>;
}
