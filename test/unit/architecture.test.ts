/**
 * The import rules of docs/architecture.md, checked against the code with
 * dependency-cruiser (rules in .dependency-cruiser.cjs), and the page checked
 * against the rules: a rule added, renamed or dropped in one place and not
 * the other fails here.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
  cycle?: Array<{ name: string }>;
}

interface CruiseResult {
  summary: { violations: Violation[]; totalCruised: number };
}

function cruise(): CruiseResult {
  const cli = path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  // --no-progress keeps stdout to the JSON; a violation exits non-zero, which the JSON explains better.
  let out: string;
  try {
    out = execFileSync(process.execPath, [cli, 'src', '--config', '.dependency-cruiser.cjs', '--output-type', 'json', '--no-progress'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    out = String((err as { stdout?: string | Buffer }).stdout ?? '');
  }
  return JSON.parse(out) as CruiseResult;
}

function ruleNames(): string[] {
  // The config is CommonJS: read its rule names without running it through jest's transform.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require(path.join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: Array<{ name: string }> };
  return config.forbidden.map((r) => r.name);
}

describe('import rules (docs/architecture.md)', () => {
  const result = cruise();

  it('cruises the whole of src/', () => {
    // A wrong path or tsconfig would cruise nothing and find nothing.
    expect(result.summary.totalCruised).toBeGreaterThan(100);
  });

  it('finds no import that breaks a rule', () => {
    const broken = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}${v.cycle ? ` (cycle ${v.cycle.map((c) => c.name).join(' -> ')})` : ''}`);
    expect(broken).toEqual([]);
  });

  it('names on the page exactly the rules the check enforces', () => {
    const page = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
    const documented = [...page.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(ruleNames().sort());
  });
});
