/**
 * The per-request ArcGIS item loaders. The portal has no batch read of items
 * or of an item's groups: each loader runs one GET per item, at most
 * `concurrency` in flight, and a failed GET is that item's Error. Item ids
 * compare without case, as the portal's do.
 */
import DataLoader from 'dataloader';
import type { ArcgisConnector, CallOptions, ItemInfo } from '../connectors/arcgis';
import type { GroupModel } from '../models';
import { settleEach } from '../util/settle-each';

export type ItemLoader = DataLoader<string, ItemInfo | null>;
export type ItemGroupsLoader = DataLoader<string, GroupModel[]>;

/** `GET content/items/{id}` per item; an unknown item is null. */
export function createItemLoader(arcgis: ArcgisConnector, opts: CallOptions, concurrency: number, onBatch?: (size: number) => void): ItemLoader {
  return new DataLoader<string, ItemInfo | null>(
    (ids) => {
      onBatch?.(ids.length);
      return settleEach(ids, concurrency, (id) => arcgis.getItem(opts, id));
    },
    { cacheKeyFn: (id) => id.toLowerCase() },
  );
}

/**
 * `GET content/items/{id}/groups` per item. `onGroups` gets every list read,
 * so that the groups named there can prime the group loader.
 */
export function createItemGroupsLoader(
  arcgis: ArcgisConnector,
  opts: CallOptions,
  concurrency: number,
  onGroups: (groups: readonly GroupModel[]) => void,
  onBatch?: (size: number) => void,
): ItemGroupsLoader {
  return new DataLoader<string, GroupModel[]>(
    (ids) => {
      onBatch?.(ids.length);
      return settleEach(ids, concurrency, async (id) => {
        const list = await arcgis.getItemGroups(opts, id);
        onGroups(list);
        return list;
      });
    },
    { cacheKeyFn: (id) => id.toLowerCase() },
  );
}
