/**
 * Runs a built entry point (dist/demo.js or dist/main.js) as a child process,
 * through the dev spawner the soak run and the benchmark use too, and waits
 * until it prints where it listens.
 */
import path from 'node:path';
import { spawnNode } from '../../src/dev/spawn';
import type { SpawnedNode } from '../../src/dev/spawn';

export interface Spawned extends SpawnedNode {
  url: string;
}

export const DIST = path.resolve(__dirname, '../../dist');

/** `env` is all the child gets, besides PATH. */
export async function spawnBuilt(entry: 'demo.js' | 'main.js', env: Record<string, string>, urlPattern = /(http:\/\/\S+\/graphql)/): Promise<Spawned> {
  const spawned = await spawnNode(path.join(DIST, entry), { env: { PATH: process.env.PATH ?? '', ...env }, ready: urlPattern });
  return { ...spawned, url: spawned.match[1]! };
}
