/**
 * `npm run bench:ab -- name=path/to/main.js[:node-flags] ...`: which of two
 * (or more) gateway builds or settings uses less CPU per shareItem.
 *
 * On a shared VM, identical back-to-back runs of `npm run bench` differ by up
 * to ±20 %, more than most single changes to the hot path are worth. Here
 * the gateways run side by side against the same simulators, and the load
 * alternates between them in short bursts (order reversed every pair), so
 * that a slow minute of the host hits both; what is reported is the median,
 * over the pairs, of each gateway's CPU per operation divided by the first
 * one's. Two copies of one build come out within a few per cent of 1.00.
 *
 *   git worktree add /tmp/base <commit> && (cd /tmp/base && npm ci && npm run build)
 *   npm run bench:ab -- base=/tmp/base/dist/main.js now=dist/main.js
 *
 * After the colon come node flags and settings for that gateway alone:
 * `name=dist/main.js:--max-semi-space-size=32 UPSTREAM_CONNECTIONS=100`;
 * environment variables given to this command reach every gateway. AB_PAIRS (12),
 * AB_CONCURRENCY (100) and AB_SECONDS (1) set the shape of the run.
 */
import path from 'node:path';
import { runLoad } from './load';
import { cpuSeconds } from './proc';
import { shareItemSpec, startGateway, startSimulators, stopAll } from './harness';

interface Contender {
  name: string;
  main: string;
  flags: string[];
  env: Record<string, string>;
}

function parseContender(arg: string): Contender {
  const match = /^([^=]+)=([^:]+)(?::(.*))?$/.exec(arg);
  if (!match) throw new Error(`expected name=path/to/main.js[:node-flags and NAME=value settings], got ${arg}`);
  const words = (match[3] ?? '').split(' ').filter(Boolean);
  const env = Object.fromEntries(words.filter((w) => !w.startsWith('-')).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
  return { name: match[1]!, main: path.resolve(match[2]!), flags: words.filter((w) => w.startsWith('-')), env };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const contenders = process.argv.slice(2).map(parseContender);
  if (contenders.length < 2) throw new Error('name two gateways or more: base=/tmp/base/dist/main.js now=dist/main.js');
  const pairs = Number(process.env.AB_PAIRS ?? 12);
  const concurrency = Number(process.env.AB_CONCURRENCY ?? 100);
  const seconds = Number(process.env.AB_SECONDS ?? 1);

  const sims = await startSimulators(path.join(__dirname, 'sims.js'));
  const gateways = [];
  for (const c of contenders) {
    const { origin, pid } = await startGateway(c.main, sims, c.env, c.flags);
    gateways.push({ ...c, origin, pid, cpuPerOp: [] as number[], rps: [] as number[] });
  }
  for (const g of gateways) await runLoad(g.origin, shareItemSpec, concurrency, 2);

  for (let pair = 0; pair < pairs; pair++) {
    const order = pair % 2 === 0 ? gateways : [...gateways].reverse();
    for (const g of order) {
      const before = cpuSeconds(g.pid) ?? 0;
      const result = await runLoad(g.origin, shareItemSpec, concurrency, seconds);
      const after = cpuSeconds(g.pid) ?? 0;
      if (result.failures > 0) throw new Error(`${g.name}: ${result.failures} failed operations`);
      g.cpuPerOp.push(((after - before) * 1000) / result.ops);
      g.rps.push(result.rps);
    }
  }

  const base = gateways[0]!;
  console.log(`shareItem at ${concurrency} callers, ${pairs} pairs of ${seconds} s bursts; CPU per operation against ${base.name}`);
  for (const g of gateways) {
    const ratios = g.cpuPerOp.map((v, i) => v / base.cpuPerOp[i]!);
    console.log(
      `${g.name.padEnd(12)} cpu ${median(g.cpuPerOp).toFixed(3)} ms/op  ${median(g.rps).toFixed(0).padStart(5)} req/s  ratio ${median(ratios).toFixed(3)}  [${ratios.map((r) => r.toFixed(2)).join(' ')}]`,
    );
  }
  stopAll();
}

main().catch((err: Error) => {
  console.error(err.message);
  stopAll();
  process.exit(1);
});
