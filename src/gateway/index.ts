/**
 * The HTTP gateways (provider side, PGO side, demo pages) as one request
 * handler. They reach the core only through generated clients over
 * `transport`, so they can run in another process.
 *
 * Placeholder until the gateways are built: every path answers 404.
 */
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
}

export function createGateway(_options: GatewayOptions): HttpHandler {
  return (_req, res) => {
    res.statusCode = 404;
    res.setHeader("Content-Type", "text/plain; charset=utf-8");
    res.end("Not found\n");
  };
}
