import type { QueryResolvers } from '../../generated/resolvers-types';
import { checkGroupIds } from '../../validation/arcgis';

export const groups: QueryResolvers['groups'] = async (_parent, { ids }, ctx) => {
  checkGroupIds('ids', ids, 1);
  const loaded = await ctx.arcgis().groups.loadMany(ids);
  // A group whose look-up failed upstream is an error on the whole field rather than a silent null.
  const failure = loaded.find((g): g is Error => g instanceof Error);
  if (failure) throw failure;
  return loaded as Array<Exclude<(typeof loaded)[number], Error>>;
};
