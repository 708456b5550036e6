/**
 * Part of the composition root (the "main" room): what every role's wiring
 * receives, and what it gives back to src/main.ts.
 */
import type { ConnectRouter } from "@connectrpc/connect";
import type { Redis, Cluster } from "ioredis";
import type { Config } from "../config.js";
import type { Logger } from "../log.js";

export interface Infra {
  readonly config: Config;
  readonly logger: Logger;
  /** The shared Redis connection, or undefined for the in-memory stores. */
  readonly redis: Redis | Cluster | undefined;
  readonly now: () => Date;
}

export interface WiredRole {
  /** Registers this role's services on the router. */
  register(router: ConnectRouter): void;
  /** Fully qualified names of the services registered (for health and reflection). */
  readonly serviceNames: readonly string[];
  /** Lines for the startup summary, e.g. { store: "redis", pkce: "optional" }. */
  readonly summary: Readonly<Record<string, string>>;
  /** Stops timers and connections this role owns. */
  close(): Promise<void>;
}
