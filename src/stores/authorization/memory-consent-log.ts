import type { ConsentEntry } from "../../protocol/authorization/records.js";
import { CONSENT_LOG_MAX_ENTRIES, CONSENT_LOG_RETENTION_MS, type ConsentLog } from "./consent-log.js";

/** The embedded default: the consent log in this process, oldest first internally. */
export function createMemoryConsentLog(options: { clock?: () => number; maxEntries?: number; retentionMs?: number } = {}): ConsentLog {
  const clock = options.clock ?? Date.now;
  const max = options.maxEntries ?? CONSENT_LOG_MAX_ENTRIES;
  const retention = options.retentionMs ?? CONSENT_LOG_RETENTION_MS;
  const rows: { seq: number; at: number; entry: ConsentEntry }[] = [];
  let seq = 0;
  return {
    async append(entry) {
      const now = clock();
      rows.push({ seq: ++seq, at: now, entry: structuredClone(entry) });
      while (rows.length > max || (rows[0] && rows[0].at + retention <= now)) rows.shift();
    },
    async list({ pageSize, after, clientId }) {
      const client = clientId?.toLowerCase();
      const out: { seq: number; entry: ConsentEntry }[] = [];
      for (let i = rows.length - 1; i >= 0 && out.length <= pageSize; i--) {
        const r = rows[i]!;
        if (after !== undefined && r.seq >= after) continue;
        if (client !== undefined && r.entry.clientId.toLowerCase() !== client) continue;
        out.push(r);
      }
      const more = out.length > pageSize;
      const page = out.slice(0, pageSize);
      return { entries: page.map((r) => structuredClone(r.entry)), next: more ? page[page.length - 1]!.seq : undefined };
    },
  };
}
