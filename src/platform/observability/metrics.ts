/**
 * The gateway's Prometheus metrics (prom-client), served at `/metrics`.
 *
 * One registry per gateway (not prom-client's global one): tests and tools run several gateways in
 * one process. Label values a client chooses (operation names) are capped, so a caller sending
 * random names cannot grow the series without bound.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Distinct operation names kept as label values; later ones are counted as `other`. */
const MAX_OPERATION_NAMES = 200;

/** Seconds; from a 5 ms cache hit to a request that used its whole budget and more. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type Transport = 'http' | 'ws';

/** How an operation ended: `partial` when data came back with errors (a backend's fields null). */
export type Outcome = 'ok' | 'partial' | 'error';

export interface OperationSample {
  transport: Transport;
  operation: string | undefined;
  channel: string;
  outcome: Outcome;
  durationSeconds: number;
  errorCodes: readonly string[];
}

export interface BackendCallSample {
  backend: string;
  /** 'ok', 'refused' (an expected 4xx) or the error code. */
  outcome: string;
  durationMs: number;
}

/** Read at every scrape. */
export interface MetricSources {
  /** Each backend's breaker state: closed | half-open | open | isolated. */
  breakers?: () => Record<string, string>;
  /** The PostgreSQL pool (absent with PGlite: one in-process connection). */
  pool?: () => { total: number; idle: number; waiting: number } | undefined;
  webSocketConnections?: () => number;
  /** Operations executed over HTTP by engine, and compiled documents kept (compiled-execution.ts). */
  graphqlExecutions?: () => { compiled: number; interpreted: number; documents: number };
}

export interface GatewayMetrics {
  readonly registry: Registry;
  operation(sample: OperationSample): void;
  backendCall(sample: BackendCallSample): void;
  /** A subscription started (+1) or ended (-1) on `topic` (its root field). */
  subscription(topic: string, delta: 1 | -1): void;
  /** An event reached the fan-out `seconds` after it was committed. */
  fanoutLag(seconds: number): void;
  rateLimited(kind: string): void;
  /** Adds what is read at scrape time. */
  watch(sources: MetricSources): void;
  /** The exposition text and its content type. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

const BREAKER_STATES = ['closed', 'half-open', 'open', 'isolated'] as const;

export function createMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const sources: MetricSources = {};
  const names = new Set<string>();
  const operationLabel = (name: string | undefined): string => {
    if (!name) return 'anonymous';
    if (names.has(name)) return name;
    if (names.size >= MAX_OPERATION_NAMES || !/^\(?[A-Za-z_][A-Za-z0-9_]{0,99}\)?$/.test(name)) return 'other';
    names.add(name);
    return name;
  };

  const operations = new Counter({
    name: 'gateway_operations_total',
    help: 'GraphQL operations (HTTP requests to /graphql and WebSocket operations) by operation name, channel and outcome.',
    labelNames: ['transport', 'operation', 'channel', 'outcome'] as const,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'gateway_operation_duration_seconds',
    help: 'Time from the request arriving to the answer being sent (WebSocket: to the operation completing).',
    labelNames: ['transport', 'operation'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'gateway_graphql_errors_total',
    help: 'GraphQL errors answered, by extensions.code.',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const backendCalls = new Counter({
    name: 'gateway_backend_calls_total',
    help: "Backend calls (after retries) by backend and outcome: ok, refused (an expected 4xx) or the error code.",
    labelNames: ['backend', 'outcome'] as const,
    registers: [registry],
  });
  const backendDurations = new Histogram({
    name: 'gateway_backend_call_duration_seconds',
    help: 'Backend call latency including retries.',
    labelNames: ['backend'] as const,
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  new Gauge({
    name: 'gateway_backend_breaker_state',
    help: "1 for each backend's current circuit breaker state, 0 for the others.",
    labelNames: ['backend', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const [backend, current] of Object.entries(sources.breakers?.() ?? {})) {
        for (const state of BREAKER_STATES) this.set({ backend, state }, state === current ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'gateway_websocket_connections',
    help: 'Open WebSocket connections.',
    registers: [registry],
    collect() {
      this.set(sources.webSocketConnections?.() ?? 0);
    },
  });
  new Counter({
    name: 'gateway_graphql_executions_total',
    help: 'Operations over HTTP by the engine that ran them: compiled (graphql-jit) or interpreted (graphql-js).',
    labelNames: ['engine'] as const,
    registers: [registry],
    collect() {
      const executions = sources.graphqlExecutions?.();
      if (!executions) return;
      // The source counts; a scrape reports its totals.
      this.reset();
      this.inc({ engine: 'compiled' }, executions.compiled);
      this.inc({ engine: 'interpreted' }, executions.interpreted);
    },
  });
  new Gauge({
    name: 'gateway_graphql_compiled_documents',
    help: 'Documents compiled and kept (at most 1000; GRAPHQL_COMPILE_AFTER).',
    registers: [registry],
    collect() {
      const executions = sources.graphqlExecutions?.();
      if (executions) this.set(executions.documents);
    },
  });
  const subscriptions = new Gauge({
    name: 'gateway_websocket_subscriptions',
    help: 'Active subscriptions by topic (the subscription root field).',
    labelNames: ['topic'] as const,
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'gateway_event_fanout_lag_seconds',
    help: 'Time from an event being committed to this instance handing it to its subscribers.',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'gateway_db_pool_connections',
    help: 'PostgreSQL pool connections: total, idle, and callers waiting for one.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const pool = sources.pool?.();
      if (!pool) return;
      this.set({ state: 'total' }, pool.total);
      this.set({ state: 'idle' }, pool.idle);
      this.set({ state: 'waiting' }, pool.waiting);
    },
  });
  const limited = new Counter({
    name: 'gateway_rate_limited_total',
    help: 'Operations refused with RATE_LIMITED, by bucket kind (customer, staff, partner).',
    labelNames: ['kind'] as const,
    registers: [registry],
  });

  return {
    registry,
    operation(sample) {
      const operation = operationLabel(sample.operation);
      operations.inc({ transport: sample.transport, operation, channel: sample.channel, outcome: sample.outcome });
      durations.observe({ transport: sample.transport, operation }, sample.durationSeconds);
      for (const code of sample.errorCodes) errors.inc({ code });
    },
    backendCall(sample) {
      backendCalls.inc({ backend: sample.backend, outcome: sample.outcome });
      backendDurations.observe({ backend: sample.backend }, sample.durationMs / 1000);
    },
    subscription(topic, delta) {
      subscriptions.inc({ topic }, delta);
    },
    fanoutLag(seconds) {
      lag.observe(Math.max(0, seconds));
    },
    rateLimited(kind) {
      limited.inc({ kind });
    },
    watch(more) {
      Object.assign(sources, more);
    },
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
