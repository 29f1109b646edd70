/**
 * The one typed way tests send GraphQL to a gateway over real HTTP, and the
 * types of what comes back. Answers are typed from the resolver types that
 * `npm run codegen` generates from schema/ (test/unit/codegen-fresh.test.ts
 * fails when they are stale), so a test reads the contract, not a copy of it
 * redeclared in the test file. A query selects some fields only: the types
 * say what a field is when it was selected, not that it was.
 */
import { request } from 'undici';
import type { Mutation, Query } from '../../src/generated/resolvers-types';

export type {
  AccessChange,
  Backend,
  BackendCapabilities,
  FolderAccess,
  FolderGrant,
  FolderShareResult,
  Group,
  ItemAccess,
  ItemShareResult,
  ShareError,
  ShareErrorCode,
  ShareRole,
} from '../../src/generated/resolvers-types';

/** Every root field, as the schema declares it. */
export type Data = Omit<Query, '__typename'> & Omit<Mutation, '__typename'>;

/** The data of a query with aliases: `Aliased<{ ocm: 'shareFolder' }>` is `{ ocm: Data['shareFolder'] }`. */
export type Aliased<A extends Record<string, keyof Data>> = { [K in keyof A]: Data[A[K]] };

export interface GqlError {
  message: string;
  path?: Array<string | number>;
  locations?: Array<{ line: number; column: number }>;
  extensions?: { code?: string; [key: string]: unknown };
}

/** A GraphQL answer's body, as sent. */
export interface GqlBody<T = Data> {
  data?: T | null;
  errors?: GqlError[];
}

/** A GraphQL answer with its HTTP status and headers; `data` is absent when the body had none (or null). */
export interface GqlResult<T = Data> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data?: T;
  errors?: GqlError[];
}

export interface GqlRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** POSTs one operation to `url` as JSON and reads the answer, whatever its status. */
export async function postGql<T = Data>(url: string, body: GqlRequest, headers: Record<string, string> = {}): Promise<GqlResult<T>> {
  const res = await request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const parsed = JSON.parse(await res.body.text()) as GqlBody<T>;
  return { status: res.statusCode, headers: res.headers, data: parsed.data ?? undefined, errors: parsed.errors };
}

/** The `extensions.code` of the first error, for terse assertions. */
export function firstCode(result: { errors?: GqlError[] }): string | undefined {
  return result.errors?.[0]?.extensions?.code;
}
