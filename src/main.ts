/**
 * The process: read the configuration, start the service, stop it on
 * SIGTERM/SIGINT. Everything else lives in src/service.ts (startService),
 * which tests call directly.
 */
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createLogger } from "./log.js";
import { startService } from "./service.js";

let config: Config;
try {
  config = loadConfig();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(`medmij-oauth: configuration error: ${e.message}\n`);
  process.exit(1);
}

const logger = createLogger(config.logLevel, { service: "medmij-oauth" });
process.on("unhandledRejection", (e) => logger.error("unhandled rejection", { error: e instanceof Error ? e : String(e) }));

let service: Awaited<ReturnType<typeof startService>>;
try {
  service = await startService(config, { logger });
} catch (e) {
  process.stderr.write(`medmij-oauth: cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}

let stopping = false;
const stop = (signal: string) => {
  if (stopping) {
    logger.warn("second signal: exiting without waiting", { signal });
    process.exit(1);
  }
  stopping = true;
  logger.info("stopping", { signal });
  service.close().then(
    () => process.exit(0),
    (e: unknown) => {
      logger.error("stopping failed", { error: e instanceof Error ? e : String(e) });
      process.exit(1);
    },
  );
};
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
