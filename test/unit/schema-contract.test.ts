/**
 * The schema contract, as contract testers and GraphiQL readers meet it:
 * the printed SDL is current, nothing breaks against the last release
 * unless listed as intended, everything is described, and every example
 * operation (GraphiQL's tabs, the typed client, the persisted manifest) is
 * valid against the schema.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { diff, CriticalityLevel } from '@graphql-inspector/core';
import { isEnumType, isInputObjectType, isInterfaceType, isObjectType, parse, validate } from 'graphql';
import type { GraphQLSchema } from 'graphql';
import { buildSchema, ROOT_DIR } from '../../src/server';
import { fullSdl, intendedBreaking, PRINTED_SCHEMA, RELEASED_SCHEMA, schemaFromFile } from '../../src/tools/schema';
import { manifestText, MANIFEST_PATH } from '../../src/tools/operations-manifest';
import { exampleOperations } from '../../src/graphiql';

const schema = buildSchema();

it('schema.graphql is what `npm run schema:print` writes', () => {
  expect(readFileSync(PRINTED_SCHEMA, 'utf8')).toBe(fullSdl());
});

it('has no breaking change against schema/released/ except those listed as intended', async () => {
  const changes = await diff(schemaFromFile(RELEASED_SCHEMA), schema);
  const allowed = new Set(intendedBreaking());
  const breaking = changes.filter((c) => c.criticality.level === CriticalityLevel.Breaking && !allowed.has(c.path ?? '') && !allowed.has(c.message));
  expect(breaking.map((c) => c.message)).toEqual([]);
});

it('a removed field would be caught (the check can fail)', async () => {
  const released = schemaFromFile(RELEASED_SCHEMA);
  const trimmed = fullSdl().replace(/^\s+"""The item id, as asked\."""\n\s+itemId: ID!\n/m, '');
  const { buildSchema: build } = await import('graphql');
  const changes = await diff(released, build(trimmed));
  expect(changes.some((c) => c.criticality.level === CriticalityLevel.Breaking)).toBe(true);
});

function undescribed(s: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const type of Object.values(s.getTypeMap())) {
    if (type.name.startsWith('__') || ['String', 'Boolean', 'Int', 'Float', 'ID'].includes(type.name)) continue;
    if (!type.description) missing.push(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (!field.description) missing.push(`${type.name}.${field.name}`);
        for (const arg of field.args) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
    if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) if (!field.description) missing.push(`${type.name}.${field.name}`);
    if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
  }
  return missing;
}

it('describes every type, field, argument and enum value', () => {
  expect(undescribed(schema)).toEqual([]);
});

it('validates every example operation in operations/ against the schema', () => {
  const examples = exampleOperations(ROOT_DIR);
  expect(examples.length).toBeGreaterThan(10);
  for (const op of examples) {
    const errors = validate(schema, parse(op.document));
    if (errors.length > 0) throw new Error(`${op.name}: ${errors.map((e) => e.message).join('; ')}`);
  }
});

it('operations/manifest.json is what `npm run operations:manifest` writes', () => {
  expect(readFileSync(MANIFEST_PATH, 'utf8')).toBe(manifestText());
  expect(path.dirname(MANIFEST_PATH)).toBe(path.join(ROOT_DIR, 'operations'));
});
