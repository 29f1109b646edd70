import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkGroupIds, checkItemIds, checkOwner } from '../../validation/arcgis';
import { badInput } from '../../errors';
import { runItemBatch } from '../../services/item-sharing';
import { previewItemUnshares } from '../../services/item-preview';
import { mergeUnshareResults } from '../../services/item-unshare';

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
  const [fromGroups, fromPublic] = await Promise.all([
    groups.length > 0
      ? runItemBatch(session, input.itemIds, input.owner, settings, 'unshare', (owner, ids) => session.connector.unshareItems(session.opts, owner, ids, groups))
      : null,
    // Withdrawing org and everyone access is a share call with both set to false.
    withdrawPublic
      ? runItemBatch(session, input.itemIds, input.owner, settings, 'unshare', (owner, ids) =>
          session.connector.shareItems(session.opts, owner, ids, { everyone: false, org: false }),
        )
      : null,
  ]);
  return { results: mergeUnshareResults(input.itemIds, fromGroups, fromPublic) };
};
