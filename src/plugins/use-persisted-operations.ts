/**
 * Persisted queries, both ways, over the protocol Apollo Client
 * (`createPersistedQueryLink`) and urql (`persistedExchange`) speak: the
 * client sends `extensions.persistedQuery: {version: 1, sha256Hash}` without
 * the document; when the gateway answers PersistedQueryNotFound, it sends
 * the document with the hash, and later only the hash again
 * (https://github.com/apollographql/apollo-link-persisted-queries#protocol).
 *
 * - Without PERSISTED_OPERATIONS (automatic persisted queries): any
 *   document is run, and one sent with its hash is remembered under it
 *   (the hash is checked: sha256 of the document), so that the next request
 *   can send the hash alone.
 * - With PERSISTED_OPERATIONS=manifest.json (trusted documents): only the
 *   manifest's operations run. By their manifest hash; or sent as a
 *   document with its hash, as a client retries after PersistedQueryNotFound,
 *   when that document is a manifest operation up to layout and `__typename`
 *   fields. That is what Apollo Client sends (its cache adds `__typename` to
 *   every selection set, which changes the hash) and urql too (its
 *   cacheExchange does the same); such a hash is then remembered like an
 *   automatic one. A document without a hash never runs, listed or not.
 *
 * yoga's persisted-operations plugin, which this replaces, could not take a
 * listed document from a client whose transforms changed its hash, and had
 * no automatic mode. What is remembered is bounded: at most
 * REMEMBERED_MAX documents of at most REMEMBERED_MAX_LENGTH characters each,
 * the least recently used forgotten first; a longer one still runs, it is
 * only not remembered.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, print, visit } from 'graphql';
import { createGraphQLError } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';
import { ConfigError } from '../config';

export const REMEMBERED_MAX = 1000;
export const REMEMBERED_MAX_LENGTH = 16 * 1024;

/** A listed document longer than this is not looked at when sent as a document. */
const COMPARED_MAX_LENGTH = 64 * 1024;

export const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * A manifest: hash -> document, as `npm run operations:manifest` and
 * graphql-codegen's client preset (`persistedDocuments`) write it, or
 * Apollo's `@apollo/generate-persisted-query-manifest` format
 * (`{format: "apollo-persisted-query-manifest", version: 1, operations: [{id, body}]}`).
 */
export function loadManifest(path: string): Map<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigError(`PERSISTED_OPERATIONS: cannot read ${path} (${(err as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError('PERSISTED_OPERATIONS must be a JSON object of hash -> document, or an Apollo persisted-query manifest');
  }
  const record = parsed as Record<string, unknown>;
  if (record.format === 'apollo-persisted-query-manifest') {
    const operations = Array.isArray(record.operations) ? (record.operations as Array<Record<string, unknown>>) : [];
    return new Map(operations.filter((o) => typeof o?.id === 'string' && typeof o.body === 'string').map((o) => [o.id as string, o.body as string]));
  }
  return new Map(Object.entries(record).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** The document as a comparison sees it: printed by graphql-js, without `__typename` fields a client's cache added. */
function normalForm(document: string): string | null {
  if (document.length > COMPARED_MAX_LENGTH) return null;
  try {
    const withoutTypename = visit(parse(document, { noLocation: true }), {
      Field: (node) => (node.name.value === '__typename' && !node.alias ? null : undefined),
    });
    return print(withoutTypename);
  } catch {
    return null;
  }
}

/** A small least-recently-used map: a Map keeps insertion order, so the first key is the oldest. */
class Remembered {
  private readonly map = new Map<string, string>();
  get(hash: string): string | undefined {
    const document = this.map.get(hash);
    if (document !== undefined) {
      this.map.delete(hash);
      this.map.set(hash, document);
    }
    return document;
  }
  set(hash: string, document: string): void {
    if (document.length > REMEMBERED_MAX_LENGTH) return;
    this.map.delete(hash);
    this.map.set(hash, document);
    if (this.map.size > REMEMBERED_MAX) this.map.delete(this.map.keys().next().value!);
  }
}

function persistedHash(extensions: unknown): string | null {
  const pq = (extensions as { persistedQuery?: { version?: unknown; sha256Hash?: unknown } } | null | undefined)?.persistedQuery;
  return pq && typeof pq === 'object' && pq.version === 1 && typeof pq.sha256Hash === 'string' ? pq.sha256Hash : null;
}

/**
 * Refusals without data: 4xx under application/graphql-response+json, and
 * (`spec`) 200 under plain application/json, where clients of the protocol
 * have always read PersistedQueryNotFound from a 200.
 */
function refusal(message: string, code: string, status = 400) {
  return createGraphQLError(message, { extensions: { code, http: { status, spec: true } } });
}

const NOT_FOUND = 'PersistedQueryNotFound';

export function usePersistedQueries(manifest: Map<string, string> | null): Plugin {
  const remembered = new Remembered();
  const listed = manifest ? new Set([...manifest.values()].map(normalForm).filter((f): f is string => f !== null)) : null;
  const lookUp = (hash: string) => (manifest?.has(hash) ? manifest.get(hash) : remembered.get(hash));

  return {
    onParams({ params, setParams }) {
      const hash = persistedHash(params.extensions);
      const query = typeof params.query === 'string' ? params.query : null;
      if (query !== null) {
        if (listed) {
          // A trusted document arrives as a hash, or as a listed document with its hash; never as a bare document.
          const normal = hash === null ? null : normalForm(query);
          if (normal === null || !listed.has(normal)) {
            throw refusal('Only the operations of the persisted-operations manifest run here: send extensions.persistedQuery.sha256Hash of one', 'CANNOT_SEND_PQ_ID_AND_BODY');
          }
        }
        if (hash === null) return;
        if (sha256Hex(query) !== hash) throw refusal('PersistedQueryMismatch: the hash is not the sha256 of the document', 'PERSISTED_QUERY_MISMATCH');
        remembered.set(hash, query);
        return;
      }
      if (hash === null) {
        if (listed) throw refusal('Send extensions.persistedQuery.sha256Hash of an operation in the persisted-operations manifest', 'PERSISTED_QUERY_ID_REQUIRED');
        return;
      }
      const found = lookUp(hash);
      // The message is the protocol's signal: on it, Apollo Client and urql send the document.
      if (found === undefined) throw refusal(NOT_FOUND, listed ? 'PERSISTED_QUERY_NOT_IN_LIST' : 'PERSISTED_QUERY_NOT_FOUND', 404);
      setParams({ ...params, query: found });
    },
  };
}
