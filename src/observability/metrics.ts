/**
 * Prometheus metrics with prom-client, in a registry of the gateway's own
 * (never the global default, so that several gateways in one process, as in
 * tests, do not collide). Labels carry route templates, never raw paths,
 * ids or credentials, and operation names only of operations the gateway
 * knows (operation-names.ts): every other name is `other`, so that callers
 * cannot grow the label set. With WORKERS > 1 a worker's scrape answers for
 * the whole cluster (cluster.ts).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const BREAKER_STATES = { CLOSED: 0, HALF_OPEN: 1, OPEN: 2 } as const;

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operations = new Counter({ name: 'gateway_operations_total', help: 'GraphQL operations by name and outcome', labelNames: ['operation', 'outcome'], registers: [this.registry] });
  private readonly operationDuration = new Histogram({
    name: 'gateway_operation_duration_seconds',
    help: 'GraphQL operation duration',
    labelNames: ['operation'],
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly upstream = new Counter({
    name: 'gateway_upstream_requests_total',
    help: 'Upstream requests by backend, route template and status',
    labelNames: ['backend', 'method', 'route', 'status'],
    registers: [this.registry],
  });
  private readonly upstreamDuration = new Histogram({
    name: 'gateway_upstream_request_duration_seconds',
    help: 'Upstream request duration',
    labelNames: ['backend', 'route'],
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });
  private readonly batch = new Histogram({
    name: 'gateway_dataloader_batch_size',
    help: 'Keys per DataLoader batch',
    labelNames: ['loader'],
    buckets: [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000],
    registers: [this.registry],
  });
  private readonly retries = new Counter({ name: 'gateway_upstream_retries_total', help: 'Upstream retries by backend', labelNames: ['backend'], registers: [this.registry] });
  private readonly collectHooks: Array<() => void> = [];
  // A cluster shows each backend's worst breaker; the hooks bring gauges up to date before any collection.
  private readonly breaker = new Gauge({
    name: 'gateway_breaker_state',
    help: 'Circuit breaker state per backend (0 closed, 1 half-open, 2 open)',
    labelNames: ['backend'],
    registers: [this.registry],
    aggregator: 'max',
    collect: () => {
      for (const hook of this.collectHooks) hook();
    },
  });
  private readonly ledgerFailures = new Counter({
    name: 'gateway_ledger_write_failures_total',
    help: 'Sharing-ledger writes that failed: an operation not recorded (the write itself stood), or an idempotency key not completed',
    labelNames: ['what'],
    registers: [this.registry],
  });
  private readonly replays = new Counter({
    name: 'gateway_idempotent_replays_total',
    help: 'Mutations answered from a recorded response (Idempotency-Key), nothing sent upstream',
    registers: [this.registry],
  });
  private readonly fastPath = new Counter({
    name: 'gateway_fast_path_operations_total',
    help: 'Operations answered by the fast adapter (src/http/fast-path.ts) rather than by yoga',
    registers: [this.registry],
  });

  private readonly knownOperations: ReadonlySet<string>;
  private source: (() => Promise<string>) | null = null;

  constructor(options: { defaultMetrics?: boolean; knownOperations?: ReadonlySet<string> } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.knownOperations = options.knownOperations ?? new Set();
  }

  /** Runs before every collection of this registry (a scrape, or the cluster primary's request). */
  onCollect(hook: () => void): void {
    this.collectHooks.push(hook);
  }

  /** The label an operation is counted under: its name when the gateway knows it, else `other`. */
  operationLabel(name: string | null): string {
    if (name === null) return 'anonymous';
    return this.knownOperations.has(name) ? name : 'other';
  }

  operation(name: string | null, outcome: string, seconds: number): void {
    const operation = this.operationLabel(name);
    this.operations.inc({ operation, outcome });
    this.operationDuration.observe({ operation }, seconds);
  }

  upstreamCall(backend: string, method: string, route: string, status: number | null, seconds: number): void {
    const statusLabel = status === null ? 'error' : String(status);
    this.upstream.inc({ backend, method, route, status: statusLabel });
    this.upstreamDuration.observe({ backend, route }, seconds);
  }

  batchSize(loader: string, size: number): void {
    this.batch.observe({ loader }, size);
  }

  retry(backend: string): void {
    this.retries.inc({ backend });
  }

  breakerState(backend: string, state: keyof typeof BREAKER_STATES): void {
    this.breaker.set({ backend }, BREAKER_STATES[state]);
  }

  ledgerWriteFailed(what: 'operation' | 'idempotency'): void {
    this.ledgerFailures.inc({ what });
  }

  idempotentReplay(): void {
    this.replays.inc();
  }

  fastPathAnswered(): void {
    this.fastPath.inc();
  }

  /** What a scrape answers: this registry's metrics, or the whole cluster's (cluster.ts). */
  text(): Promise<string> {
    return this.source ? this.source() : this.registry.metrics();
  }

  /** Scrapes answer from `source` instead of this registry alone. */
  useSource(source: () => Promise<string>): void {
    this.source = source;
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
