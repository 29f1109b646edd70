import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkGroupIds, checkOwner, checkSharesWithSomething, isArcgisId } from '../../validation/arcgis';
import { badInput } from '../../errors';
import { failedResult, precheckItemControl, shareOneItem } from '../../services/item-sharing';
import { previewItemShares } from '../../services/item-preview';
import { settleAlreadyShared } from '../../services/item-already-shared';

export const shareItem: MutationResolvers['shareItem'] = async (_parent, { input }, ctx) => {
  if (!isArcgisId(input.itemId)) throw badInput('input.itemId', 'is not an ArcGIS item id (32 hexadecimal characters)');
  checkOwner('input.owner', input.owner);
  checkGroupIds('input.groups', input.groups);
  checkSharesWithSomething('input', input);
  const session = ctx.arcgis();
  const unreadable = await precheckItemControl(session, input.groups, input.confirmItemControl);
  if (input.dryRun) {
    const [preview] = await previewItemShares(session, [input.itemId], input.owner, input);
    return preview!;
  }
  if (unreadable) return failedResult(input.itemId, unreadable);
  const result = await shareOneItem(session, input.itemId, input.owner, input);
  const [settled] = await settleAlreadyShared(session, [result], input);
  return settled!;
};
