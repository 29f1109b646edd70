import { responsePathAsArray } from 'graphql';
import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkGroupIds, checkItemIds, checkOwner, checkSharesWithSomething } from '../../validation/arcgis';
import * as items from '../../services/items';
import { itemChanges, recordWrite } from '../../services/ledger';

export const shareItems: MutationResolvers['shareItems'] = async (_parent, { input }, ctx, info) => {
  checkItemIds('input.itemIds', input.itemIds);
  checkOwner('input.owner', input.owner);
  checkGroupIds('input.groups', input.groups);
  checkSharesWithSomething('input', input);
  const session = ctx.arcgis();
  return recordWrite(ctx.ledger, {
    backend: 'ARCGIS',
    targetKind: 'ITEM',
    mutation: 'shareItems',
    path: responsePathAsArray(info.path),
    dryRun: input.dryRun === true,
    run: async (track) => ({ results: await items.shareItems(session, { ...input, track }, ctx.config) }),
    changes: (payload) => itemChanges(payload.results),
    withOperationId: (payload, operationId) => ({ results: payload.results.map((r) => ({ ...r, operationId })), operationId }),
  });
};
