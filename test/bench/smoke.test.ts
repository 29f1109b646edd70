/**
 * `npm run bench -- --smoke`: one short round that asserts only that every
 * response is correct and that upstream call counts are what the design
 * promises (one share call per shareItem, ceil(n/100) share calls and one
 * group search per 100 groups for shareItems, no extra look-ups for folder
 * recipients). No timing is asserted: shared machines are noisy.
 */
import { runNode } from '../../src/dev/spawn';
import path from 'node:path';

it('the benchmark smoke run passes', () => {
  const run = runNode([path.resolve(__dirname, '../../dist-bench/bench/run.js'), '--smoke'], { env: process.env, timeoutMs: 120_000 });
  if (run.status !== 0) throw new Error(`bench smoke failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  expect(run.stdout).toContain('smoke run: responses correct and upstream call counts as expected');
  expect(run.stdout).toMatch(/shareItem\s+C c=10/);
}, 150000);
