import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import { readFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { rootCertificates } from "node:tls";
import type { LookupFunction } from "node:net";
import { ProtocolError } from "../../protocol/errors.js";
import { isLocalhostName } from "../../protocol/pgo/rewrite-demo-endpoint.js";
import type { TokenClient, TokenRequest } from "./token-client.js";

export interface HttpTokenClientOptions {
  /** A PEM file whose CA certificates are trusted next to the system's (config.pgo.caFile). */
  caFile?: string | undefined;
  /** Demo mode: plain http is allowed to *.localhost hosts (and only to them). */
  allowHttpToLocalhost: boolean;
  /** Larger answers are refused (default 64 KiB). */
  maxResponseBytes?: number;
}

/**
 * RFC 6761: *.localhost is loopback. Node's resolver may ask the system,
 * which does not always know sub-names of localhost, so answer directly.
 */
export const localhostLookup: LookupFunction = (hostname, options, callback) => {
  if (isLocalhostName(hostname)) {
    if (options.all) (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [{ address: "127.0.0.1", family: 4 }]);
    else callback(null, "127.0.0.1", 4);
    return;
  }
  dnsLookup(hostname, options, callback as never);
};

/** POSTs token requests with node:http(s): verified TLS (1.2+), no redirects followed, no pooling, a hard deadline. */
export function createHttpTokenClient(opts: HttpTokenClientOptions): TokenClient {
  const ca = opts.caFile ? [...rootCertificates, readFileSync(opts.caFile, "utf8")] : undefined;
  const maxBytes = opts.maxResponseBytes ?? 64 * 1024;

  return {
    post(request: TokenRequest) {
      const { url } = request;
      const isHttps = url.protocol === "https:";
      if (!isHttps && !(url.protocol === "http:" && opts.allowHttpToLocalhost && isLocalhostName(url.hostname))) {
        return Promise.reject(transportError("TOKEN_ENDPOINT_NOT_HTTPS", "unavailable", "the token endpoint must be reached over https", url));
      }
      const body = new URLSearchParams(request.form).toString();
      const headers = {
        ...request.headers,
        "content-type": "application/x-www-form-urlencoded",
        "content-length": String(Buffer.byteLength(body)),
        accept: "application/json",
      };
      return new Promise((resolve, reject) => {
        let settled = false;
        const finish = (fn: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          fn();
        };
        const options: https.RequestOptions = {
          method: "POST",
          headers,
          agent: false,
          lookup: localhostLookup,
          ...(isHttps ? { rejectUnauthorized: true, minVersion: "TLSv1.2" as const, ...(ca ? { ca } : {}) } : {}),
        };
        const req = (isHttps ? https : http).request(url, options, (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on("data", (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              finish(() => reject(transportError("TOKEN_RESPONSE_TOO_LARGE", "failed_precondition", `the token endpoint's answer exceeds ${maxBytes} bytes`, url)));
              req.destroy();
              return;
            }
            chunks.push(chunk);
          });
          res.on("end", () =>
            finish(() =>
              resolve({
                status: res.statusCode ?? 0,
                contentType: res.headers["content-type"],
                body: Buffer.concat(chunks).toString("utf8"),
              }),
            ),
          );
          res.on("error", (e) => finish(() => reject(fromNetworkError(e, url))));
        });
        const timer = setTimeout(() => {
          finish(() =>
            reject(transportError("TOKEN_ENDPOINT_TIMEOUT", "deadline_exceeded", `the token endpoint did not answer within ${request.timeoutMs} ms`, url, {
              timeoutMs: String(request.timeoutMs),
            })),
          );
          req.destroy();
        }, request.timeoutMs);
        req.on("error", (e) => finish(() => reject(fromNetworkError(e, url))));
        req.end(body);
      });
    },
  };
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO|ERR_TLS|HOSTNAME|ERR_SSL|EPROTO/;

function fromNetworkError(e: Error & { code?: string }, url: URL): ProtocolError {
  const code = typeof e.code === "string" ? e.code : "UNKNOWN";
  if (TLS_CODES.test(code)) {
    return transportError("TOKEN_ENDPOINT_TLS_ERROR", "unavailable", "the token endpoint's TLS certificate could not be verified", url, { errorCode: code });
  }
  return transportError("TOKEN_ENDPOINT_UNREACHABLE", "unavailable", "the token endpoint could not be reached", url, { errorCode: code });
}

function transportError(
  reason: string,
  kind: "unavailable" | "deadline_exceeded" | "failed_precondition",
  description: string,
  url: URL,
  metadata: Record<string, string> = {},
): ProtocolError {
  return new ProtocolError({
    reason,
    kind,
    description,
    metadata: { host: url.hostname, ...metadata },
    oauth: {
      error: "temporarily_unavailable",
      disposition: "show",
      userMessage: "De zorgaanbieder kon niet worden bereikt om de toegang tot uw gegevens op te halen. Begin later opnieuw.",
    },
  });
}
