/**
 * The production build (tsconfig.build.json, the one the Dockerfile runs)
 * compiles the gateway and nothing of the development kit: no simulator, no
 * soak run, no demo, nothing under src/dev. tsc lists the files it would
 * compile with imports followed, so a production module that imported a
 * simulator would show here even though the folder is excluded. The
 * development build (tsconfig.dev.json: npm start, npm test, the soak run)
 * has them all, and the Docker build context leaves out what the production
 * build leaves out.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DEVELOPMENT_ONLY = /^src\/(simulators\/|dev\/|soak\.ts$|demo\.ts$)/;

/** The files under src/ that `tsc -p <project>` would compile. */
function compiledBy(project: string): string[] {
  const out = execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, project), '--listFilesOnly'], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((file) => path.relative(ROOT, file.trim()).split(path.sep).join('/'))
    .filter((file) => file.startsWith('src/'));
}

it('the production build compiles the gateway and no development-only file', () => {
  const files = compiledBy('tsconfig.build.json');
  expect(files).toEqual(expect.arrayContaining(['src/main.ts', 'src/server.ts', 'src/http/request-guard.ts']));
  expect(files.filter((file) => DEVELOPMENT_ONLY.test(file))).toEqual([]);
}, 60000);

it('the development build compiles them as well', () => {
  expect(compiledBy('tsconfig.dev.json')).toEqual(expect.arrayContaining(['src/main.ts', 'src/demo.ts', 'src/soak.ts', 'src/simulators/start.ts']));
}, 60000);

it('the Docker build context leaves out every path the production build excludes', () => {
  const rules = readFileSync(path.join(ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const { exclude } = JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { exclude: string[] };
  expect(exclude.length).toBeGreaterThan(0);
  // Each after `!src/`, or the later rule would let it back in.
  for (const pattern of exclude) expect(rules.indexOf(pattern)).toBeGreaterThan(rules.indexOf('!src/'));
});
