import type { QueryResolvers } from '../../generated/resolvers-types';
import { checkFolderId } from '../../validation/folders';
import * as folders from '../../services/folders';

export const folderAccess: QueryResolvers['folderAccess'] = async (_parent, args, ctx) => {
  const { backend, folderId } = args;
  const targetKind = folders.requireTargetKind(backend, args.targetKind);
  checkFolderId(backend, 'folderId', folderId, targetKind);
  // A failed read is an error on the field: there is no partial answer to give.
  const grants = await folders.folderAccess(ctx.folders.get(backend), { folderId, targetKind });
  return { backend, folderId, targetKind, grants };
};
