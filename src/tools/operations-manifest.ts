/**
 * `npm run operations:manifest`: writes operations/manifest.json, the
 * trusted documents (sha256 of the document -> document) of every example
 * operation, for PERSISTED_OPERATIONS. Frontends send the hash instead of
 * the document, and the gateway runs nothing else.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { exampleOperations } from '../graphiql';
import { ROOT_DIR } from '../server';

export const MANIFEST_PATH = path.join(ROOT_DIR, 'operations', 'manifest.json');

export function buildManifest(): Record<string, string> {
  const manifest: Record<string, string> = {};
  for (const op of exampleOperations(ROOT_DIR)) manifest[createHash('sha256').update(op.document).digest('hex')] = op.document;
  return manifest;
}

export function manifestText(): string {
  return JSON.stringify(buildManifest(), null, 2) + '\n';
}

if (require.main === module) {
  writeFileSync(MANIFEST_PATH, manifestText());
  console.log(`wrote ${path.relative(process.cwd(), MANIFEST_PATH)}`);
}
