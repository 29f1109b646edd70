/**
 * ONLYOFFICE's picker: users from the portal's people search, groups from
 * its list of groups matched on name here (the portal has no group search).
 * The list is read at most once per request (the session holds it), so
 * several searches in one request cost one `GET group`. Both go into the
 * request's principal loader.
 */
import type { OnlyofficeSession } from '../../sessions/folders';
import type { PrincipalModel } from '../../models';
import type { PrincipalStrategy } from './strategy';

/** Every word typed appears in the name, ignoring case, as the portal's people search treats words (UserManager.Search). */
function nameHasWords(name: string | null, search: string): boolean {
  const haystack = (name ?? '').toLocaleLowerCase();
  return search
    .toLocaleLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '')
    .every((w) => haystack.includes(w));
}

async function groupsNamed(session: OnlyofficeSession, search: string): Promise<PrincipalModel[]> {
  return (await session.groupList()).filter((g) => nameHasWords(g.displayName, search));
}

export const onlyoffice: PrincipalStrategy<OnlyofficeSession> = {
  kinds: ['USER', 'GROUP'],
  open: (sessions) => sessions.folders.get('ONLYOFFICE'),
  async search(session, query) {
    const [users, groups] = await Promise.all([
      query.kinds.includes('USER') ? session.connector.filterPeople(session.opts, query.search, query.first) : [],
      query.kinds.includes('GROUP') ? groupsNamed(session, query.search) : [],
    ]);
    const found = [...users, ...groups];
    for (const p of found) session.principals.prime(p.id, p);
    return found;
  },
};
