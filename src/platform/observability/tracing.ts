/**
 * Traces with OpenTelemetry. The code uses only `@opentelemetry/api`: without an SDK every span is
 * the API's no-op and costs next to nothing (bench/run.ts measures it). The Node SDK and the OTLP
 * exporter are imported only when `OTEL_EXPORTER_OTLP_ENDPOINT` is set (`startTracing`).
 *
 * Spans: one per operation (SERVER, continuing an incoming W3C `traceparent`), one per DataLoader
 * batch that calls a backend, one per backend HTTP call (CLIENT, whose context travels to the
 * backend in `traceparent`), one per database transaction. Each carries the request id.
 */
import {
  context,
  INVALID_SPAN_CONTEXT,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  createContextKey,
} from '@opentelemetry/api';

const tracer = trace.getTracer('channel-gateway');

/**
 * Whether `startTracing` registered the SDK. Without it every span is the API's no-op, and
 * `withSpan` skips the API altogether (a span, a context and an async frame per call, on every
 * request and backend call, for nothing). Spans come only from `startTracing`'s SDK.
 */
let tracingActive = false;
/** The span `withSpan` hands out while tracing is off: records nothing, like the API's no-op. */
const NOT_RECORDING: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** The attribute every span of an operation carries. */
export const REQUEST_ID_ATTRIBUTE = 'gateway.request_id';
/** Where the operation's span keeps its request id in the trace context, for the spans below it. */
const REQUEST_ID_KEY = createContextKey(REQUEST_ID_ATTRIBUTE);

/**
 * Runs `fn` in a new active span named `name`; the span ends when `fn` settles, with an error
 * status when it throws (the error is rethrown as it is). An operation's span is given its
 * `requestId`; every span started below it (backend calls, batches, transactions) carries it too.
 */
export function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T>,
  options: { kind?: SpanKind; parent?: Context; requestId?: string } = {},
): Promise<T> {
  if (!tracingActive) {
    try {
      return fn(NOT_RECORDING);
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }
  let parent = options.parent ?? context.active();
  if (options.requestId) parent = parent.setValue(REQUEST_ID_KEY, options.requestId);
  const requestId = parent.getValue(REQUEST_ID_KEY) as string | undefined;
  const attrs = requestId ? { ...attributes, [REQUEST_ID_ATTRIBUTE]: requestId } : attributes;
  return tracer.startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: attrs }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message?.slice(0, 200) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The context an incoming request's `traceparent`/`tracestate` headers carry (the active one if none). */
export function extractTraceContext(headers: Record<string, string | string[] | undefined>): Context {
  if (!tracingActive) return context.active();
  return propagation.extract(context.active(), headers);
}

/** Adds `traceparent` (and `tracestate`) for the active span to outgoing `headers`; no-op without an SDK. */
export function injectTraceHeaders(headers: Record<string, string>): Record<string, string> {
  if (tracingActive) propagation.inject(context.active(), headers);
  return headers;
}

export { SpanKind };

/**
 * Starts the OpenTelemetry Node SDK with an OTLP/HTTP exporter to `endpoint` (the collector's base
 * URL, e.g. http://otel-collector:4318) and registers it globally (W3C trace context propagation,
 * AsyncLocalStorage context). Imported lazily: a gateway without an endpoint never loads the SDK.
 * @returns a function that flushes the spans, shuts the SDK down and unregisters it
 */
export async function startTracing(options: { endpoint: string; serviceName: string }): Promise<() => Promise<void>> {
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
  ]);
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName }),
    spanProcessors: [
      new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` }), {
        scheduledDelayMillis: 200,
      }),
    ],
  });
  provider.register();
  tracingActive = true;
  return async () => {
    tracingActive = false;
    await provider.forceFlush().catch(() => {});
    await provider.shutdown().catch(() => {});
    trace.disable();
    propagation.disable();
    context.disable();
  };
}
