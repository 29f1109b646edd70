import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkFolderId, checkMessage, checkRecipientIds, checkRoles } from '../../validation/folders';
import { previewFolder, shareFolder as share } from '../../services/folder-sharing';

export const shareFolder: MutationResolvers['shareFolder'] = async (_parent, { input }, ctx) => {
  const { backend, folderId, recipients } = input;
  checkFolderId(backend, 'input.folderId', folderId);
  checkRecipientIds(backend, 'input.recipients', recipients.map((r) => r.id), (i) => `input.recipients[${i}].id`);
  checkMessage('input.message', input.message);
  checkRoles(backend, recipients);
  const session = ctx.folders.get(backend);
  const results = input.dryRun
    ? await previewFolder(session, folderId, recipients)
    : await share(session, { folderId, recipients, message: input.message, notify: input.notify }, ctx.config.fanOutConcurrency);
  return { backend, folderId, results };
};
