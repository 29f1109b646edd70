/**
 * The per-request ArcGIS group loader.
 *
 * Every Group an operation needs (notSharedWith of every result, the
 * confirmItemControl pre-check, Query.groups) is collected by DataLoader in
 * one tick and fetched here with as few portal requests as the portal allows:
 * one `q=id:(a OR b …)` search per 100 ids (the portal's page size), then an
 * exact `GET community/groups/{id}` only for ids the search did not return,
 * because the search index can lag behind recent changes.
 */
import DataLoader from 'dataloader';
import type { ArcgisConnector, CallOptions } from '../connectors/arcgis';
import type { GroupModel } from '../models';
import { chunk, mapConcurrent } from '../util/map-concurrent';

export const GROUP_SEARCH_PAGE = 100;

export type GroupLoader = DataLoader<string, GroupModel | null>;

export function createGroupLoader(arcgis: ArcgisConnector, opts: CallOptions, concurrency: number, onBatch?: (size: number) => void): GroupLoader {
  return new DataLoader<string, GroupModel | null>(
    async (ids) => {
      onBatch?.(ids.length);
      const pages = await mapConcurrent(chunk(ids, GROUP_SEARCH_PAGE), concurrency, (page) => loadPage(arcgis, opts, page, concurrency));
      // One slot per key, in key order: an unknown group is null, one whose page failed gets the error.
      return pages.flat();
    },
    { cacheKeyFn: (id) => id.toLowerCase() },
  );
}

async function loadPage(arcgis: ArcgisConnector, opts: CallOptions, page: readonly string[], concurrency: number): Promise<Array<GroupModel | null | Error>> {
  let searched: GroupModel[];
  try {
    searched = await arcgis.searchGroupsById(opts, page);
  } catch (err) {
    // The portal is failing: asking it once more per group would only multiply the load.
    return page.map(() => err as Error);
  }
  const found = new Map(searched.map((g) => [g.id.toLowerCase(), g]));
  return mapConcurrent(page, concurrency, async (id) => {
    const hit = found.get(id.toLowerCase());
    if (hit) return hit;
    try {
      return await arcgis.getGroup(opts, id);
    } catch (err) {
      return err as Error;
    }
  });
}

/** Puts groups the portal already returned (item groups, searches) into the loader so they cost nothing later. */
export function primeGroups(loader: GroupLoader, groups: readonly GroupModel[]): void {
  for (const g of groups) loader.prime(g.id, g);
}
