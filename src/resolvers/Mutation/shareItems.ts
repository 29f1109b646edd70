import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkGroupIds, checkItemIds, checkOwner, checkSharesWithSomething } from '../../validation/arcgis';
import { failedResult, precheckItemControl, runItemBatch } from '../../services/item-sharing';
import { previewItemShares } from '../../services/item-preview';
import { settleAlreadyShared } from '../../services/item-already-shared';

export const shareItems: MutationResolvers['shareItems'] = async (_parent, { input }, ctx) => {
  checkItemIds('input.itemIds', input.itemIds);
  checkOwner('input.owner', input.owner);
  checkGroupIds('input.groups', input.groups);
  checkSharesWithSomething('input', input);
  const session = ctx.arcgis();
  const unreadable = await precheckItemControl(session, input.groups, input.confirmItemControl);
  if (input.dryRun) return { results: await previewItemShares(session, input.itemIds, input.owner, input) };
  if (unreadable) return { results: input.itemIds.map((id) => failedResult(id, unreadable)) };
  const settings = { chunkSize: ctx.config.arcgisChunkSize, concurrency: ctx.config.fanOutConcurrency };
  const results = await runItemBatch(session, input.itemIds, input.owner, settings, 'share', (owner, ids) =>
    session.connector.shareItems(session.opts, owner, ids, input),
  );
  return { results: await settleAlreadyShared(session, results, input) };
};
