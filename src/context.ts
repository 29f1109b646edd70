/**
 * The per-request context. Connectors (and their connection pools) live as
 * long as the gateway; everything tied to a caller, the credentials and the
 * DataLoaders, is made per request, as dataloader's README advises, so that
 * no cache ever serves one caller's data to another.
 */
import DataLoader from 'dataloader';
import type { Config } from './config';
import type { ArcgisConnector, CallOptions as ArcgisCallOptions, ItemInfo } from './connectors/arcgis';
import type { BackendName, GroupModel } from './models';
import { gatewayError, backendLabel } from './errors';
import { requireCredential } from './credentials';
import type { Credentials } from './credentials';
import { createGroupLoader, primeGroups } from './loaders/groups';
import type { GroupLoader } from './loaders/groups';
import type { FolderSessions } from './folder-sessions';
import { createFolderSessions } from './folder-sessions';
import type { Connectors } from './connectors';
import { mapConcurrent } from './util/map-concurrent';
import type { RequestScope } from './observability/request-scope';
import type { Call } from './call';

export interface ArcgisSession {
  connector: ArcgisConnector;
  opts: ArcgisCallOptions;
  groups: GroupLoader;
  items: DataLoader<string, ItemInfo | null>;
  itemGroups: DataLoader<string, GroupModel[]>;
  /** The caller's user name, asked of the portal at most once per request. */
  self(): Promise<string>;
  /**
   * Drops what the loaders hold about items a write was sent for (whether it
   * succeeded or not), as dataloader's README advises after a mutation: a
   * later read in the same request (a dry run, the already-shared check) must
   * see the state the write left.
   */
  forget(itemIds: readonly string[]): void;
}

export interface GatewayContext {
  config: Config;
  connectors: Connectors;
  credentials: Credentials;
  /** The request's call context, which every upstream call of the request carries. */
  call: Call;
  /** Throws BACKEND_NOT_CONFIGURED or UNAUTHENTICATED before anything is sent. */
  arcgis(): ArcgisSession;
  folders: FolderSessions;
}

export function requireConfigured<T>(connector: T | null, backend: BackendName): T {
  if (connector === null) {
    throw gatewayError('BACKEND_NOT_CONFIGURED', `${backendLabel(backend)} is not configured on this gateway (set ${backend}_URL)`, { backend });
  }
  return connector;
}

export interface ContextInput {
  config: Config;
  connectors: Connectors;
  credentials: Credentials;
  call: Call;
}

export function createContext(input: ContextInput): GatewayContext {
  let arcgis: ArcgisSession | null = null;
  const ctx: GatewayContext = {
    ...input,
    arcgis() {
      arcgis ??= createArcgisSession(input);
      return arcgis;
    },
    folders: createFolderSessions(input),
  };
  return ctx;
}

/**
 * The loaders are made on first use: most operations (a plain shareItem) use
 * none of them, and three DataLoaders with their caches and closures made
 * per request for nothing were work for the allocator and the collector.
 */
function createArcgisSession({ config, connectors, credentials, call }: ContextInput): ArcgisSession {
  const connector = requireConfigured(connectors.ARCGIS, 'ARCGIS');
  const opts: ArcgisCallOptions = { credential: requireCredential(credentials, 'ARCGIS'), call };
  const scope = call.scope;
  const concurrency = config.fanOutConcurrency;
  let groups: GroupLoader | null = null;
  let items: DataLoader<string, ItemInfo | null> | null = null;
  let itemGroups: DataLoader<string, GroupModel[]> | null = null;
  let self: Promise<string> | null = null;
  const groupLoader = () => (groups ??= createGroupLoader(connector, opts, concurrency, (size) => scope.metrics?.batchSize('groups', size)));
  return {
    connector,
    opts,
    get groups() {
      return groupLoader();
    },
    get items() {
      // The portal has no batch read of items: one GET per item, bounded by the loader's batch size.
      items ??= new DataLoader<string, ItemInfo | null>((ids) => settleEach(ids, concurrency, (id) => connector.getItem(opts, id), 'items', scope), {
        cacheKeyFn: (id) => id.toLowerCase(),
      });
      return items;
    },
    get itemGroups() {
      itemGroups ??= new DataLoader<string, GroupModel[]>(
        (ids) =>
          settleEach(ids, concurrency, async (id) => {
            const list = await connector.getItemGroups(opts, id);
            primeGroups(groupLoader(), list);
            return list;
          }, 'item-groups', scope),
        { cacheKeyFn: (id) => id.toLowerCase() },
      );
      return itemGroups;
    },
    self() {
      self ??= connector.getSelf(opts).then((s) => s.username);
      return self;
    },
    forget(itemIds) {
      for (const id of itemIds) {
        items?.clear(id);
        itemGroups?.clear(id);
      }
    },
  };
}

/** Runs `fn` per key with bounded concurrency, turning a key's failure into its slot's Error. */
export async function settleEach<K, V>(keys: readonly K[], concurrency: number, fn: (key: K) => Promise<V>, loader?: string, scope?: RequestScope): Promise<Array<V | Error>> {
  if (loader) scope?.metrics?.batchSize(loader, keys.length);
  return mapConcurrent(keys, concurrency, async (key) => {
    try {
      return await fn(key);
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  });
}
