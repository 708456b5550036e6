import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse } from "node:http2";
import type { Transport } from "@connectrpc/connect";
import type { Logger } from "../log.js";

export type HttpRequest = IncomingMessage | Http2ServerRequest;
export type HttpResponse = ServerResponse | Http2ServerResponse;
export type HttpHandler = (req: HttpRequest, res: HttpResponse) => void;

export interface GatewayOptions {
  /** Reaches AuthorizationServer, PgoClient and Lists. */
  readonly transport: Transport;
  readonly logger: Logger;
  /** Mock DigiD, demo pages, http on *.localhost. */
  readonly demoMode: boolean;
  /** The port the server listens on (for demo links such as http://pgo.localhost:PORT/). */
  readonly publicPort: number;
  /** Secure cookies (off only in demo mode, which runs on plain http). */
  readonly secureCookies: boolean;
  /** Which gateways to mount. */
  readonly provider: boolean;
  readonly pgo: boolean;
  /**
   * Key for the gateway's own CSRF tokens (mock DigiD form, PGO start form).
   * Random per process when absent; several gateway instances behind one
   * load balancer must share one.
   */
  readonly csrfSecret?: Uint8Array;
  /** The demo data folder (availability-registry.json, fhir/); the bundled demo/ by default. */
  readonly demoDir?: string;
  /** Largest accepted request body (default 16 KiB). */
  readonly maxBodyBytes?: number;
  /** Timeout of the PGO gateway's resource request (default 30 s). */
  readonly resourceTimeoutMs?: number;
}
