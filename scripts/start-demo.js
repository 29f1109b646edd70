#!/usr/bin/env node
// `npm start`: build when the sources are newer than dist/, then run the demo. The demo and the
// simulators it starts are outside the production build (tsconfig.build.json): tsconfig.dev.json has them.
const { execFileSync } = require('node:child_process');
const { statSync, readdirSync, existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

const built = path.join(root, 'dist', 'demo.js');
if (!existsSync(built) || statSync(built).mtimeMs < newest(path.join(root, 'src'))) {
  console.log('Building (tsc)…');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.dev.json')], { stdio: 'inherit' });
}
require(built);
