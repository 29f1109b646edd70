#!/usr/bin/env node
/**
 * `npm run fuzz`: the fuzz properties of `npm test` (test/fuzz/properties.ts,
 * through test/security/fuzz.test.ts), run for longer.
 *
 *   FUZZ_RUNS         cases in all                  default 200000
 *   FUZZ_SEED         fast-check seed               default: random, printed first
 *   FUZZ_CONCURRENCY  requests in flight            default 8
 *   FUZZ_BATCH        cases per property run        default 32
 *
 * A failure prints the seed and the shrunk batch of cases. Replay it with the
 * same FUZZ_SEED (and FUZZ_RUNS at least as large as when it failed).
 * Extra arguments go to jest.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const env = { ...process.env };
env.FUZZ_RUNS = env.FUZZ_RUNS || '200000';
env.FUZZ_SEED = env.FUZZ_SEED || String(Math.floor(Math.random() * 0x7fffffff));

for (const name of ['FUZZ_RUNS', 'FUZZ_SEED', 'FUZZ_CONCURRENCY', 'FUZZ_BATCH']) {
  if (env[name] !== undefined && !/^\d+$/.test(env[name])) {
    console.error(`${name} must be a whole number, got "${env[name]}"`);
    process.exit(2);
  }
}

console.log(`fuzz: ${env.FUZZ_RUNS} cases, seed ${env.FUZZ_SEED} (replay: FUZZ_SEED=${env.FUZZ_SEED} FUZZ_RUNS=${env.FUZZ_RUNS} npm run fuzz)`);
const result = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--runInBand', '--verbose', path.join('test', 'security', 'fuzz.test.ts'), ...process.argv.slice(2)], {
  cwd: root,
  env,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
