/**
 * `npm run bench -- --smoke --latency 5`: one short round that asserts only
 * that every response is correct and that upstream call counts are what the
 * design promises (one share call per shareItem, ceil(n/100) share calls and
 * one group search per 100 groups for shareItems, no extra look-ups for folder
 * recipients), then the latency table's scenarios against simulators that hold
 * every answer 5 ms, with their call counts checked the same way. No timing
 * is asserted: shared machines are noisy.
 */
import { runNode } from '../../src/dev/spawn';
import path from 'node:path';

it('the benchmark smoke run passes, latency mode included', () => {
  const run = runNode([path.resolve(__dirname, '../../dist-bench/bench/run.js'), '--smoke', '--latency', '5'], { env: process.env, timeoutMs: 170_000 });
  if (run.status !== 0) throw new Error(`bench smoke failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  expect(run.stdout).toContain('smoke run: responses correct and upstream call counts as expected');
  expect(run.stdout).toMatch(/shareItem\s+C c=10/);
  // The latency table ran at the latency asked for, every scenario in it.
  expect(run.stdout).toContain('latency table (5 ms on every backend answer');
  for (const name of ['shareItem', 'shareItems300x10', 'shareItems1000x20', 'shareFolderOcm20', 'shareFolderOo20', 'folderAccessOcm', 'folderAccessOo', 'itemAccess50']) {
    expect(run.stdout).toMatch(new RegExp(`^${name}\\s+\\d`, 'm'));
  }
}, 200000);
