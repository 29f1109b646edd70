/**
 * Schema contract tooling: `npm run schema:print` writes the full SDL to
 * schema.graphql at the top level; `npm run schema:release` copies it to
 * schema/released/ as the baseline that breaking-change checks compare with.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { buildSchema as buildSdl, lexicographicSortSchema, printSchema } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { mergeTypeDefs } from '@graphql-tools/merge';
import { print } from 'graphql';
import { ROOT_DIR, loadTypeDefs } from '../server';

export const PRINTED_SCHEMA = path.join(ROOT_DIR, 'schema.graphql');
export const RELEASED_SCHEMA = path.join(ROOT_DIR, 'schema', 'released', 'schema.graphql');
export const INTENDED_BREAKING = path.join(ROOT_DIR, 'schema', 'released', 'intended-breaking.json');

/** The whole SDL, merged from schema/*.graphql and sorted, so that diffs are stable. */
export function fullSdl(): string {
  const merged = print(mergeTypeDefs(loadTypeDefs()));
  return printSchema(lexicographicSortSchema(buildSdl(merged))) + '\n';
}

export function schemaFromFile(file: string): GraphQLSchema {
  return buildSdl(readFileSync(file, 'utf8'));
}

/** Breaking changes allowed on purpose since the last release, by their inspector path or message. */
export function intendedBreaking(): string[] {
  return existsSync(INTENDED_BREAKING) ? (JSON.parse(readFileSync(INTENDED_BREAKING, 'utf8')) as string[]) : [];
}

if (require.main === module) {
  const command = process.argv[2];
  if (command === 'print') {
    writeFileSync(PRINTED_SCHEMA, fullSdl());
    console.log(`wrote ${path.relative(process.cwd(), PRINTED_SCHEMA)}`);
  } else if (command === 'release') {
    mkdirSync(path.dirname(RELEASED_SCHEMA), { recursive: true });
    writeFileSync(RELEASED_SCHEMA, fullSdl());
    writeFileSync(INTENDED_BREAKING, '[]\n');
    console.log(`released ${path.relative(process.cwd(), RELEASED_SCHEMA)}; intended breaking changes reset`);
  } else {
    console.error('usage: schema.js print|release');
    process.exit(2);
  }
}
