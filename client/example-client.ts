/**
 * A tiny typed client, as a frontend would write one: the documents and
 * their result types come from `operations/` through graphql-codegen's
 * client preset (`npm run codegen`), so a schema change that breaks an
 * example breaks this file's type-check.
 */
import { print } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';

export interface GraphQLResponse<TResult> {
  data?: TResult;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export async function execute<TResult, TVariables>(
  url: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  headers: Record<string, string>,
): Promise<GraphQLResponse<TResult>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: print(document), variables }),
  });
  return (await res.json()) as GraphQLResponse<TResult>;
}
