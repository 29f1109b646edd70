import { responsePathAsArray } from 'graphql';
import type { MutationResolvers } from '../../generated/resolvers-types';
import { badInput } from '../../errors';
import { requireLedger, undoOperation as undo } from '../../services/ledger';

/** The ledger's operation ids are UUIDs (src/ledger/ids.ts). */
const OPERATION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const undoOperation: MutationResolvers['undoOperation'] = async (_parent, { operationId, dryRun }, ctx, info) => {
  const ledger = requireLedger(ctx.ledger);
  if (!OPERATION_ID.test(operationId)) throw badInput('operationId', 'is not an operation id (a UUID, as a mutation answers it in operationId)');
  const sessions = { arcgis: () => ctx.arcgis(), folder: (backend: 'OCM' | 'ONLYOFFICE') => ctx.folders.get(backend) };
  return undo(ledger, sessions, { operationId: operationId.toLowerCase(), dryRun }, ctx.config, { path: responsePathAsArray(info.path) });
};
