/**
 * WORKERS > 1: the workers share one port, so whichever worker a scrape or
 * a health check reaches must answer for all of them.
 *
 * - `/metrics`: the worker asks the primary, which asks every worker for
 *   its registry as JSON and sums them with prom-client's
 *   `AggregatorRegistry.aggregate` (by each metric's `aggregator`). Counters
 *   and histograms of a worker that died are kept at the last values it
 *   reported and added in, so that no counter goes backwards when a worker
 *   is replaced (what it counted after its last report is lost: Prometheus
 *   reads that as nothing new, never as a reset). Gauges of a dead worker
 *   are dropped.
 * - `/healthz`: the primary tells every worker how many workers are
 *   serving, each time that changes (`clusterWorkers`).
 *
 * Messages go over the cluster's IPC channel, each tagged with its type.
 */
import type { Worker } from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { GatewayMetrics } from './metrics';

/** One registry's `getMetricsAsJSON()`, as it crosses the IPC channel. */
type Metrics = object[];
type JsonMetric = { type?: unknown };

const JSON_REQUEST = 'sharing-gateway:metrics-json-request';
const JSON_ANSWER = 'sharing-gateway:metrics-json-answer';
const SCRAPE_REQUEST = 'sharing-gateway:scrape-request';
const SCRAPE_ANSWER = 'sharing-gateway:scrape-answer';
const WORKERS = 'sharing-gateway:workers';

/** How long a scrape waits for the workers (and a worker for the primary). */
export const CLUSTER_SCRAPE_TIMEOUT_MS = 3000;

interface Message {
  type?: unknown;
  id?: unknown;
  [key: string]: unknown;
}

const isMessage = (value: unknown): value is Message => typeof value === 'object' && value !== null;

/** Counters and histograms only: what a dead worker counted stays counted; what it measured (gauges) goes. */
function cumulative(metrics: Metrics): Metrics {
  return metrics.filter((m) => {
    const type = String((m as JsonMetric).type);
    return type === 'counter' || type === 'histogram';
  });
}

/** The primary's side: answers workers' scrapes with every worker's metrics summed. */
export class ClusterMetrics {
  private readonly last = new Map<number, Metrics>();
  private retired: Metrics = [];
  private readonly waiting = new Map<number, (metrics: Metrics) => void>();
  private nextId = 1;

  constructor(private readonly workers: () => Iterable<Worker>) {}

  /** Give it every message a worker sends; it takes those meant for it. */
  onMessage(worker: Worker, message: unknown): void {
    if (!isMessage(message)) return;
    if (message.type === JSON_ANSWER && typeof message.id === 'number' && Array.isArray(message.metrics)) {
      this.last.set(worker.id, message.metrics as Metrics);
      this.waiting.get(message.id)?.(message.metrics as Metrics);
    } else if (message.type === SCRAPE_REQUEST && typeof message.id === 'number') {
      const id = message.id;
      this.scrape().then(
        (text) => sendTo(worker, { type: SCRAPE_ANSWER, id, text }),
        () => sendTo(worker, { type: SCRAPE_ANSWER, id, error: true }),
      );
    }
  }

  /** A worker has gone: its counters from its last report are folded into the retired totals. */
  async retire(workerId: number): Promise<void> {
    const last = this.last.get(workerId);
    this.last.delete(workerId);
    if (!last) return;
    this.retired = await AggregatorRegistry.aggregate([this.retired, cumulative(last)]).getMetricsAsJSON();
  }

  /** Every live worker's metrics (its last report when it does not answer in time) plus the retired totals. */
  async scrape(): Promise<string> {
    const workers = [...this.workers()].filter((w) => w.isConnected());
    const reports = await Promise.all(workers.map((w) => this.ask(w)));
    return AggregatorRegistry.aggregate([...reports, this.retired]).metrics();
  }

  private ask(worker: Worker): Promise<Metrics> {
    const id = this.nextId++;
    return new Promise<Metrics>((resolve) => {
      const done = (metrics: Metrics) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(metrics);
      };
      const timer = setTimeout(() => done(this.last.get(worker.id) ?? []), CLUSTER_SCRAPE_TIMEOUT_MS);
      this.waiting.set(id, done);
      sendTo(worker, { type: JSON_REQUEST, id });
    });
  }
}

/**
 * Sends to a worker that may be dying. It can disconnect between the check
 * and the write, and without a callback the failed write is an 'error' event
 * on the Worker, which nothing handles: the primary crashed with EPIPE while
 * workers kept dying before they listened (test/faults/cluster.test.ts). The
 * primary's 'exit' handler deals with the worker; a scrape that waited for
 * it falls back to its last report when its timer ends.
 */
function sendTo(worker: Worker, message: object): void {
  if (!worker.isConnected()) return;
  // With a callback, a failed write is handed to it instead; nothing to do then (see above).
  worker.send(message, () => undefined);
}

/** The primary's word on the workers, as a worker last heard it; null outside a cluster. */
export interface ClusterWorkers {
  /** Workers listening now. */
  live: number;
  /** WORKERS. */
  configured: number;
}

let heard: ClusterWorkers | null = null;

export function clusterWorkers(): ClusterWorkers | null {
  return heard;
}

/** The primary tells each worker how many are serving. */
export function announceWorkers(workers: Iterable<Worker>, view: ClusterWorkers): void {
  for (const worker of workers) sendTo(worker, { type: WORKERS, ...view });
}

/**
 * A worker's side: answers the primary's requests for its metrics, hears
 * the workers' count, and makes its own scrapes ask the primary.
 */
export function joinCluster(metrics: GatewayMetrics, channel: NodeJS.Process = process): void {
  const waiting = new Map<number, (answer: Message) => void>();
  let nextId = 1;
  channel.on('message', (message: unknown) => {
    if (!isMessage(message)) return;
    if (message.type === JSON_REQUEST) {
      const id = message.id;
      void metrics.registry.getMetricsAsJSON().then((json) => channel.send?.({ type: JSON_ANSWER, id, metrics: json }));
    } else if (message.type === SCRAPE_ANSWER && typeof message.id === 'number') {
      waiting.get(message.id)?.(message);
    } else if (message.type === WORKERS && typeof message.live === 'number' && typeof message.configured === 'number') {
      heard = { live: message.live, configured: message.configured };
    }
  });
  metrics.useSource(
    () =>
      new Promise<string>((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error('the cluster primary did not answer the scrape'));
        }, CLUSTER_SCRAPE_TIMEOUT_MS * 2);
        waiting.set(id, (answer) => {
          clearTimeout(timer);
          waiting.delete(id);
          if (typeof answer.text === 'string') resolve(answer.text);
          else reject(new Error('the cluster primary could not gather the metrics'));
        });
        channel.send?.({ type: SCRAPE_REQUEST, id });
      }),
  );
}
