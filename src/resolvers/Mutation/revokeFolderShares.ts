import { responsePathAsArray } from 'graphql';
import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkFolderId, checkMessage, checkRecipientIds } from '../../validation/folders';
import * as folders from '../../services/folders';
import { folderChanges, recordWrite } from '../../services/ledger';

export const revokeFolderShares: MutationResolvers['revokeFolderShares'] = async (_parent, { input }, ctx, info) => {
  const { backend, folderId, recipientIds } = input;
  const targetKind = folders.requireTargetKind(backend, input.targetKind);
  checkFolderId(backend, 'input.folderId', folderId, targetKind);
  checkRecipientIds(backend, 'input.recipientIds', recipientIds);
  checkMessage('input.message', input.message);
  const session = ctx.folders.get(backend);
  return recordWrite(ctx.ledger, {
    backend,
    targetKind,
    mutation: 'revokeFolderShares',
    path: responsePathAsArray(info.path),
    dryRun: input.dryRun === true,
    run: async (track) => ({ backend, folderId, targetKind, results: await folders.revokeFolderShares(session, { ...input, targetKind, track }, ctx.config) }),
    changes: (payload) => folderChanges(folderId, payload.results),
    withOperationId: (payload, operationId) => ({ ...payload, operationId }),
  });
};
