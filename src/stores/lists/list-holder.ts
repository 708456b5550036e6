/**
 * The in-process holder of the four lists. It loads the last good copies
 * first (so it starts without network), then fetches every source, and
 * refreshes on an interval. A fetched copy replaces the loaded one only when
 * it is valid and its Volgnummer is higher; otherwise the loaded copy stays,
 * and the refusal is logged, kept in the status and announced to watchers.
 * Nothing a source sends can make it throw.
 *
 * view.current() is called on every request of the flow services: it returns
 * a prepared, frozen snapshot and does no work.
 */
import type { FetchConditions, ListSource } from "../../adapters/list-source.js";
import { decideReplacement } from "../../protocol/lists/decide-replacement.js";
import { formatListError } from "../../protocol/lists/list-error.js";
import { LIST_KINDS, type ListKind, type ListSnapshot, type ListsView, type MedMijList } from "../../protocol/lists/model.js";
import { entryCount } from "../../protocol/lists/parse-list.js";
import type { Logger } from "../../log.js";
import type { LastGoodStore } from "./last-good-store.js";
import { parseInThread, type ListParser } from "./parse-off-thread.js";

export interface ListStatusInfo {
  readonly kind: ListKind;
  readonly loaded: boolean;
  readonly volgnummer: number | undefined;
  readonly tijdstempel: string | undefined;
  readonly source: string;
  readonly fetchedAt: Date | undefined;
  readonly lastAttemptAt: Date | undefined;
  readonly lastError: string | undefined;
  readonly entryCount: number;
}

export type ListChange =
  | { readonly event: "updated" | "refused"; readonly status: ListStatusInfo }
  | { readonly event: "closed" };

/** What the Lists service and the flow services use. */
export interface ListsHolder {
  readonly view: ListsView;
  /** One status per list, in LIST_KINDS order. */
  status(): ListStatusInfo[];
  /** Calls `listener` for every change until the returned function is called; "closed" is the last call. */
  subscribe(listener: (change: ListChange) => void): () => void;
  /** Fetches now (one list or all); never rejects. */
  refresh(kind?: ListKind): Promise<void>;
  readonly closed: boolean;
}

export interface ListHolderDeps {
  readonly sources: Readonly<Record<ListKind, ListSource>>;
  readonly lastGood: LastGoodStore;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly maxBytes: number;
  /** 0: no periodic refresh. */
  readonly refreshIntervalMs: number;
  /** Default: parse in this thread. Wiring passes createOffThreadParser() for large lists. */
  readonly parse?: ListParser;
}

interface Loaded {
  readonly list: MedMijList;
  readonly xml: string;
  readonly fetchedAt: Date;
}

interface State {
  loaded: Loaded | undefined;
  /** Conditions of the loaded copy, only when it came from the configured source. */
  conditions: FetchConditions;
  lastAttemptAt: Date | undefined;
  lastError: string | undefined;
  inflight: Promise<void> | undefined;
}

export class ListHolder implements ListsHolder {
  private snapshot: ListSnapshot = Object.freeze({});
  private readonly states = new Map<ListKind, State>();
  private readonly listeners = new Set<(change: ListChange) => void>();
  private timer: NodeJS.Timeout | undefined;
  private background: Promise<unknown> = Promise.resolve();
  private isClosed = false;
  /** Cancels fetches still running when close() is called. */
  private readonly closing = new AbortController();

  readonly view: ListsView = { current: () => this.snapshot };
  private readonly parse: ListParser;

  constructor(private readonly deps: ListHolderDeps) {
    this.parse = deps.parse ?? parseInThread;
    for (const kind of LIST_KINDS) {
      this.states.set(kind, { loaded: undefined, conditions: {}, lastAttemptAt: undefined, lastError: undefined, inflight: undefined });
    }
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /**
   * Loads the last good copies, then fetches every source: it waits for the
   * lists that have no copy yet, and refreshes the others in the background.
   */
  async start(): Promise<void> {
    await Promise.all(LIST_KINDS.map((kind) => this.loadLastGood(kind)));
    const waits: Promise<void>[] = [];
    for (const kind of LIST_KINDS) {
      const p = this.refresh(kind);
      if (this.state(kind).loaded) this.background = Promise.all([this.background, p]);
      else waits.push(p);
    }
    await Promise.all(waits);
    if (this.deps.refreshIntervalMs > 0 && !this.isClosed) {
      this.timer = setInterval(() => void this.refresh(), this.deps.refreshIntervalMs);
      this.timer.unref();
    }
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closing.abort();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([this.background, ...[...this.states.values()].map((s) => s.inflight)]);
    for (const l of [...this.listeners]) this.notify(l, { event: "closed" });
    this.listeners.clear();
  }

  status(): ListStatusInfo[] {
    return LIST_KINDS.map((kind) => this.statusOf(kind));
  }

  subscribe(listener: (change: ListChange) => void): () => void {
    if (this.isClosed) {
      this.notify(listener, { event: "closed" });
      return () => {};
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  refresh(kind?: ListKind): Promise<void> {
    if (kind === undefined) return Promise.all(LIST_KINDS.map((k) => this.refresh(k))).then(() => undefined);
    const s = this.state(kind);
    if (this.isClosed) return Promise.resolve();
    if (!s.inflight) {
      s.inflight = this.fetchAndApply(kind)
        .catch((e: unknown) => this.deps.logger.error("list refresh failed unexpectedly", { list: kind, error: e instanceof Error ? e : String(e) }))
        .finally(() => {
          s.inflight = undefined;
        });
    }
    return s.inflight;
  }

  private state(kind: ListKind): State {
    return this.states.get(kind)!;
  }

  private statusOf(kind: ListKind): ListStatusInfo {
    const s = this.state(kind);
    const list = s.loaded?.list;
    return Object.freeze({
      kind,
      loaded: list !== undefined,
      volgnummer: list?.volgnummer,
      tijdstempel: list?.tijdstempel,
      source: this.deps.sources[kind].location,
      fetchedAt: s.loaded?.fetchedAt,
      lastAttemptAt: s.lastAttemptAt,
      lastError: s.lastError,
      entryCount: list ? entryCount(list) : 0,
    });
  }

  private async loadLastGood(kind: ListKind): Promise<void> {
    const source = this.deps.sources[kind].location;
    try {
      const entry = await this.deps.lastGood.load(kind);
      if (!entry) return;
      const parsed = await this.parse(Buffer.from(entry.xml, "utf8"), { expectedKind: kind, maxBytes: this.deps.maxBytes });
      if (!parsed.ok) {
        this.deps.logger.warn("stored last good list is not valid; ignored", { list: kind, reason: parsed.errors.slice(0, 3).map(formatListError).join("; ") });
        return;
      }
      const fetchedAt = new Date(entry.fetchedAt);
      this.install(kind, { list: parsed.list, xml: entry.xml, fetchedAt: Number.isNaN(fetchedAt.getTime()) ? this.deps.now() : fetchedAt });
      if (entry.source === source) this.state(kind).conditions = { etag: entry.etag, lastModified: entry.lastModified };
      this.deps.logger.info("list loaded from last good copy", { list: kind, volgnummer: parsed.list.volgnummer, store: this.deps.lastGood.description });
    } catch (e) {
      this.deps.logger.warn("could not read the last good list", { list: kind, error: e instanceof Error ? e : String(e) });
    }
  }

  private async fetchAndApply(kind: ListKind): Promise<void> {
    const s = this.state(kind);
    const source = this.deps.sources[kind];
    s.lastAttemptAt = this.deps.now();
    let fetched;
    try {
      fetched = await source.fetch(s.loaded ? s.conditions : {}, this.closing.signal);
    } catch (e) {
      if (this.isClosed) return;
      return this.refuse(kind, `fetch failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (this.isClosed) return;
    if (fetched.kind === "not-modified") {
      s.lastError = undefined;
      return;
    }
    const parsed = await this.parse(fetched.body, { expectedKind: kind, maxBytes: this.deps.maxBytes });
    if (this.isClosed) return;
    if (!parsed.ok) {
      const shown = parsed.errors.slice(0, 5).map(formatListError).join("; ");
      const more = parsed.errors.length > 5 ? ` (and ${parsed.errors.length - 5} more)` : "";
      return this.refuse(kind, `invalid list: ${shown}${more}`);
    }
    const xml = fetched.body.toString("utf8");
    const decision = decideReplacement(s.loaded, { list: parsed.list, xml });
    const conditions = { etag: fetched.etag, lastModified: fetched.lastModified };
    if (decision.action === "refuse") return this.refuse(kind, decision.reason);
    s.lastError = undefined;
    s.conditions = conditions;
    if (decision.action === "unchanged") return;
    const fetchedAt = this.deps.now();
    this.install(kind, { list: parsed.list, xml, fetchedAt });
    this.deps.logger.info("list updated", { list: kind, volgnummer: parsed.list.volgnummer, source: source.location });
    try {
      await this.deps.lastGood.save(kind, { xml, source: source.location, fetchedAt: fetchedAt.toISOString(), ...conditions });
    } catch (e) {
      this.deps.logger.warn("could not save the last good list", { list: kind, error: e instanceof Error ? e : String(e) });
    }
    this.emit({ event: "updated", status: this.statusOf(kind) });
  }

  private install(kind: ListKind, loaded: Loaded): void {
    this.state(kind).loaded = loaded;
    this.snapshot = Object.freeze({ ...this.snapshot, [kind]: loaded.list });
  }

  private refuse(kind: ListKind, reason: string): void {
    const s = this.state(kind);
    s.lastError = reason;
    this.deps.logger.warn("list refused; the loaded copy stays", {
      list: kind,
      source: this.deps.sources[kind].location,
      loadedVolgnummer: s.loaded?.list.volgnummer ?? null,
      reason,
    });
    this.emit({ event: "refused", status: this.statusOf(kind) });
  }

  private emit(change: ListChange): void {
    for (const l of [...this.listeners]) this.notify(l, change);
  }

  private notify(listener: (change: ListChange) => void, change: ListChange): void {
    try {
      listener(change);
    } catch (e) {
      this.deps.logger.error("list watcher failed", { error: e instanceof Error ? e : String(e) });
    }
  }
}
