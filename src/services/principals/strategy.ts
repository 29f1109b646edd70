/**
 * A share dialog's picker behind one interface: each backend is one
 * PrincipalStrategy (arcgis.ts, ocm.ts, onlyoffice.ts), and index.ts picks
 * it by backend from one table. What the backends share, the ordering of
 * what they found, lives here; no code here asks which backend it runs for.
 */
import type { PrincipalKindName, PrincipalModel } from '../../models';
import type { ArcgisSession } from '../../sessions/arcgis';
import type { FolderSessions } from '../../sessions/folders';

/** A search that passed validation (src/validation/principals.ts). */
export interface PrincipalQuery {
  /** Trimmed, 1 to 100 characters. */
  search: string;
  /** Kinds asked for that the backend can search; never empty. */
  kinds: readonly PrincipalKindName[];
  /** 1 to 50. */
  first: number;
}

/** What the resolver hands over: the request's sessions, opened only for the backend searched. */
export interface PrincipalSessions {
  arcgis(): ArcgisSession;
  folders: FolderSessions;
}

export interface PrincipalStrategy<S> {
  /** The kinds this backend's picker can find; Query.capabilities' principalSearch says the same. */
  kinds: readonly PrincipalKindName[];
  /** The request's session for the backend; throws BACKEND_NOT_CONFIGURED or UNAUTHENTICATED before anything is sent. */
  open(sessions: PrincipalSessions): S;
  /**
   * Principals matching the query, at most `first` of each kind asked, in
   * the backend's order; primes the request's loader with every one found,
   * so that a later look-up of one of them costs nothing. A failed call throws.
   */
  search(session: S, query: PrincipalQuery): Promise<PrincipalModel[]>;
}

/**
 * How well a principal's name (or e-mail) matches what was typed, lower is
 * better: the whole name, the start of the name, the start of one of its
 * words or of the e-mail, anything else the backend found (its own fuzzy
 * match, a word in another field).
 */
function matchRank(p: PrincipalModel, typed: string): number {
  const name = (p.displayName ?? '').toLocaleLowerCase();
  const email = (p.email ?? '').toLocaleLowerCase();
  if (name === typed || email === typed) return 0;
  if (name.startsWith(typed)) return 1;
  if (name.split(/[\s\p{P}]+/u).some((word) => word !== '' && word.startsWith(typed)) || email.startsWith(typed)) return 2;
  return 3;
}

/**
 * Best matches first, then at most `first`. The sort is stable, so among
 * equal matches the backend's own order (ArcGIS ranks by relevance,
 * ONLYOFFICE sorts by name) stands. A principal listed twice is kept once.
 */
export function bestMatches(found: readonly PrincipalModel[], search: string, first: number): PrincipalModel[] {
  const typed = search.toLocaleLowerCase();
  const seen = new Set<string>();
  const unique = found.filter((p) => {
    const key = `${p.kind ?? ''}:${p.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique
    .map((p, i) => ({ p, i, rank: matchRank(p, typed) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .slice(0, first)
    .map((x) => x.p);
}
