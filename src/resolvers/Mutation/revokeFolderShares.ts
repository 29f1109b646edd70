import { responsePathAsArray } from 'graphql';
import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkFolderId, checkMessage, checkRecipientIds } from '../../validation/folders';
import * as folders from '../../services/folders';
import { folderChanges, recordWrite } from '../../services/ledger';

export const revokeFolderShares: MutationResolvers['revokeFolderShares'] = async (_parent, { input }, ctx, info) => {
  const { backend, folderId, recipientIds } = input;
  checkFolderId(backend, 'input.folderId', folderId);
  checkRecipientIds(backend, 'input.recipientIds', recipientIds);
  checkMessage('input.message', input.message);
  const session = ctx.folders.get(backend);
  return recordWrite(ctx.ledger, {
    backend,
    mutation: 'revokeFolderShares',
    path: responsePathAsArray(info.path),
    dryRun: input.dryRun === true,
    run: async (track) => ({ backend, folderId, results: await folders.revokeFolderShares(session, { ...input, track }, ctx.config) }),
    changes: (payload) => folderChanges(folderId, payload.results),
    withOperationId: (payload, operationId) => ({ ...payload, operationId }),
  });
};
