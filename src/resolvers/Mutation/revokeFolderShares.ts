import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkFolderId, checkMessage, checkRecipientIds } from '../../validation/folders';
import { previewFolder, revokeFolder } from '../../services/folder-sharing';

export const revokeFolderShares: MutationResolvers['revokeFolderShares'] = async (_parent, { input }, ctx) => {
  const { backend, folderId, recipientIds } = input;
  checkFolderId(backend, 'input.folderId', folderId);
  checkRecipientIds(backend, 'input.recipientIds', recipientIds);
  checkMessage('input.message', input.message);
  const session = ctx.folders.get(backend);
  const results = input.dryRun
    ? await previewFolder(session, folderId, recipientIds.map((id) => ({ id, role: 'NONE' as const })))
    : await revokeFolder(session, folderId, recipientIds, input.message, ctx.config.fanOutConcurrency);
  return { backend, folderId, results };
};
