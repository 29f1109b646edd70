/**
 * The sharing ledger as the resolvers use it: recording every write
 * (record.ts), reading history (history.ts) and undoing an operation
 * (undo.ts). The store itself is src/ledger.
 */
export { CallerIdentities } from './identity';
export { UserNameCache } from './user-names';
export { folderChanges, itemChanges, recordWrite } from './record';
export type { LedgerContext, LedgerWriteFailure, WriteToRecord } from './record';
export { sharingHistory } from './history';
export type { HistoryInput } from './history';
export { undoOperation } from './undo';
export type { UndoInput, UndoPayloadModel, UndoResultModel, UndoSessions } from './undo';
export { ledgerDisabled, requireLedger } from './errors';
