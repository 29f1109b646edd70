import type { QueryResolvers } from '../../generated/resolvers-types';
import { checkItemIds } from '../../validation/arcgis';
import type { ItemAccessModel } from '../../models';

const LEVELS: Record<string, ItemAccessModel['level']> = { private: 'PRIVATE', shared: 'SHARED', org: 'ORG', public: 'PUBLIC' };

export const itemAccess: QueryResolvers['itemAccess'] = async (_parent, { itemIds }, ctx) => {
  checkItemIds('itemIds', itemIds);
  const session = ctx.arcgis();
  const [items, groups] = await Promise.all([session.items.loadMany(itemIds), session.itemGroups.loadMany(itemIds)]);
  return itemIds.map((itemId, i): ItemAccessModel | null => {
    const item = items[i];
    const held = groups[i];
    if (item instanceof Error) throw item;
    if (!item) return null;
    if (held instanceof Error) throw held;
    return { itemId, owner: item.owner, level: LEVELS[item.access] ?? 'PRIVATE', groupIds: (held ?? []).map((g) => g.id) };
  });
};
