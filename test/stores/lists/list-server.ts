/**
 * A real local HTTP(S) server that publishes lists the way a stelselnode
 * would: ETag and Last-Modified on every answer, 304 for a matching
 * conditional request. Tests change what it serves and how it behaves.
 */
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ListKind } from "../../../src/protocol/lists/model.js";

export type Behaviour = "normal" | "error-500" | "hang" | "redirect" | "huge" | "no-etag";

export interface RecordedRequest {
  readonly path: string;
  readonly ifNoneMatch: string | undefined;
  readonly ifModifiedSince: string | undefined;
  readonly status: number;
}

export interface ListServer {
  readonly origin: string;
  url(kind: ListKind): string;
  publish(kind: ListKind, xml: string): void;
  behaviour: Behaviour;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startListServer(tls?: { key: string; cert: string }): Promise<ListServer> {
  const docs = new Map<string, { xml: string; etag: string; lastModified: string }>();
  const requests: RecordedRequest[] = [];
  let version = 0;
  const handler: http.RequestListener = (req, res) => {
    const reqPath = req.url ?? "/";
    const record = (status: number) =>
      requests.push({ path: reqPath, ifNoneMatch: req.headers["if-none-match"], ifModifiedSince: req.headers["if-modified-since"], status });
    switch (server.behaviour) {
      case "hang":
        record(0);
        return; // never answers
      case "error-500":
        record(500);
        res.writeHead(500).end("boom");
        return;
      case "redirect":
        record(302);
        res.writeHead(302, { location: "https://elsewhere.example.nl/list.xml" }).end();
        return;
      case "huge":
        record(200);
        res.writeHead(200, { "content-type": "application/xml" });
        res.end("<Whitelist>" + "x".repeat(64 * 1024) + "</Whitelist>");
        return;
    }
    const doc = docs.get(reqPath);
    if (!doc) {
      record(404);
      res.writeHead(404).end();
      return;
    }
    const useEtag = server.behaviour !== "no-etag";
    const notModified = useEtag ? req.headers["if-none-match"] === doc.etag : req.headers["if-modified-since"] === doc.lastModified;
    const headers: Record<string, string> = { "content-type": "application/xml", "last-modified": doc.lastModified };
    if (useEtag) headers.etag = doc.etag;
    if (notModified) {
      record(304);
      res.writeHead(304, headers).end();
      return;
    }
    record(200);
    res.writeHead(200, headers).end(doc.xml);
  };
  const raw = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
  const port = (raw.address() as AddressInfo).port;
  const origin = `${tls ? "https" : "http"}://${tls ? "localhost" : "127.0.0.1"}:${port}`;
  const server: ListServer = {
    origin,
    url: (kind) => `${origin}/lists/${kind}.xml`,
    publish(kind, xml) {
      version++;
      docs.set(`/lists/${kind}.xml`, {
        xml,
        etag: `"${createHash("sha256").update(xml).digest("hex").slice(0, 16)}"`,
        lastModified: new Date(Date.UTC(2026, 0, 1) + version * 1000).toUTCString(),
      });
    },
    behaviour: "normal",
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        raw.close(() => resolve());
        raw.closeAllConnections();
      }),
  };
  return server;
}

/** A self-signed certificate for localhost and 127.0.0.1, made by openssl for this test run. */
export function makeCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "medmij-cert-"));
  try {
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
      "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"), "-days", "1",
      "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
    ], { stdio: "pipe" });
    return { key: readFileSync(path.join(dir, "key.pem"), "utf8"), cert: readFileSync(path.join(dir, "cert.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
