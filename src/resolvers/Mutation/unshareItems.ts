import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkGroupIds, checkItemIds, checkOwner } from '../../validation/arcgis';
import { badInput } from '../../errors';
import { previewItemUnshares } from '../../services/item-preview';
import { unshareItemBatch } from '../../services/item-unshare';

export const unshareItems: MutationResolvers['unshareItems'] = async (_parent, { input }, ctx) => {
  checkItemIds('input.itemIds', input.itemIds);
  checkOwner('input.owner', input.owner);
  checkGroupIds('input.groups', input.groups);
  const groups = input.groups ?? [];
  const withdrawPublic = input.withdrawPublic === true;
  if (groups.length === 0 && !withdrawPublic) throw badInput('input.groups', 'unshares nothing: give groups, or withdrawPublic: true');
  const session = ctx.arcgis();
  if (input.dryRun) return { results: await previewItemUnshares(session, input.itemIds, input.owner, groups, withdrawPublic) };
  const settings = { chunkSize: ctx.config.arcgisChunkSize, concurrency: ctx.config.fanOutConcurrency };
  return { results: await unshareItemBatch(session, { itemIds: input.itemIds, owner: input.owner, groups, withdrawPublic }, settings) };
};
