import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkGroupIds, checkItemIds, checkOwner } from '../../validation/arcgis';
import { badInput } from '../../errors';
import * as items from '../../services/items';

export const unshareItems: MutationResolvers['unshareItems'] = async (_parent, { input }, ctx) => {
  checkItemIds('input.itemIds', input.itemIds);
  checkOwner('input.owner', input.owner);
  checkGroupIds('input.groups', input.groups);
  if ((input.groups ?? []).length === 0 && input.withdrawPublic !== true) throw badInput('input.groups', 'unshares nothing: give groups, or withdrawPublic: true');
  return { results: await items.unshareItems(ctx.arcgis(), input, ctx.config) };
};
