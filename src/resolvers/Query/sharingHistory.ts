import type { QueryResolvers, SharingOperation } from '../../generated/resolvers-types';
import type { OperationRecord } from '../../ledger';
import { requireLedger, sharingHistory as readHistory } from '../../services/ledger';

function toOperation(op: OperationRecord): SharingOperation {
  return {
    operationId: op.id,
    at: op.at,
    backend: op.backend,
    mutation: op.mutation,
    caller: op.caller,
    requestId: op.requestId,
    changes: op.changes.map((c) => ({ ...c, targetKind: c.targetKind ?? null })),
  };
}

export const sharingHistory: QueryResolvers['sharingHistory'] = async (_parent, { filter, first, after }, ctx) => {
  const page = await readHistory(requireLedger(ctx.ledger), { filter, first, after });
  return {
    edges: page.edges.map((e) => ({ cursor: e.cursor, node: toOperation(e.node) })),
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
  };
};
