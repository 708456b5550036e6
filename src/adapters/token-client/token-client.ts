import type { TokenHttpResponse } from "../../protocol/pgo/validate-token-response.js";

export interface TokenRequest {
  /** Where to POST: the ZAL's token endpoint (demo-rewritten at most). */
  url: URL;
  /** Sent as application/x-www-form-urlencoded. */
  form: Record<string, string>;
  headers: Record<string, string>;
  /** The whole exchange must finish within this; no retry. */
  timeoutMs: number;
}

/**
 * The outbound port for FLOW 12: one POST, its answer as received (status,
 * content type, body). Transport failures (timeout, refused connection, TLS)
 * are thrown as ProtocolError; judging the answer is the protocol's job.
 */
export interface TokenClient {
  post(request: TokenRequest): Promise<TokenHttpResponse>;
}
