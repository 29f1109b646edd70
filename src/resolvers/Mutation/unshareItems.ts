import { responsePathAsArray } from 'graphql';
import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkGroupIds, checkItemIds, checkOwner } from '../../validation/arcgis';
import { badInput } from '../../errors';
import * as items from '../../services/items';
import { itemChanges, recordWrite } from '../../services/ledger';

export const unshareItems: MutationResolvers['unshareItems'] = async (_parent, { input }, ctx, info) => {
  checkItemIds('input.itemIds', input.itemIds);
  checkOwner('input.owner', input.owner);
  checkGroupIds('input.groups', input.groups);
  if ((input.groups ?? []).length === 0 && input.withdrawPublic !== true) throw badInput('input.groups', 'unshares nothing: give groups, or withdrawPublic: true');
  const session = ctx.arcgis();
  return recordWrite(ctx.ledger, {
    backend: 'ARCGIS',
    targetKind: 'ITEM',
    mutation: 'unshareItems',
    path: responsePathAsArray(info.path),
    dryRun: input.dryRun === true,
    run: async (track) => ({ results: await items.unshareItems(session, { ...input, track }, ctx.config) }),
    changes: (payload) => itemChanges(payload.results),
    withOperationId: (payload, operationId) => ({ results: payload.results.map((r) => ({ ...r, operationId })), operationId }),
  });
};
