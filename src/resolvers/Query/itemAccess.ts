import type { QueryResolvers } from '../../generated/resolvers-types';
import { checkItemIds } from '../../validation/arcgis';
import type { ItemAccessModel } from '../../models';
import * as items from '../../services/items';

export const itemAccess: QueryResolvers['itemAccess'] = (_parent, { itemIds }, ctx) => {
  checkItemIds('itemIds', itemIds);
  // A promise of null is a valid nullable list entry; the generated type only knows the model.
  return items.itemAccess(ctx.arcgis(), { itemIds }) as Array<Promise<ItemAccessModel>>;
};
