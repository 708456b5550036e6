import type { CodeBinding, CodeConsumption, CodeRecord } from "../../protocol/authorization/records.js";
import type { FlowKey } from "../../protocol/authorization/secrets.js";

/**
 * Authorization codes, found by the code's flow id and SHA-256 hash. `consume`
 * is atomic (one Redis script over the keys of that one flow): of any number
 * of parallel calls for one code, exactly one gets "consumed". A consumed code
 * stays as a marker (for `usedTtlMs`) so that a second use is recognised; that
 * second use revokes the token issued from it (the flow's token slot, see
 * token-store.ts) in the same atomic step, or blocks its save when it has not
 * been saved yet. Implementations share the token slots with the TokenStore.
 */
export interface CodeStore {
  /** Stores a new code; false when it is already taken. */
  save(key: FlowKey, record: CodeRecord, ttlMs: number): Promise<boolean>;
  /**
   * Checks the binding and, when it matches, consumes the code and records
   * the hash of the token about to be issued from it (in the same flow). A
   * mismatch leaves the code unused. `usedTtlMs` (≥ the token lifetime) is how
   * long the used code, and a revocation marker, are kept.
   */
  consume(key: FlowKey, binding: CodeBinding, now: Date, usedTtlMs: number, tokenHash: string): Promise<CodeConsumption>;
}
