/**
 * The client snippets of the README's frontend section, as the tests run
 * them: verbatim, except that the gateway's URL is the test's, and each
 * `import { a, b } from 'x'` becomes the CommonJS require jest runs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const README = path.resolve(__dirname, '../../README.md');
export const README_URL = 'http://localhost:4000/graphql';

/** The code block that follows `<!-- snippet: name -->` in the README. */
export function readmeSnippet(name: 'urql' | 'apollo' | 'fetch'): string {
  const text = readFileSync(README, 'utf8');
  const match = new RegExp(`<!-- snippet: ${name} -->\\s*\`\`\`js\\n([\\s\\S]*?)\`\`\``).exec(text);
  if (!match) throw new Error(`README.md has no snippet "${name}"`);
  if (!match[1]!.includes(README_URL)) throw new Error(`the "${name}" snippet does not call ${README_URL}`);
  return match[1]!;
}

/** The snippet with the test's gateway URL in place of the README's. */
export function snippetFor(name: 'urql' | 'apollo' | 'fetch', gatewayUrl: string): string {
  return readmeSnippet(name).split(README_URL).join(gatewayUrl);
}

type AsyncFn = (...args: unknown[]) => Promise<unknown>;
const AsyncFunction = (Object.getPrototypeOf(async () => undefined) as { constructor: new (...args: string[]) => AsyncFn }).constructor;

/** Runs a Node snippet and returns the values it declares under `names`. */
export function runSnippet<T>(name: 'urql' | 'apollo', gatewayUrl: string, names: string[]): Promise<T> {
  return runCode<T>(snippetFor(name, gatewayUrl), names);
}

/**
 * Runs a snippet as changed by a test (a line taken out, to show what it is
 * for): `without` must be in it, and is removed.
 */
export function runSnippetWithout<T>(name: 'urql' | 'apollo', gatewayUrl: string, without: string, names: string[]): Promise<T> {
  const code = snippetFor(name, gatewayUrl);
  if (!code.includes(without)) throw new Error(`the "${name}" snippet has no ${without}`);
  return runCode<T>(code.replace(without, ''), names);
}

async function runCode<T>(code: string, names: string[]): Promise<T> {
  const commonJs = code.replace(/^import \{([^}]*)\} from '([^']+)';$/gm, "const {$1} = require('$2');");
  return (await new AsyncFunction('require', `${commonJs}\nreturn { ${names.join(', ')} };`)(require)) as T;
}
