/**
 * GraphiQL for the demo: one tab per example operation from `operations/`,
 * each with the fragments it uses and the simulators' demo credentials, so
 * that a newcomer can press run at once. One operation per tab also keeps
 * each document far under the token limit.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, visit } from 'graphql';
import type { DefinitionNode, FragmentDefinitionNode, OperationDefinitionNode } from 'graphql';
import type { GraphiQLOptions } from 'graphql-yoga';

export const DEMO_HEADERS = {
  'X-ArcGIS-Token': 'demo-arcgis-token',
  'X-OCM-Authorization': 'Bearer demo-ocm-token',
  'X-ONLYOFFICE-Authorization': 'demo-onlyoffice-token',
};

export interface ExampleOperation {
  name: string;
  /** The operation and the fragments it needs, printed. */
  document: string;
}

export function readOperationFiles(rootDir: string): string {
  const dir = path.join(rootDir, 'operations');
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

function fragmentsUsedBy(node: DefinitionNode, all: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): Set<string> {
  visit(node, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      const fragment = all.get(name);
      if (fragment && !seen.has(name)) {
        seen.add(name);
        fragmentsUsedBy(fragment, all, seen);
      }
    },
  });
  return seen;
}

/** Every named operation in `operations/`, each as a standalone document. */
export function exampleOperations(rootDir: string): ExampleOperation[] {
  const source = readOperationFiles(rootDir);
  if (source.trim() === '') return [];
  const doc = parse(source);
  const fragments = new Map(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  return doc.definitions
    .filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name !== undefined)
    .map((op) => {
      const used = [...fragmentsUsedBy(op, fragments)].map((name) => fragments.get(name)!);
      return { name: op.name!.value, document: [op, ...used].map((d) => print(d)).join('\n\n') };
    });
}

export function graphiqlOptions(rootDir: string): GraphiQLOptions {
  const examples = exampleOperations(rootDir);
  const headers = JSON.stringify(DEMO_HEADERS, null, 2);
  return {
    title: 'sharing-gateway',
    defaultQuery: examples[0]?.document,
    defaultTabs: examples.map((e) => ({ query: e.document, headers })),
    headers,
    defaultEditorToolsVisibility: 'headers',
  };
}
