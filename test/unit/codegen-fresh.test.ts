import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import config from '../../codegen';

const ROOT = path.resolve(__dirname, '../..');

// The resolver types are generated from schema/; a stale copy would let resolvers drift from the contract.
it('src/generated/resolvers-types.ts is what `npm run codegen` makes from schema/', async () => {
  const outputs = (await generate({ ...config, cwd: ROOT, silent: true }, false)) as Array<{ filename: string; content: string }>;
  expect(outputs.length).toBeGreaterThan(0);
  for (const output of outputs) {
    const committed = readFileSync(path.resolve(ROOT, output.filename), 'utf8');
    expect(committed).toBe(output.content);
  }
}, 60000);
