/**
 * The one way the dev tooling starts Node child processes: the tests (the
 * built gateway, the demo), the soak run and the benchmark (simulators,
 * proxy, gateways). Dev-only; nothing in the gateway imports it.
 *
 * `spawnNode` starts a long-running child and resolves once its output
 * matches a pattern (the line where it says it listens); `runNode` runs one
 * to completion. Neither inherits the parent's environment: the caller says
 * what the child gets, so that a test's gateway never picks up a setting
 * from the developer's shell by accident.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

export interface SpawnOptions {
  /** The child's whole environment. */
  env: NodeJS.ProcessEnv;
  /** Matched against everything read so far; the child is ready at the first match. */
  ready: RegExp;
  /** Node flags, before the file. */
  nodeArgs?: string[];
  /** How long the child may take to match `ready`. @default 15000 */
  timeoutMs?: number;
  /**
   * 'pipe': stderr is read (and matched) like stdout; 'inherit': it goes
   * straight to ours, as the benchmark wants its children's warnings shown.
   * @default 'pipe'
   */
  stderr?: 'pipe' | 'inherit';
  /**
   * How much output is kept: 'all' (tests read what the child printed at
   * exit); a number, the last that many characters (a long soak run needs
   * only the banner and the totals line); or 'none' once ready (the
   * benchmark's gateway logs every operation: its output is drained and
   * dropped, so that the load generator does no work for it).
   * @default 'all'
   */
  keep?: 'all' | 'none' | number;
}

export interface SpawnedNode {
  child: ChildProcess;
  pid: number;
  /** The `ready` pattern's match. */
  match: RegExpExecArray;
  /** What was kept of the output (see `keep`). */
  output(): string;
  /** The exit code once the child has exited; null when a signal ended it. */
  exited: Promise<number | null>;
  /** Sends `signal` unless the child has exited already, then waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function spawnNode(file: string, options: SpawnOptions): Promise<SpawnedNode> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const keep = options.keep ?? 'all';
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), file], {
    env: options.env,
    stdio: ['ignore', 'pipe', options.stderr ?? 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let out = '';
  let ready = false;
  const read = (chunk: Buffer) => {
    out += chunk.toString();
    if (typeof keep === 'number' && out.length > keep) out = out.slice(-keep);
  };
  const streams = [child.stdout!, ...(child.stderr ? [child.stderr] : [])];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${file} printed nothing matching ${options.ready} within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const fail = (err: Error) => {
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      read(chunk);
      const match = options.ready.exec(out);
      if (!match || ready) return;
      ready = true;
      clearTimeout(timer);
      if (keep === 'none') {
        for (const s of streams) {
          s.off('data', onData);
          s.resume(); // keep draining, so that a chatty child never blocks on a full pipe
        }
      }
      resolve({
        child,
        pid: child.pid!,
        match,
        output: () => out,
        exited,
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    for (const s of streams) s.on('data', onData);
    child.once('error', fail);
    void exited.then((code) => {
      if (!ready) fail(new Error(`${file} exited with ${code} before it was ready:\n${out}`));
    });
  });
}

export interface RunOptions {
  /** The child's whole environment. */
  env: NodeJS.ProcessEnv;
  /** @default 10000 */
  timeoutMs?: number;
}

export interface RunResult {
  /** The exit code; null when it was killed (a timeout). */
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node ...args` to completion (a script, or `-e` code) and returns its exit code and output. */
export function runNode(args: string[], options: RunOptions): RunResult {
  const run = spawnSync(process.execPath, args, { env: options.env, encoding: 'utf8', timeout: options.timeoutMs ?? 10_000 });
  if (run.error && run.status === null && (run.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}
