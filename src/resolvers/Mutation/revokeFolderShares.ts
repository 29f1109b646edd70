import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkFolderId, checkMessage, checkRecipientIds } from '../../validation/folders';
import * as folders from '../../services/folders';

export const revokeFolderShares: MutationResolvers['revokeFolderShares'] = async (_parent, { input }, ctx) => {
  const { backend, folderId, recipientIds } = input;
  const targetKind = folders.requireTargetKind(backend, input.targetKind);
  checkFolderId(backend, 'input.folderId', folderId, targetKind);
  checkRecipientIds(backend, 'input.recipientIds', recipientIds);
  checkMessage('input.message', input.message);
  const results = await folders.revokeFolderShares(ctx.folders.get(backend), { ...input, targetKind }, ctx.config);
  return { backend, folderId, targetKind, results };
};
