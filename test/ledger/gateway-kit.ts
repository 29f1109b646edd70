/**
 * What the ledger's gateway tests share: the engines they run on (SQLite
 * always; PostgreSQL too, and in CI it must be there), the operations they
 * send, and the callers they send them as.
 */
import { request } from 'undici';
import { ARCGIS_DEMO as A } from '../../src/simulators/arcgis/seed';
import { OCM_DEMO as O } from '../../src/simulators/ocm/seed';
import { ONLYOFFICE_DEMO as OO } from '../../src/simulators/onlyoffice/seed';
import type { Harness } from '../helpers/harness';
import type { Data, GqlError } from '../helpers/graphql';
import { IN_CI, POSTGRES_URL, postgresEngine, postgresUnreachable, sqliteEngine } from './engines';
import type { TestEngine } from './engines';

/** SQLite always; PostgreSQL when it answers, and in CI (CI=true) whether or not, so that a missing server fails there. */
export function ledgerEngines(suite: string): TestEngine[] {
  const unreachable = postgresUnreachable();
  if (unreachable && !IN_CI) {
    console.warn(`Skipping ${suite} on PostgreSQL: nothing answers at ${POSTGRES_URL} (${unreachable}). Start one (as .ci/run does) to run it; with CI=true this fails instead of skipping.`);
    return [sqliteEngine];
  }
  return [sqliteEngine, postgresEngine];
}

export const ADMIN_TOKEN = 'operator-token-for-the-ledger-tests';

/** Bob on every backend: another caller than the demo's Alice. */
export const BOB_HEADERS = {
  'x-arcgis-token': A.bobToken,
  'x-ocm-authorization': `Bearer ${O.bobToken}`,
  'x-onlyoffice-authorization': OO.bobToken,
};

export const SHARE_ITEM = /* GraphQL */ `
  mutation ShareItem($input: ShareItemInput!) {
    shareItem(input: $input) {
      itemId
      success
      change
      operationId
      error {
        code
      }
    }
  }
`;

/** What the ledger tests read of each item's result, in shareItems and unshareItems alike. */
const ITEM_RESULT_FIELDS = /* GraphQL */ `
  fragment ItemResultFields on ItemShareResult {
    itemId
    success
    change
    operationId
    error {
      code
    }
  }
`;

export const SHARE_ITEMS = /* GraphQL */ `
  mutation ShareItems($input: ShareItemsInput!) {
    shareItems(input: $input) {
      operationId
      results {
        ...ItemResultFields
      }
    }
  }
  ${ITEM_RESULT_FIELDS}
`;

export const UNSHARE_ITEMS = /* GraphQL */ `
  mutation UnshareItems($input: UnshareItemsInput!) {
    unshareItems(input: $input) {
      operationId
      results {
        ...ItemResultFields
      }
    }
  }
  ${ITEM_RESULT_FIELDS}
`;

export const SHARE_FOLDER = /* GraphQL */ `
  mutation ShareFolder($input: ShareFolderInput!) {
    shareFolder(input: $input) {
      operationId
      results {
        recipientId
        role
        success
        change
        error {
          code
        }
      }
    }
  }
`;

export const REVOKE = /* GraphQL */ `
  mutation Revoke($input: RevokeFolderSharesInput!) {
    revokeFolderShares(input: $input) {
      operationId
      results {
        recipientId
        role
        success
        change
        error {
          code
        }
      }
    }
  }
`;

export const HISTORY = /* GraphQL */ `
  query History($filter: SharingHistoryFilter, $first: Int, $after: String) {
    sharingHistory(filter: $filter, first: $first, after: $after) {
      edges {
        cursor
        node {
          operationId
          at
          backend
          mutation
          caller
          requestId
          changes {
            targetId
            principalId
            before
            after
            change
            success
            errorCode
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const UNDO = /* GraphQL */ `
  mutation Undo($id: ID!, $dryRun: Boolean) {
    undoOperation(operationId: $id, dryRun: $dryRun) {
      operationId
      undoOperationId
      results {
        targetId
        principalId
        success
        change
        error {
          code
          message
          backend
        }
      }
    }
  }
`;

export type Operation = Data['sharingHistory']['edges'][number]['node'];

/** The one recorded operation with this id, as the operator reads it. */
export async function operationById(h: Harness, id: string): Promise<Operation> {
  const res = await h.gql(HISTORY, { filter: { operationId: id } }, { 'x-gateway-admin-token': ADMIN_TOKEN });
  expect(res.errors).toBeUndefined();
  const edges = res.data!.sharingHistory.edges;
  expect(edges).toHaveLength(1);
  return edges[0]!.node;
}

/** A whole answer, extensions and headers included, as the helpers in test/helpers do not return them. */
export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: { data?: Data | null; errors?: GqlError[]; extensions?: Record<string, unknown> };
}

export async function postRaw(url: string, body: unknown, headers: Record<string, string>): Promise<RawAnswer> {
  const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, body: JSON.parse(text) as RawAnswer['body'] };
}

/** Upstream writes (every method but GET) each simulator logged since the last reset. */
export function upstreamWrites(h: Harness): number {
  return [h.sims.arcgis.sim, h.sims.ocm.sim, h.sims.onlyoffice.sim].reduce((n, sim) => n + sim.requests().filter((r) => r.method !== 'GET').length, 0);
}
