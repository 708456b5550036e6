/**
 * The pending (not yet finished) sessions of each client, so that one client
 * cannot fill the server with sessions (RFC 6819 §4.4.1.11). A session counts
 * from StartAuthorization until its flow ends (consent decided, or ended on
 * the way) or it expires. Members are flow ids (not secret: they name the
 * flow's hash tag); times are epoch milliseconds passed in by the caller.
 */
export interface PendingSessions {
  /**
   * Atomically: forgets the client's pending sessions that expired at `now`,
   * then admits `flowId` (pending until `expiresAt`) unless the client already
   * has `max` pending. Of any number of parallel calls at most `max` admit.
   * `ttlMs` (≥ the session lifetime) is how long the client's count is kept.
   */
  admit(clientId: string, flowId: string, now: number, expiresAt: number, max: number, ttlMs: number): Promise<boolean>;
  /** The flow stopped being pending (finished, or its session was never stored). */
  release(clientId: string, flowId: string): Promise<void>;
  /** The client's pending sessions at `now` (for tests and operators). */
  count(clientId: string, now: number): Promise<number>;
}
