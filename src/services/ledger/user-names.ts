/**
 * ArcGIS user names by credential fingerprint, kept across requests for a
 * few minutes, so that the ledger names the caller of a write without asking
 * `community/self` on every request. That answer lists every group of the
 * user (44 KB for the benchmark's Alice), and with the ledger on it was one
 * of the four calls a plain shareItem made. A token's user never changes; a
 * token that stops working fails its own calls, whatever name is kept here.
 *
 * Only the keyed fingerprint (src/ledger/fingerprint.ts) is a key, never the
 * credential; the cache is bounded (lru-cache) and lives as long as the
 * gateway, one per process.
 */
import { LRUCache } from 'lru-cache';

export interface UserNameCacheOptions {
  /** @default 10000 */
  max?: number;
  /** @default 300000 (five minutes) */
  ttlMs?: number;
}

export class UserNameCache {
  private readonly names: LRUCache<string, string>;

  constructor(options: UserNameCacheOptions = {}) {
    this.names = new LRUCache<string, string>({ max: options.max ?? 10_000, ttl: options.ttlMs ?? 300_000 });
  }

  get(fingerprint: string): string | undefined {
    return this.names.get(fingerprint);
  }

  set(fingerprint: string, userName: string): void {
    this.names.set(fingerprint, userName);
  }
}
