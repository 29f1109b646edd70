/**
 * docs/errors.md and the code stay in step (fastify keeps its error docs
 * honest the same way): every code raised in src/ is in the table, and the
 * table lists no code that does not exist.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { FRAMEWORK_ERROR_CODES, OPERATION_ERROR_CODES, SHARE_ERROR_CODES } from '../../src/errors';
import { LIMIT_CODES } from '../../src/plugins/use-operation-limits';
import { REFUSAL_CODES } from '../../src/http/request-guard';

const ROOT = path.resolve(__dirname, '../..');
const doc = readFileSync(path.join(ROOT, 'docs/errors.md'), 'utf8');

function section(title: string): string {
  const start = doc.indexOf(title);
  const next = doc.indexOf('\n## ', start + title.length);
  return doc.slice(start, next === -1 ? undefined : next);
}

const tableCodes = (text: string) => new Set([...text.matchAll(/^\| ([A-Z][A-Z_]+) \|/gm)].map((m) => m[1]!));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'generated' || name === 'simulators' ? [] : sources(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

/** Codes the source raises as `extensions.code`: gatewayError('X', …) and `code: 'X'` next to extensions. */
function raisedCodes(): Set<string> {
  const found = new Set<string>();
  for (const file of sources(path.join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/gatewayError\(\s*'([A-Z_]+)'/g)) found.add(m[1]!);
    for (const m of text.matchAll(/extensions: \{[^}]*code: '([A-Z_]+)'/g)) found.add(m[1]!);
  }
  return found;
}

const operationTable = tableCodes(section('## Operation errors'));
const shareTable = tableCodes(section('## Share errors'));

it('lists every ShareErrorCode, and only those, under Share errors', () => {
  expect([...shareTable].sort()).toEqual([...SHARE_ERROR_CODES].sort());
});

it('lists every operation-level code the source raises', () => {
  const expected = new Set<string>([...OPERATION_ERROR_CODES, ...FRAMEWORK_ERROR_CODES, ...Object.values(LIMIT_CODES), ...Object.values(REFUSAL_CODES), ...raisedCodes()]);
  for (const code of expected) {
    if (!operationTable.has(code) && !shareTable.has(code)) throw new Error(`${code} is raised in src/ but missing from docs/errors.md`);
  }
  for (const code of operationTable) {
    if (!expected.has(code)) throw new Error(`docs/errors.md lists ${code}, which the source never raises`);
  }
});

it('matches the ShareErrorCode enum of the schema', () => {
  const sdl = readFileSync(path.join(ROOT, 'schema/base.graphql'), 'utf8');
  const enumBody = /enum ShareErrorCode \{([^}]*)\}/.exec(sdl)![1]!;
  const values = enumBody.split('\n').map((l) => l.trim()).filter((l) => /^[A-Z_]+$/.test(l));
  expect(values.sort()).toEqual([...SHARE_ERROR_CODES].sort());
});
