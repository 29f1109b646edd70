/**
 * The per-request recipient loaders of the folder backends. Neither backend
 * has a batch look-up of users, so each runs one look-up per id, at most
 * `concurrency` in flight; an unknown id is null, a failed look-up that id's
 * Error.
 */
import DataLoader from 'dataloader';
import type { OcmCallOptions, OcmConnector } from '../connectors/ocm';
import { ONLYOFFICE_BUILTIN_GROUP_IDS } from '../connectors/onlyoffice';
import type { OnlyofficeCallOptions, OnlyofficeConnector } from '../connectors/onlyoffice';
import type { PrincipalModel } from '../models';
import { settleEach } from '../util/settle-each';

export type PrincipalLoader = DataLoader<string, PrincipalModel | null>;

/**
 * OCM recipients by user GUID or login name, through Documents API 1.2
 * `users/items?info=`, a fuzzy search: the answer is read for the user with
 * exactly that id, else the one with that login name (ignoring case, as
 * OCM's own toolkit compares them); null when none. The Documents API has
 * no group look-up, so a group id that no folder read has primed is null
 * here. OCM ids are opaque, so the cache keys are the ids as given.
 */
export function createOcmPrincipalLoader(ocm: OcmConnector, opts: OcmCallOptions, concurrency: number, onBatch?: (size: number) => void): PrincipalLoader {
  const load = async (id: string): Promise<PrincipalModel | null> => {
    const users = await ocm.searchUsers(opts, id);
    const lower = id.toLowerCase();
    const match = users.find((u) => u.principal.id === id) ?? users.find((u) => u.loginName !== null && u.loginName.toLowerCase() === lower);
    return match?.principal ?? null;
  };
  return new DataLoader<string, PrincipalModel | null>((ids) => {
    onBatch?.(ids.length);
    return settleEach(ids, concurrency, load);
  });
}

/**
 * ONLYOFFICE takes user and group GUIDs in the same field and has no batch
 * look-up: try people, then groups. GUIDs compare without case.
 */
export function createOnlyofficePrincipalLoader(onlyoffice: OnlyofficeConnector, opts: OnlyofficeCallOptions, concurrency: number, onBatch?: (size: number) => void): PrincipalLoader {
  const load = async (id: string) => builtinGroup(id) ?? (await onlyoffice.getPerson(opts, id)) ?? (await onlyoffice.getGroup(opts, id));
  return new DataLoader<string, PrincipalModel | null>(
    (ids) => {
      onBatch?.(ids.length);
      return settleEach(ids, concurrency, load);
    },
    { cacheKeyFn: (id) => id.toLowerCase() },
  );
}

/** Everyone and Admin are built into every portal and are not served by the groups endpoint. */
function builtinGroup(id: string): PrincipalModel | null {
  const lower = id.toLowerCase();
  if (lower === ONLYOFFICE_BUILTIN_GROUP_IDS.Everyone) return { id, displayName: 'Everyone', kind: 'GROUP' };
  if (lower === ONLYOFFICE_BUILTIN_GROUP_IDS.Admin) return { id, displayName: 'Admin', kind: 'GROUP' };
  return null;
}
