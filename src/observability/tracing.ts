/**
 * OpenTelemetry traces: off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (or a
 * test passes an exporter). A span per operation and a child span per
 * upstream call, named by route template (never the raw path with ids,
 * never a credential); the trace context goes upstream as `traceparent`.
 */
import { context, propagation, trace, INVALID_SPAN_CONTEXT, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Span, Tracer } from '@opentelemetry/api';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

let provider: NodeTracerProvider | null = null;

/**
 * Starts tracing once per process; returns false when it stays off. The SDK
 * and exporter are loaded here, not at startup: a gateway that does not
 * trace neither pays their memory nor creates spans (see withOperationSpan).
 */
export function setupTracing(options: { endpoint?: string | null; exporter?: SpanExporter }): boolean {
  if (provider) return true;
  if (!options.exporter && !options.endpoint) return false;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK loads only once tracing is on (test/unit/lazy-modules.test.ts)
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
  const { BatchSpanProcessor, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const exporter = options.exporter ?? newOtlpExporter(options.endpoint!);
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'sharing-gateway' }),
    spanProcessors: [options.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  provider.register();
  return true;
}

function newOtlpExporter(endpoint: string): SpanExporter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the exporter loads only once tracing is on (test/unit/lazy-modules.test.ts)
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  return new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` });
}

export async function shutdownTracing(): Promise<void> {
  await provider?.shutdown();
  provider = null;
}

export function tracer(): Tracer {
  return trace.getTracer('sharing-gateway');
}

/** The span operations get while tracing is off: records nothing, shared by all. */
const NO_SPAN: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** Runs `fn` inside a server span for one GraphQL request (a no-op span when tracing is off). */
export function withOperationSpan<T>(fn: (span: Span) => Promise<T>): Promise<T> {
  if (!provider) return fn(NO_SPAN);
  return tracer().startActiveSpan('graphql.operation', { kind: SpanKind.SERVER }, async (span) => {
    try {
      return await fn(span);
    } finally {
      span.end();
    }
  });
}

export interface UpstreamSpan {
  /** `traceparent` (and friends) to send upstream. */
  headers: Record<string, string>;
  end(status: number | null, error?: { code: string }): void;
}

/** What an upstream call carries when tracing is off: no headers, nothing to end. */
const UNTRACED: UpstreamSpan = Object.freeze({ headers: Object.freeze({}) as Record<string, string>, end() {} });

export function startUpstreamSpan(backend: string, method: string, route: string): UpstreamSpan {
  if (!provider) return UNTRACED;
  const span = tracer().startSpan(`${backend} ${method} ${route}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'gateway.backend': backend, 'http.request.method': method, 'url.template': route },
  });
  const headers: Record<string, string> = {};
  propagation.inject(trace.setSpan(context.active(), span), headers);
  return {
    headers,
    end(status, error) {
      if (status !== null) span.setAttribute('http.response.status_code', status);
      if (error) {
        span.setAttribute('error.type', error.code);
        span.setStatus({ code: SpanStatusCode.ERROR, message: error.code });
      }
      span.end();
    },
  };
}
