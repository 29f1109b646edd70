/**
 * Input rules of Query.principals, the same on every backend: what the user
 * typed, trimmed, is 1 to 100 characters; at most 50 results. A failure is
 * BAD_USER_INPUT naming the argument, before any session is opened or
 * anything is sent.
 */
import { badInput } from '../errors';
import type { PrincipalKindName } from '../models';

export const MAX_SEARCH_LENGTH = 100;
export const MAX_PRINCIPALS = 50;
export const DEFAULT_PRINCIPALS = 20;

export interface PrincipalsArgs {
  search: string;
  kinds?: readonly PrincipalKindName[] | null;
  first?: number | null;
}

export interface CheckedPrincipalsArgs {
  search: string;
  kinds: readonly PrincipalKindName[] | null;
  first: number;
}

/** Characters as a reader counts them (code points), so an emoji is one, not two. */
const lengthOf = (s: string) => [...s].length;

export function checkPrincipalsArgs(args: PrincipalsArgs): CheckedPrincipalsArgs {
  const search = args.search.trim();
  if (search === '') throw badInput('search', 'must not be empty or only spaces');
  const length = lengthOf(search);
  if (length > MAX_SEARCH_LENGTH) throw badInput('search', `must be at most ${MAX_SEARCH_LENGTH} characters after trimming, got ${length}`);
  const first = args.first ?? DEFAULT_PRINCIPALS;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PRINCIPALS) throw badInput('first', `must be 1 to ${MAX_PRINCIPALS}, got ${first}`);
  // An empty list asks for nothing at all, which is a client's mistake rather than a search.
  if (args.kinds != null && args.kinds.length === 0) throw badInput('kinds', 'must not be empty; leave it out for every kind');
  return { search, kinds: args.kinds ?? null, first };
}
