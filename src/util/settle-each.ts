import { mapConcurrent } from './map-concurrent';

/**
 * Runs `fn` per key with bounded concurrency, turning a key's failure into
 * its slot's Error: DataLoader's per-key contract, for backends that have no
 * batch read and answer one GET per key.
 */
export async function settleEach<K, V>(keys: readonly K[], concurrency: number, fn: (key: K) => Promise<V>): Promise<Array<V | Error>> {
  return mapConcurrent(keys, concurrency, async (key) => {
    try {
      return await fn(key);
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  });
}
