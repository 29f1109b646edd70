import type { QueryResolvers } from '../../generated/resolvers-types';
import { checkFolderId } from '../../validation/folders';
import * as folders from '../../services/folders';

export const folderAccess: QueryResolvers['folderAccess'] = async (_parent, { backend, folderId }, ctx) => {
  checkFolderId(backend, 'folderId', folderId);
  // A failed read is an error on the field: there is no partial answer to give.
  const grants = await folders.folderAccess(ctx.folders.get(backend), { folderId });
  return { backend, folderId, grants };
};
