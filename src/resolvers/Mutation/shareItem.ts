import { responsePathAsArray } from 'graphql';
import type { MutationResolvers } from '../../generated/resolvers-types';
import { checkGroupIds, checkOwner, checkSharesWithSomething, isArcgisId } from '../../validation/arcgis';
import { badInput } from '../../errors';
import * as items from '../../services/items';
import { itemChanges, recordWrite } from '../../services/ledger';

export const shareItem: MutationResolvers['shareItem'] = async (_parent, { input }, ctx, info) => {
  if (!isArcgisId(input.itemId)) throw badInput('input.itemId', 'is not an ArcGIS item id (32 hexadecimal characters)');
  checkOwner('input.owner', input.owner);
  checkGroupIds('input.groups', input.groups);
  checkSharesWithSomething('input', input);
  const session = ctx.arcgis();
  return recordWrite(ctx.ledger, {
    backend: 'ARCGIS',
    targetKind: 'ITEM',
    mutation: 'shareItem',
    path: responsePathAsArray(info.path),
    dryRun: input.dryRun === true,
    run: (track) => items.shareItem(session, { ...input, track }),
    changes: (result) => itemChanges([result]),
    withOperationId: (result, operationId) => ({ ...result, operationId }),
  });
};
