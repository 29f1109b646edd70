/**
 * GraphiQL for the demo: the example operations from `operations/` and the
 * simulators' demo credentials, so that a newcomer can press run at once.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import type { GraphiQLOptions } from 'graphql-yoga';

export const DEMO_HEADERS = {
  'X-ArcGIS-Token': 'demo-arcgis-token',
  'X-OCM-Authorization': 'Bearer demo-ocm-token',
  'X-ONLYOFFICE-Authorization': 'demo-onlyoffice-token',
};

export function exampleOperations(rootDir: string): string {
  const dir = path.join(rootDir, 'operations');
  if (!existsSync(dir)) return '';
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8').trim())
    .join('\n\n');
}

export function graphiqlOptions(rootDir: string): GraphiQLOptions {
  return {
    title: 'sharing-gateway',
    defaultQuery: exampleOperations(rootDir),
    headers: JSON.stringify(DEMO_HEADERS, null, 2),
    defaultEditorToolsVisibility: 'headers',
  };
}
