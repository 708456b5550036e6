import type { PendingSessions } from "./pending-sessions.js";

/** The embedded default: per client, flow id → expiry (ms). Each method runs without awaiting, so it is atomic here. */
export function createMemoryPendingSessions(): PendingSessions {
  const clients = new Map<string, Map<string, number>>();
  const of = (clientId: string) => clients.get(clientId.toLowerCase());
  const sweep = (flows: Map<string, number>, now: number) => {
    for (const [flowId, expiresAt] of flows) if (expiresAt <= now) flows.delete(flowId);
  };
  return {
    async admit(clientId, flowId, now, expiresAt, max) {
      let flows = of(clientId);
      if (!flows) clients.set(clientId.toLowerCase(), (flows = new Map()));
      // Sweeping only at the cap keeps the usual admit O(1); the map never exceeds `max`.
      if (flows.size >= max) sweep(flows, now);
      if (flows.size >= max) return false;
      flows.set(flowId, expiresAt);
      return true;
    },
    async release(clientId, flowId) {
      const flows = of(clientId);
      flows?.delete(flowId);
      if (flows?.size === 0) clients.delete(clientId.toLowerCase());
    },
    async count(clientId, now) {
      const flows = of(clientId);
      if (!flows) return 0;
      sweep(flows, now);
      return flows.size;
    },
  };
}
