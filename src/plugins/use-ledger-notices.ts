/**
 * Adds `extensions.LEDGER_WRITE_FAILED` to a response whose writes the
 * ledger could not record (src/services/ledger/record.ts): the writes stand
 * and their fields answer as usual, with a null operationId.
 */
import type { Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../context';
import { withExecuteStep } from './execute-steps';
import type { AroundStep } from './execute-steps';

/** The notice, when the operation's ledger writes failed; the plain form of the hook (src/plugins/execute-steps.ts). */
const addNotices: AroundStep = {
  kind: 'around',
  before: (args) => (result) => {
    const failures = (args.contextValue as Partial<GatewayContext>).ledger?.failures;
    if (!failures || failures.length === 0 || Symbol.asyncIterator in result) return result;
    const notice = {
      code: 'LEDGER_WRITE_FAILED',
      message: 'The sharing ledger could not record these writes; they were made, and answer with a null operationId',
      fields: failures.map((f) => ({ path: f.path, mutation: f.mutation })),
    };
    return { ...result, extensions: { ...result.extensions, LEDGER_WRITE_FAILED: notice } };
  },
};

export function useLedgerNotices(): Plugin {
  return withExecuteStep<Plugin>(
    {
      onExecute({ args }) {
        const after = addNotices.before(args);
        return {
          onExecuteDone({ result, setResult }) {
            if (!after || Symbol.asyncIterator in result) return;
            const noticed = after(result);
            if (noticed !== result) setResult(noticed);
          },
        };
      },
    },
    addNotices,
  );
}
