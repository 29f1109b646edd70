/**
 * Trusted documents: with PERSISTED_OPERATIONS=path/to/manifest.json the
 * gateway runs only the operations in that manifest (hash -> document, as
 * written by `npm run operations:manifest`), and refuses any other document
 * with PERSISTED_QUERY_NOT_IN_LIST.
 */
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import { ConfigError } from '../config';

export function loadManifest(path: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`PERSISTED_OPERATIONS: cannot read ${path} (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('PERSISTED_OPERATIONS must be a JSON object of hash -> document');
  }
  const entries = Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
  return new Map(entries);
}

export function usePersistedOperationsFromFile(path: string): Plugin {
  const manifest = loadManifest(path);
  return usePersistedOperations({
    getPersistedOperation: (key) => manifest.get(key) ?? null,
    allowArbitraryOperations: false,
  });
}
