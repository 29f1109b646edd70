import type { Resolvers } from '../generated/resolvers-types';
import { shareItem } from './Mutation/shareItem';
import { shareItems } from './Mutation/shareItems';
import { unshareItems } from './Mutation/unshareItems';
import { shareFolder } from './Mutation/shareFolder';
import { revokeFolderShares } from './Mutation/revokeFolderShares';
import { undoOperation } from './Mutation/undoOperation';
import { groups } from './Query/groups';
import { itemAccess } from './Query/itemAccess';
import { folderAccess } from './Query/folderAccess';
import { capabilities } from './Query/capabilities';
import { backends } from './Query/backends';
import { principals } from './Query/principals';
import { sharingHistory } from './Query/sharingHistory';
import { typeResolvers } from './types';

export const resolvers: Resolvers = {
  Query: { groups, itemAccess, folderAccess, capabilities, backends, principals, sharingHistory },
  Mutation: { shareItem, shareItems, unshareItems, shareFolder, revokeFolderShares, undoOperation },
  ...typeResolvers,
};
