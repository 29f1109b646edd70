/**
 * Query.itemAccess: each item's `GET content/items/{id}` and
 * `GET content/items/{id}/groups`, both through the request's loaders (the
 * portal has no batch read, so each loader runs one GET per item with
 * bounded concurrency). The groups read primes the group loader, so
 * `groups { title … }` costs no group search.
 */
import type { ArcgisSession } from '../../sessions/arcgis';
import type { ItemAccessModel } from '../../models';
import { UpstreamHttpError, backendLabel } from '../../errors';

export interface ItemAccessInput {
  itemIds: readonly string[];
}

const LEVELS: Record<string, ItemAccessModel['level']> = { private: 'PRIVATE', shared: 'SHARED', org: 'ORG', public: 'PUBLIC' };

/**
 * One promise per id, so that graphql-js completes each entry on its own: an
 * item whose read failed becomes null with an error at its index
 * (`["itemAccess", i]`, code from the upstream failure) and the others stand.
 */
export function itemAccess(session: ArcgisSession, input: ItemAccessInput): Array<Promise<ItemAccessModel | null>> {
  return input.itemIds.map((itemId) => accessOf(session, itemId));
}

async function accessOf(session: ArcgisSession, itemId: string): Promise<ItemAccessModel | null> {
  const [item, held] = await Promise.all([
    session.items.load(itemId),
    // An unknown item fails this read too; the item read alone decides between null and an error.
    session.itemGroups.load(itemId).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))),
  ]);
  if (!item) return null;
  if (held instanceof Error) throw held;
  const level = LEVELS[item.access.toLowerCase()];
  if (!level) throw new UpstreamHttpError('UPSTREAM_ERROR', 'ARCGIS', `${backendLabel('ARCGIS')} reported an access level the gateway does not know`, null);
  return { itemId, owner: item.owner, level, groupIds: held.map((g) => g.id) };
}
