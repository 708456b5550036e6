import { readFileSync } from "node:fs";
import { Lists } from "../../gen/medmij/lists/v1/lists_pb.js";
import { ConfigError, projectPath } from "../config.js";
import { createListSource, ListSourceConfigError, type ListSource } from "../adapters/list-source.js";
import { LIST_SCHEMAS } from "../protocol/lists/list-schemas.js";
import { LIST_KINDS, type ListKind, type ListsView } from "../protocol/lists/model.js";
import { createListsService } from "../rpc/lists.js";
import { createDiskLastGoodStore } from "../stores/lists/disk-last-good-store.js";
import type { LastGoodStore } from "../stores/lists/last-good-store.js";
import { ListHolder } from "../stores/lists/list-holder.js";
import { createMemoryLastGoodStore } from "../stores/lists/memory-last-good-store.js";
import { createOffThreadParser } from "../stores/lists/parse-off-thread.js";
import { createRedisLastGoodStore } from "../stores/lists/redis-last-good-store.js";
import type { Infra, WiredRole } from "./infra.js";

/**
 * Builds the list holder (always: the other roles read it) and, when the
 * "lists" role is on, the Lists service. A list without a source (demo mode)
 * is the bundled demo/lists/MedMij_<Kind>.xml. Last good copies go to Redis
 * when there is one, else to disk; with only bundled lists there is nothing
 * worth keeping, so they stay in memory.
 */
export async function wireLists(infra: Infra): Promise<{ view: ListsView; role: WiredRole; holder: ListHolder }> {
  const { config, logger } = infra;
  const cfg = config.lists;
  let caPem: string | undefined;
  if (cfg.caFile) {
    try {
      caPem = readFileSync(cfg.caFile, "utf8");
    } catch (e) {
      throw new ConfigError(`LIST_CA_FILE: cannot read ${cfg.caFile}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  const options = { allowHttp: cfg.allowHttp, timeoutMs: cfg.fetchTimeoutMs, maxBytes: cfg.maxBytes, caPem };
  const sources = {} as Record<ListKind, ListSource>;
  for (const kind of LIST_KINDS) {
    const configured = cfg.sources.find((s) => s.kind === kind)?.source;
    const location = configured ?? bundledListPath(kind);
    try {
      sources[kind] = createListSource(location, options);
    } catch (e) {
      if (e instanceof ListSourceConfigError) throw new ConfigError(e.message);
      throw e;
    }
  }
  const allBundled = LIST_KINDS.every((k) => cfg.sources.find((s) => s.kind === k)?.source === undefined);
  const lastGood: LastGoodStore = infra.redis
    ? createRedisLastGoodStore(infra.redis, config.redis.keyPrefix)
    : allBundled
      ? createMemoryLastGoodStore()
      : createDiskLastGoodStore(cfg.cacheDir);
  const holder = new ListHolder({
    sources,
    lastGood,
    logger: logger.child({ component: "lists" }),
    now: infra.now,
    maxBytes: cfg.maxBytes,
    refreshIntervalMs: cfg.refreshIntervalSeconds * 1000,
    parse: createOffThreadParser((reason) => logger.warn("list parser worker unavailable; parsing in the main thread", { reason })),
  });
  await holder.start();
  const summary: Record<string, string> = { "lists.lastGood": lastGood.description };
  for (const s of holder.status()) {
    summary[`lists.${s.kind}`] = s.loaded ? `Volgnummer ${s.volgnummer} from ${s.source}` : `not loaded (${s.lastError ?? "no copy"})`;
  }
  return {
    view: holder.view,
    holder,
    role: {
      register: (router) => router.service(Lists, createListsService({ holder })),
      serviceNames: [Lists.typeName],
      summary,
      close: () => holder.close(),
    },
  };
}

/** demo/lists/MedMij_<Kind>.xml in the project (found alike from src/ and a compiled dist/ tree). */
export function bundledListPath(kind: ListKind): string {
  return projectPath("demo", "lists", `${LIST_SCHEMAS[kind].fileName}.xml`);
}
