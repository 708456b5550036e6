/** A Map whose entries expire; expired entries are dropped on read and swept now and then. */
export class TtlMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private writes = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= this.clock()) {
      this.entries.delete(key);
      return undefined;
    }
    return e.value;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V, ttlMs: number): void {
    this.entries.set(key, { value, expiresAt: this.clock() + ttlMs });
    if (++this.writes % 256 === 0) this.sweep();
  }

  /** Replaces the value, keeping the expiry. */
  replace(key: string, value: V): void {
    const e = this.entries.get(key);
    if (e) e.value = value;
  }

  expire(key: string, ttlMs: number): void {
    const e = this.entries.get(key);
    if (e) e.expiresAt = this.clock() + ttlMs;
  }

  delete(key: string): boolean {
    const existed = this.has(key);
    this.entries.delete(key);
    return existed;
  }

  private sweep(): void {
    const now = this.clock();
    for (const [k, e] of this.entries) if (e.expiresAt <= now) this.entries.delete(k);
  }
}
