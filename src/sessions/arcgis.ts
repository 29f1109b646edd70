/**
 * The per-request ArcGIS session: the connector, the caller's token and the
 * request's loaders, so that no cache ever serves one caller's data to
 * another (dataloader's README, "Creating a new DataLoader per request").
 */
import type { ArcgisConnector, CallOptions as ArcgisCallOptions, SelfInfo } from '../connectors/arcgis';
import { requireCredential } from '../credentials';
import { createGroupLoader, primeGroups } from '../loaders/groups';
import type { GroupLoader } from '../loaders/groups';
import { createItemGroupsLoader, createItemLoader } from '../loaders/items';
import type { ItemGroupsLoader, ItemLoader } from '../loaders/items';
import { requireConfigured } from './input';
import type { SessionInput } from './input';

export interface ArcgisSession {
  connector: ArcgisConnector;
  opts: ArcgisCallOptions;
  /** Upstream calls one operation runs at once, per loader or fan-out (FAN_OUT_CONCURRENCY). */
  concurrency: number;
  groups: GroupLoader;
  items: ItemLoader;
  itemGroups: ItemGroupsLoader;
  /**
   * Who the caller is (user name and role), asked of the portal at most once
   * per request, whichever service asks first: the owner of a share, or the
   * actor of a dry run.
   */
  self(): Promise<SelfInfo>;
  /**
   * Drops what the loaders hold about items a write was sent for (whether it
   * succeeded or not), as dataloader's README advises after a mutation: a
   * later read in the same request (a dry run, the already-shared check) must
   * see the state the write left.
   */
  forget(itemIds: readonly string[]): void;
}

/**
 * Throws BACKEND_NOT_CONFIGURED or UNAUTHENTICATED before anything is sent.
 *
 * The loaders are made on first use: most operations (a plain shareItem) use
 * none of them, and three DataLoaders with their caches and closures made
 * per request for nothing were work for the allocator and the collector.
 */
export function createArcgisSession({ config, connectors, credentials, call }: SessionInput): ArcgisSession {
  const connector = requireConfigured(connectors.ARCGIS, 'ARCGIS');
  const opts: ArcgisCallOptions = { credential: requireCredential(credentials, 'ARCGIS'), call };
  const concurrency = config.fanOutConcurrency;
  const batchSize = (loader: string) => (size: number) => call.scope.metrics?.batchSize(loader, size);
  let groups: GroupLoader | null = null;
  let items: ItemLoader | null = null;
  let itemGroups: ItemGroupsLoader | null = null;
  let self: Promise<SelfInfo> | null = null;
  const groupLoader = () => (groups ??= createGroupLoader(connector, opts, concurrency, batchSize('groups')));
  return {
    connector,
    opts,
    concurrency,
    get groups() {
      return groupLoader();
    },
    get items() {
      items ??= createItemLoader(connector, opts, concurrency, batchSize('items'));
      return items;
    },
    get itemGroups() {
      itemGroups ??= createItemGroupsLoader(connector, opts, concurrency, (list) => primeGroups(groupLoader(), list), batchSize('item-groups'));
      return itemGroups;
    },
    self() {
      self ??= connector.getSelf(opts);
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
