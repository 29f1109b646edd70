import { responsePathAsArray } from 'graphql';
import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkFolderId, checkMessage, checkRecipientIds, checkRoles } from '../../validation/folders';
import * as folders from '../../services/folders';
import { folderChanges, recordWrite } from '../../services/ledger';

export const shareFolder: MutationResolvers['shareFolder'] = async (_parent, { input }, ctx, info) => {
  const { backend, folderId, recipients } = input;
  checkFolderId(backend, 'input.folderId', folderId);
  checkRecipientIds(backend, 'input.recipients', recipients.map((r) => r.id), (i) => `input.recipients[${i}].id`);
  checkMessage('input.message', input.message);
  checkRoles(backend, recipients);
  const session = ctx.folders.get(backend);
  return recordWrite(ctx.ledger, {
    backend,
    mutation: 'shareFolder',
    path: responsePathAsArray(info.path),
    dryRun: input.dryRun === true,
    run: async (track) => ({ backend, folderId, results: await folders.shareFolder(session, { ...input, track }, ctx.config) }),
    changes: (payload) => folderChanges(folderId, payload.results),
    withOperationId: (payload, operationId) => ({ ...payload, operationId }),
  });
};
