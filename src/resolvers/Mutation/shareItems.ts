import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkGroupIds, checkItemIds, checkOwner, checkSharesWithSomething } from '../../validation/arcgis';
import * as items from '../../services/items';

export const shareItems: MutationResolvers['shareItems'] = async (_parent, { input }, ctx) => {
  checkItemIds('input.itemIds', input.itemIds);
  checkOwner('input.owner', input.owner);
  checkGroupIds('input.groups', input.groups);
  checkSharesWithSomething('input', input);
  return { results: await items.shareItems(ctx.arcgis(), input, ctx.config) };
};
