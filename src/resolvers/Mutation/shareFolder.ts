import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkFolderId, checkMessage, checkRecipientIds, checkRoles } from '../../validation/folders';
import * as folders from '../../services/folders';

export const shareFolder: MutationResolvers['shareFolder'] = async (_parent, { input }, ctx) => {
  const { backend, folderId, recipients } = input;
  const targetKind = folders.requireTargetKind(backend, input.targetKind);
  checkFolderId(backend, 'input.folderId', folderId, targetKind);
  checkRecipientIds(backend, 'input.recipients', recipients.map((r) => r.id), (i) => `input.recipients[${i}].id`);
  checkMessage('input.message', input.message);
  checkRoles(backend, recipients);
  const results = await folders.shareFolder(ctx.folders.get(backend), { ...input, targetKind }, ctx.config);
  return { backend, folderId, targetKind, results };
};
