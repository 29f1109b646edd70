/**
 * docs/errors.md and the error registry (src/errors/registry.ts) stay in
 * step, the way fastify holds docs/Reference/Errors.md to lib/errors.js in
 * test/internals/errors.test.js: every registry code has a row in the right
 * table, the row opens with the registry's docs line and names its HTTP
 * statuses, no row lists a code the registry lacks, and the source raises no
 * code the registry lacks.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import * as errors from '../../src/errors';
import { ERROR_REGISTRY, SHARE_ERROR_CODES, codeForHttpStatus } from '../../src/errors';
import type { ErrorCodeEntry } from '../../src/errors';
import { LIMITS } from '../../src/plugins/use-operation-limits';

const ROOT = path.resolve(__dirname, '../..');
const doc = readFileSync(path.join(ROOT, 'docs/errors.md'), 'utf8');
const registry: readonly ErrorCodeEntry[] = ERROR_REGISTRY;

function section(title: string): string {
  const start = doc.indexOf(title);
  if (start === -1) throw new Error(`docs/errors.md has no section "${title}"`);
  const next = doc.indexOf('\n## ', start + title.length);
  return doc.slice(start, next === -1 ? undefined : next);
}

/** Code -> its "Meaning" cell, for each table row of a section. */
function tableRows(text: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const m of text.matchAll(/^\| ([A-Z][A-Z_]+) \| (.*?) \| /gm)) {
    if (rows.has(m[1]!)) throw new Error(`docs/errors.md lists ${m[1]} twice in one table`);
    rows.set(m[1]!, m[2]!);
  }
  return rows;
}

const shareRows = tableRows(section('## Share errors'));
const operationRows = tableRows(section('## Operation errors'));
const shareEntries = registry.filter((e) => e.kind === 'share');
const operationEntries = registry.filter((e) => e.kind !== 'share');

/** The registry's docs line as the docs print it: limits spelled out as in "1,000". */
function docLine(entry: ErrorCodeEntry): string {
  return entry.limit ? entry.doc.replace('{limit}', LIMITS[entry.limit].toLocaleString('en-US')) : entry.doc;
}

describe.each([
  ['Share errors', shareEntries, shareRows],
  ['Operation errors', operationEntries, operationRows],
] as const)('%s', (_title, entries, rows) => {
  it('documents every code of the registry, and no other', () => {
    expect([...rows.keys()].sort()).toEqual(entries.map((e) => e.code).sort());
  });

  it.each(entries.map((e) => [e.code, e] as const))('%s opens with the registry line and names its HTTP statuses', (_code, entry) => {
    const meaning = rows.get(entry.code) ?? '';
    const line = docLine(entry);
    expect(meaning.slice(0, line.length)).toBe(line);
    for (const status of entry.upstreamStatus ?? []) expect(meaning).toContain(String(status));
    if (entry.refusalStatus !== undefined) expect(meaning).toContain(`HTTP ${entry.refusalStatus}`);
  });
});

it('holds each code once per side (share error, operation error)', () => {
  const keys = registry.map((e) => `${e.kind === 'share' ? 'share' : 'operation'}:${e.code}`);
  expect(new Set(keys).size).toBe(keys.length);
});

it('names a code for every operation limit, and no limit that does not exist', () => {
  expect(registry.flatMap((e) => (e.limit ? [e.limit] : [])).sort()).toEqual(Object.keys(LIMITS).sort());
});

it('names modules that exist, and every error class of src/errors raises some code', () => {
  for (const entry of registry) {
    if (typeof entry.raisedBy === 'string' && entry.raisedBy.startsWith('src/')) expect(existsSync(path.join(ROOT, entry.raisedBy))).toBe(true);
  }
  const named = registry.map((e) => e.raisedBy).filter((r): r is string => r !== null && r.startsWith('errors.'));
  for (const name of named) expect(typeof (errors as Record<string, unknown>)[name.slice('errors.'.length)]).toBe('function');
  const raisers = new Set<unknown>(named.map((name) => (errors as Record<string, unknown>)[name.slice('errors.'.length)]));
  const classes = Object.entries(errors).filter(([, v]) => typeof v === 'function' && v.prototype instanceof Error && v !== errors.UpstreamError);
  expect(classes.length).toBeGreaterThan(0);
  for (const [name, cls] of classes) if (!raisers.has(cls)) throw new Error(`${name} raises no code in the registry`);
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'generated' || name === 'simulators' ? [] : sources(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

it('has every operation-level code the source raises', () => {
  const known = new Set(operationEntries.map((e) => e.code));
  for (const file of sources(path.join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const raised = [...text.matchAll(/gatewayError\(\s*'([A-Z_]+)'/g), ...text.matchAll(/extensions: \{[^}]*code: '([A-Z_]+)'/g)].map((m) => m[1]!);
    for (const code of raised) if (!known.has(code)) throw new Error(`${path.relative(ROOT, file)} raises ${code}, which the registry lacks`);
  }
});

it('matches the ShareErrorCode enum of the schema', () => {
  const sdl = readFileSync(path.join(ROOT, 'schema/base.graphql'), 'utf8');
  const enumBody = /enum ShareErrorCode \{([^}]*)\}/.exec(sdl)![1]!;
  const values = enumBody
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[A-Z_]+$/.test(l));
  expect(values.sort()).toEqual([...SHARE_ERROR_CODES].sort());
});

// The upstream status column, read as the connectors read it (one row per status, as undici's test/errors.js lists its scenarios).
it.each([
  [400, 'BAD_REQUEST'],
  [422, 'BAD_REQUEST'],
  [401, 'UNAUTHENTICATED'],
  [498, 'UNAUTHENTICATED'],
  [499, 'UNAUTHENTICATED'],
  [403, 'FORBIDDEN'],
  [404, 'NOT_FOUND'],
  [410, 'NOT_FOUND'],
  [409, 'CONFLICT'],
  [429, 'RATE_LIMITED'],
  [418, 'UPSTREAM_ERROR'],
  [500, 'UPSTREAM_ERROR'],
  [503, 'UPSTREAM_ERROR'],
])('upstream status %i is %s', (status, code) => {
  expect(codeForHttpStatus(status)).toBe(code);
});
