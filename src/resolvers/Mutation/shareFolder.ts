import { responsePathAsArray } from 'graphql';
import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkFolderId, checkMessage, checkRecipientIds, checkRoles } from '../../validation/folders';
import * as folders from '../../services/folders';
import { folderChanges, recordWrite } from '../../services/ledger';

export const shareFolder: MutationResolvers['shareFolder'] = async (_parent, { input }, ctx, info) => {
  const { backend, folderId, recipients } = input;
  const targetKind = folders.requireTargetKind(backend, input.targetKind);
  checkFolderId(backend, 'input.folderId', folderId, targetKind);
  checkRecipientIds(
    backend,
    'input.recipients',
    recipients.map((r) => r.id),
    (i) => `input.recipients[${i}].id`,
  );
  checkMessage('input.message', input.message);
  checkRoles(backend, recipients);
  const session = ctx.folders.get(backend);
  return recordWrite(ctx.ledger, {
    backend,
    targetKind,
    mutation: 'shareFolder',
    path: responsePathAsArray(info.path),
    dryRun: input.dryRun === true,
    run: async (track) => ({ backend, folderId, targetKind, results: await folders.shareFolder(session, { ...input, targetKind, track }, ctx.config) }),
    changes: (payload) => folderChanges(folderId, payload.results),
    withOperationId: (payload, operationId) => ({ ...payload, operationId }),
  });
};
