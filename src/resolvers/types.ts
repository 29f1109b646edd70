/** Field resolvers of object types whose models differ from their GraphQL shape. */
import type { Resolvers } from '../generated/resolvers-types';
import type { GroupModel } from '../models';
import type { GatewayContext } from '../context';

const MEMBERSHIP = { owner: 'OWNER', admin: 'ADMIN', member: 'MEMBER', none: 'NONE' } as const;

/**
 * Groups named in results, through the request's group loader so that every
 * notSharedWith of every result costs one search per 100 groups. A group the
 * portal does not show (or whose look-up failed) is still reported, by id.
 */
async function groupsById(ids: readonly string[], ctx: GatewayContext): Promise<GroupModel[]> {
  if (ids.length === 0) return [];
  const loaded = await ctx.arcgis().groups.loadMany(ids);
  return ids.map((id, i) => {
    const g = loaded[i];
    return g && !(g instanceof Error) ? g : { id };
  });
}

export const typeResolvers: Pick<Resolvers, 'Group' | 'ItemShareResult' | 'ItemAccess' | 'FolderShareResult' | 'FolderGrant'> = {
  Group: {
    title: (g) => g.title ?? null,
    owner: (g) => g.owner ?? null,
    itemUpdateControl: (g) => (g.capabilities ? g.capabilities.includes('updateitemcontrol') : null),
    membership: (g) => (g.memberType ? (MEMBERSHIP[g.memberType as keyof typeof MEMBERSHIP] ?? null) : null),
  },
  ItemShareResult: {
    notSharedWith: (r, _args, ctx) => groupsById(r.notSharedWithIds, ctx),
    notUnsharedFrom: (r, _args, ctx) => groupsById(r.notUnsharedFromIds, ctx),
    operationId: (r) => r.operationId ?? null,
  },
  ItemAccess: {
    groups: (a, _args, ctx) => groupsById(a.groupIds, ctx),
  },
  FolderShareResult: {
    recipient: async (r, _args, ctx) => {
      try {
        return await ctx.folders.get(r.backend).principals.load(r.recipientId);
      } catch {
        // The share result stands on its own; a failed look-up only leaves recipient empty.
        return null;
      }
    },
  },
  FolderGrant: {},
};
