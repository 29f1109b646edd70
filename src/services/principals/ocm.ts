/**
 * OCM's picker: users only. The Documents API's one search is
 * `users/items?info=`, which matches users' names and e-mails; it documents
 * no search of groups (its Users category identifies users; groups are only
 * taken as share recipients by GUID), so groups cannot be picked by name.
 * https://docs.oracle.com/en/cloud/paas/content-cloud/rest-api-documents/op-documents-api-1.2-users-items-get.html
 */
import type { OcmSession } from '../../sessions/folders';
import type { PrincipalModel } from '../../models';
import type { PrincipalStrategy } from './strategy';

export const ocm: PrincipalStrategy<OcmSession> = {
  kinds: ['USER'],
  open: (sessions) => sessions.folders.get('OCM'),
  async search(session, query) {
    const items = await session.connector.searchUsers(session.opts, query.search);
    // The answer has no page size; a server that also lists groups here is held to the kinds asked.
    const users: PrincipalModel[] = items.map(({ principal }) => ({ ...principal, kind: principal.kind ?? ('USER' as const) })).filter((p) => query.kinds.includes(p.kind));
    for (const p of users) session.principals.prime(p.id, p);
    return users;
  },
};
