/**
 * Runs the whole demo service in-process (startService with the embedded
 * defaults) on a free port known in advance, because the demo URLs
 * (http://pgo.localhost:PORT/pgo/callback) contain it.
 */
import net from "node:net";
import { loadConfig } from "../../../src/config.js";
import { createLogger } from "../../../src/log.js";
import { startService, type RunningService } from "../../../src/service.js";

export interface DemoService {
  readonly port: number;
  readonly pgo: string;
  readonly dva: string;
  readonly logLines: string[];
  readonly service: RunningService;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** env: extra settings on top of the embedded defaults (e.g. REDIS_URL + DEMO_MODE=true). */
export async function startDemoService(env: Record<string, string> = {}): Promise<DemoService> {
  const logLines: string[] = [];
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      const config = loadConfig({ NODE_ENV: "test", PORT: String(port), ...env });
      const service = await startService(config, {
        logger: createLogger("debug", { service: "medmij-oauth" }, (line) => logLines.push(line)),
        print: () => {},
        closeGraceMs: 500,
      });
      return {
        port: service.port,
        pgo: `http://pgo.localhost:${service.port}`,
        dva: `http://dva.localhost:${service.port}`,
        logLines,
        service,
        close: () => service.close(),
      };
    } catch (e) {
      lastError = e; // the port was taken in between: try another
    }
  }
  throw lastError;
}
