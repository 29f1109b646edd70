/**
 * The load generator: an in-process undici Pool driven by `concurrency`
 * callers in a closed loop for `seconds`, with hrtime latencies and every
 * response checked. autocannon's 1 ms resolution is too coarse for a hop
 * that costs a fraction of a millisecond.
 */
import { Pool } from 'undici';

export interface RequestSpec {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
  /** True when the answer is the expected one. */
  check(status: number, body: string): boolean;
}

export interface CellResult {
  ops: number;
  failures: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runLoad(origin: string, spec: RequestSpec, concurrency: number, seconds: number): Promise<CellResult> {
  const pool = new Pool(origin, { connections: concurrency, pipelining: 1 });
  const latencies: number[] = [];
  let failures = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  async function caller(): Promise<void> {
    while (performance.now() < deadline) {
      const t0 = process.hrtime.bigint();
      try {
        const res = await pool.request({ method: spec.method, path: spec.path, headers: spec.headers, body: spec.body });
        const text = await res.body.text();
        if (!spec.check(res.statusCode, text)) failures++;
      } catch {
        failures++;
      }
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, caller));
  const elapsed = (performance.now() - started) / 1000;
  await pool.close();
  const sorted = Float64Array.from(latencies).sort();
  return { ops: latencies.length, failures, seconds: elapsed, rps: latencies.length / elapsed, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}
