import type { FlowKey } from "../../protocol/authorization/secrets.js";
import type { AuthorizationSession } from "../../protocol/authorization/session.js";

/**
 * Authorization sessions, one per flow, found by the flow id of the session id
 * and checked against the SHA-256 hash of the whole session id (the id itself
 * is never stored): a wrong hash reads as an unknown session. Replacement is
 * compare-and-set on the version, so two parallel steps on one session cannot
 * both succeed.
 */
export interface SessionStore {
  /** Stores a new session; false when the flow already has one. */
  create(key: FlowKey, session: AuthorizationSession, ttlMs: number): Promise<boolean>;
  /** The session, or undefined when unknown, expired or the hash does not match. */
  get(key: FlowKey): Promise<AuthorizationSession | undefined>;
  /** Replaces the session if the hash matches and its stored version is `expectedVersion`; keeps the expiry. */
  replace(key: FlowKey, expectedVersion: number, next: AuthorizationSession): Promise<boolean>;
}
