/**
 * OpenTelemetry traces: off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (or a
 * test passes an exporter). A span per operation and a child span per
 * upstream call, named by route template (never the raw path with ids,
 * never a credential); the trace context goes upstream as `traceparent`.
 */
import { context, propagation, trace, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Span, Tracer } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';

let provider: NodeTracerProvider | null = null;

/** Starts tracing once per process; returns false when it stays off. */
export function setupTracing(options: { endpoint?: string | null; exporter?: SpanExporter }): boolean {
  if (provider) return true;
  const exporter = options.exporter ?? (options.endpoint ? new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/$/, '')}/v1/traces` }) : null);
  if (!exporter) return false;
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'sharing-gateway' }),
    spanProcessors: [options.exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  provider.register();
  return true;
}

export async function shutdownTracing(): Promise<void> {
  await provider?.shutdown();
  provider = null;
}

export function tracer(): Tracer {
  return trace.getTracer('sharing-gateway');
}

/** Runs `fn` inside a server span for one GraphQL request. */
export function withOperationSpan<T>(fn: (span: Span) => Promise<T>): Promise<T> {
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

export function startUpstreamSpan(backend: string, method: string, route: string): UpstreamSpan {
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
