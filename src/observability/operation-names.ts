/**
 * The operation names metrics may carry as labels: those of the operations
 * the gateway ships (`operations/*.graphql`) and of the persisted manifest
 * (PERSISTED_OPERATIONS). A caller names its operations as it likes, and
 * each distinct label is a series kept for the life of the process: 10,000
 * made-up names took 105 MB and made /metrics 14.8 MB in an attack run. Any
 * other name is counted as `other`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse } from 'graphql';

/** Longest operation name the gateway runs (use-observability.ts refuses longer ones). */
export const OPERATION_NAME_MAX = 100;

function namesIn(document: string): string[] {
  try {
    return parse(document, { noLocation: true }).definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : []));
  } catch {
    return [];
  }
}

function readOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function namesInDir(dir: string): string[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.graphql'));
  } catch {
    return [];
  }
  return files.flatMap((f) => namesIn(readOrNull(path.join(dir, f)) ?? ''));
}

/** A manifest is `{hash: document}`; one that cannot be read names nothing here (the persisted-operations plugin reports it). */
function namesInManifest(file: string): string[] {
  const text = readOrNull(file);
  if (text === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof parsed !== 'object' || parsed === null) return [];
  return Object.values(parsed).flatMap((doc) => (typeof doc === 'string' ? namesIn(doc) : []));
}

export function knownOperationNames(options: { operationsDir: string; manifestPath?: string | null }): Set<string> {
  const names = [...namesInDir(options.operationsDir), ...(options.manifestPath ? namesInManifest(options.manifestPath) : [])];
  return new Set(names.filter((n) => n.length <= OPERATION_NAME_MAX));
}
