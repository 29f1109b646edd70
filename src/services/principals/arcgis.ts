/**
 * ArcGIS's picker: groups only, since the portal shares items with groups
 * (and the org, and everyone), never with a user. One group search by
 * title; the groups found go into the request's group loader, so that a
 * later `notSharedWith` or `Query.groups` naming one costs no call.
 */
import type { ArcgisSession } from '../../sessions/arcgis';
import { primeGroups } from '../../loaders/groups';
import type { PrincipalStrategy } from './strategy';

export const arcgis: PrincipalStrategy<ArcgisSession> = {
  kinds: ['GROUP'],
  open: (sessions) => sessions.arcgis(),
  async search(session, query) {
    const groups = await session.connector.searchGroups(session.opts, query.search, query.first);
    primeGroups(session.groups, groups);
    return groups.map((g) => ({ id: g.id, displayName: g.title ?? null, kind: 'GROUP' as const, email: null }));
  },
};
