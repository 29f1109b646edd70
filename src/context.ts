/**
 * The per-request context. Connectors (and their connection pools) live as
 * long as the gateway; everything tied to a caller, the credentials and the
 * sessions with their DataLoaders (src/sessions/), is made per request, as
 * dataloader's README advises, so that no cache ever serves one caller's
 * data to another.
 */
import type { Config } from './config';
import type { Credentials } from './credentials';
import type { Connectors } from './connectors';
import { createArcgisSession } from './sessions/arcgis';
import type { ArcgisSession } from './sessions/arcgis';
import { createFolderSessions } from './sessions/folders';
import type { FolderSessions } from './sessions/folders';
import type { Call } from './call';
import type { LedgerStore } from './ledger';
import { CallerIdentities } from './services/ledger';
import type { UserNameCache } from './services/ledger';
import type { LedgerContext } from './services/ledger';

export interface GatewayContext {
  config: Config;
  connectors: Connectors;
  credentials: Credentials;
  /** The request's call context, which every upstream call of the request carries. */
  call: Call;
  /** Throws BACKEND_NOT_CONFIGURED or UNAUTHENTICATED before anything is sent. */
  arcgis(): ArcgisSession;
  folders: FolderSessions;
  /** The sharing ledger as this request sees it; null when the gateway runs without one (LEDGER=off). */
  ledger: LedgerContext | null;
}

/** What a request needs of the gateway's ledger. */
export interface LedgerInput {
  store: LedgerStore;
  /** The request carries the operator token (`X-Gateway-Admin-Token` equal to `ADMIN_TOKEN`). */
  operator: boolean;
  onWriteFailed: LedgerContext['onWriteFailed'];
  /** ArcGIS user names learnt by earlier requests (one cache per gateway). */
  userNames?: UserNameCache | null;
}

export interface ContextInput {
  config: Config;
  connectors: Connectors;
  credentials: Credentials;
  call: Call;
  ledger?: LedgerInput | null;
}

export function createContext(input: ContextInput): GatewayContext {
  let arcgis: ArcgisSession | null = null;
  // Every field named, not `...input`: a literal of one fixed shape is cheaper to make and to read than a spread.
  const ctx: GatewayContext = {
    config: input.config,
    connectors: input.connectors,
    credentials: input.credentials,
    call: input.call,
    arcgis() {
      arcgis ??= createArcgisSession(input);
      return arcgis;
    },
    folders: createFolderSessions(input),
    ledger: null,
  };
  if (input.ledger) ctx.ledger = ledgerContext(input.ledger, ctx);
  return ctx;
}

function ledgerContext(ledger: LedgerInput, ctx: GatewayContext): LedgerContext {
  return {
    store: ledger.store,
    operator: ledger.operator,
    identities: new CallerIdentities({ store: ledger.store, credentials: ctx.credentials, arcgis: () => ctx.arcgis(), userNames: ledger.userNames }),
    requestId: ctx.call.requestId,
    failures: [],
    onWriteFailed: ledger.onWriteFailed,
  };
}
