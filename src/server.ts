/**
 * One port, every protocol: gRPC over HTTP/2 cleartext (prior knowledge),
 * and gRPC-Web and Connect over HTTP/1.1 and HTTP/2.
 *
 * `http2.createServer` without TLS cannot answer HTTP/1.1 (there is no ALPN
 * to negotiate with), so a plain `net.Server` accepts each connection, looks
 * at its first bytes for the HTTP/2 connection preface ("PRI * HTTP/2.0…")
 * and hands the socket to an http2 or an http1 server. Both run the same
 * Connect handler; paths that are not RPCs go to `fallback` (the gateways).
 */
import * as http from "node:http";
import * as http2 from "node:http2";
import { setMaxListeners } from "node:events";
import * as net from "node:net";
import type { AddressInfo } from "node:net";
import { Code, ConnectError, type ConnectRouter, type Interceptor } from "@connectrpc/connect";
import { connectNodeAdapter } from "@connectrpc/connect-node";
import type { HttpHandler, HttpResponse } from "./gateway/index.js";

const SNIFF_TIMEOUT_MS = 10_000;
const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", "latin1");

export interface BuildServerOptions {
  readonly routes: (router: ConnectRouter) => void;
  readonly interceptors?: readonly Interceptor[];
  /** Answers every request that is not an RPC (the HTTP gateways); 404 when absent. */
  readonly fallback?: HttpHandler;
  /** Largest accepted request message (default 4 MiB), so that no client can make us buffer gigabytes. */
  readonly readMaxBytes?: number;
  /** How long close() lets in-flight requests finish before it cuts connections (default 5000 ms). */
  readonly closeGraceMs?: number;
}

export interface Server {
  /** Starts listening; resolves with the bound address (port 0 picks a free port). */
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** The bound address; throws before listen(). */
  address(): AddressInfo;
  /**
   * Stops accepting connections, aborts the context signal of running
   * handlers (ending server streams), sends GOAWAY to HTTP/2 sessions, lets
   * in-flight requests finish and destroys whatever remains after the grace
   * period. Resolves when every connection is gone.
   */
  close(): Promise<void>;
  /** The listening socket server (for tests and tools). */
  readonly netServer: net.Server;
}

export function buildServer(options: BuildServerOptions): Server {
  const shutdown = new AbortController();
  // Every call in flight listens on it; more than ten at once is normal, not a leak.
  setMaxListeners(0, shutdown.signal);
  const handler = connectNodeAdapter({
    routes: options.routes,
    interceptors: [...(options.interceptors ?? [])],
    // connect-node types its responses narrower than node's; at run time they are node's own objects.
    fallback: options.fallback ? (req, res) => options.fallback!(req, res as unknown as HttpResponse) : undefined,
    readMaxBytes: options.readMaxBytes ?? 4 * 1024 * 1024,
    shutdownSignal: shutdown.signal,
  });
  const graceMs = options.closeGraceMs ?? 5000;

  const h1 = http.createServer(handler);
  // node starts the HTTP/1 headersTimeout/requestTimeout checks (slow-client
  // protection) on "listening"; this server never listens itself.
  h1.emit("listening");
  const h2 = http2.createServer({}, handler);
  const sockets = new Set<net.Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();
  /** In-flight HTTP/1 requests per socket, so that close() can end idle keep-alive connections at once. */
  const active = new Map<net.Socket, number>();
  const h2Sockets = new WeakSet<net.Socket>();
  let closing = false;

  h2.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
    if (closing) session.close();
  });
  // A broken HTTP/2 client must not take the process down.
  h2.on("sessionError", () => {});
  h1.on("request", (req, res) => {
    const socket = req.socket;
    active.set(socket, (active.get(socket) ?? 0) + 1);
    if (closing) res.setHeader("Connection", "close");
    res.once("close", () => {
      const n = (active.get(socket) ?? 1) - 1;
      active.set(socket, n);
      if (closing && n === 0) socket.destroySoon();
    });
  });
  // No "clientError" listener: node's own answers 400, 408 or 431 and closes the connection.

  const netServer = net.createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => {
      sockets.delete(socket);
      active.delete(socket);
    });
    dispatch(socket);
  });

  function dispatch(socket: net.Socket): void {
    let seen: Buffer = Buffer.alloc(0);
    const onError = () => socket.destroy();
    const onTimeout = () => socket.destroy();
    const onData = (chunk: Buffer) => {
      seen = seen.length === 0 ? chunk : Buffer.concat([seen, chunk]);
      const n = Math.min(seen.length, PREFACE.length);
      const prefix = seen.subarray(0, n).equals(PREFACE.subarray(0, n));
      // Still a prefix of the preface but too short to tell: wait for more bytes.
      if (prefix && n < PREFACE.length) return;
      socket.off("data", onData);
      socket.off("error", onError);
      socket.setTimeout(0);
      socket.off("timeout", onTimeout);
      socket.pause();
      socket.unshift(seen);
      if (prefix) {
        // The native HTTP/2 session takes over the socket and first reads what is buffered.
        h2Sockets.add(socket);
        h2.emit("connection", socket);
      } else {
        h1.emit("connection", socket);
        socket.resume();
      }
    };
    socket.on("error", onError);
    socket.on("data", onData);
    // A connection that never says which protocol it speaks is not kept open.
    socket.setTimeout(SNIFF_TIMEOUT_MS, onTimeout);
  }

  let listening = false;
  let closed: Promise<void> | undefined;
  return {
    netServer,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        netServer.once("error", reject);
        netServer.listen(port, host, () => {
          netServer.off("error", reject);
          listening = true;
          resolve(netServer.address() as AddressInfo);
        });
      });
    },
    address() {
      const a = netServer.address();
      if (!a || typeof a === "string") throw new Error("server is not listening");
      return a;
    },
    close() {
      return (closed ??= closeNow());
    },
  };

  async function closeNow(): Promise<void> {
    closing = true;
    const stopped = listening ? new Promise<void>((resolve) => netServer.close(() => resolve())) : Promise.resolve();
    shutdown.abort(new ConnectError("the server is shutting down", Code.Unavailable));
    h1.close(); // stops its timeout checks; its connections are handled below
    for (const session of sessions) session.close();
    for (const socket of sockets) {
      // HTTP/1 sockets without a request in flight (keep-alive or not yet dispatched) can go now.
      if (!h2Sockets.has(socket) && (active.get(socket) ?? 0) === 0) socket.destroy();
    }
    const timer = setTimeout(() => {
      for (const session of sessions) session.destroy();
      for (const socket of sockets) socket.destroy();
    }, graceMs);
    timer.unref();
    await stopped;
    clearTimeout(timer);
  }
}
