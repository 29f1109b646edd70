import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkGroupIds, checkOwner, checkSharesWithSomething, isArcgisId } from '../../validation/arcgis';
import { badInput } from '../../errors';
import * as items from '../../services/items';

export const shareItem: MutationResolvers['shareItem'] = async (_parent, { input }, ctx) => {
  if (!isArcgisId(input.itemId)) throw badInput('input.itemId', 'is not an ArcGIS item id (32 hexadecimal characters)');
  checkOwner('input.owner', input.owner);
  checkGroupIds('input.groups', input.groups);
  checkSharesWithSomething('input', input);
  return items.shareItem(ctx.arcgis(), input);
};
