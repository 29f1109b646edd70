import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkFolderId, checkMessage, checkRecipientIds } from '../../validation/folders';
import * as folders from '../../services/folders';

export const revokeFolderShares: MutationResolvers['revokeFolderShares'] = async (_parent, { input }, ctx) => {
  const { backend, folderId, recipientIds } = input;
  checkFolderId(backend, 'input.folderId', folderId);
  checkRecipientIds(backend, 'input.recipientIds', recipientIds);
  checkMessage('input.message', input.message);
  const results = await folders.revokeFolderShares(ctx.folders.get(backend), input, ctx.config);
  return { backend, folderId, results };
};
