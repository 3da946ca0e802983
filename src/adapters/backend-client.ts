/**
 * The HTTP client every backend adapter sits on: keep-alive connection pool (undici), a timeout per
 * attempt, bounded jittered retries for idempotent reads only, and a circuit breaker per backend
 * (cockatiel). Whatever goes wrong on the wire comes out as a typed `UpstreamError`; a 4xx answer
 * comes out as a `BackendRejection` the adapter can map to a domain result.
 *
 * Response bodies are validated with a zod schema where they enter: a body of the wrong shape is
 * UPSTREAM_INVALID, never a crash or a wrong answer further in.
 */
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  retry,
  type CircuitBreakerPolicy,
  type RetryPolicy,
} from 'cockatiel';
import { EventEmitter } from 'node:events';
import { Pool } from 'undici';
import type { z } from 'zod';
import type { BackendName } from '../platform/config.js';
import { UpstreamError } from '../platform/errors.js';
import { injectTraceHeaders, SpanKind, withSpan } from '../platform/observability/tracing.js';

export interface BackendClientOptions {
  name: BackendName;
  baseUrl: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Extra attempts for idempotent calls that failed on the wire. */
  retries: number;
  /** Consecutive failed calls that open the breaker. */
  breakerThreshold: number;
  breakerHalfOpenAfterMs: number;
  /** Keep-alive connections to this backend. @default 32 */
  connections?: number;
  /** Told how every call ended (after retries): where metrics and logs attach. */
  onCallEnd?: (report: CallReport) => void;
  /** Told when the circuit breaker changes state (logged at warn). */
  onBreakerChange?: (state: BackendClientStats['breaker']) => void;
}

/** How one call ended, as `onCallEnd` reports it: 'ok', 'refused' (a 4xx) or the error code. */
export interface CallReport {
  backend: BackendName;
  method: 'GET' | 'POST';
  path: string;
  outcome: 'ok' | 'refused' | UpstreamError['code'];
  durationMs: number;
}

/** The backend answered 4xx: our request was refused, the backend itself is healthy. */
export class BackendRejection extends Error {
  constructor(
    readonly backend: BackendName,
    readonly status: number,
    /** The backend's own error code, when it sent one. */
    readonly code: string | undefined,
    message: string,
  ) {
    super(`${backend} rejected the request (${status} ${code ?? ''}): ${message}`);
    this.name = 'BackendRejection';
  }
}

export interface RequestOptions {
  /** Safe to repeat: only these calls are retried. GET is idempotent by definition. */
  idempotent?: boolean;
  signal?: AbortSignal;
}

/** Counts what the client did, for tests, benchmarks and /readyz. */
export interface BackendClientStats {
  calls: number;
  attempts: number;
  breaker: 'closed' | 'open' | 'half-open' | 'isolated';
}

export interface BackendClient {
  readonly name: BackendName;
  get<S extends z.ZodType>(path: string, schema: S, options?: RequestOptions): Promise<z.output<S>>;
  post<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    options?: RequestOptions,
  ): Promise<z.output<S>>;
  /**
   * One attempt at `GET /health`, bypassing retries and the breaker so that readiness reflects the
   * backend now; the breaker's state is reported beside it.
   */
  checkHealth(timeoutMs?: number): Promise<void>;
  stats(): BackendClientStats;
  close(): Promise<void>;
}

/**
 * One attempt's deadline, as the abort signal undici listens to. undici takes an EventEmitter with
 * `aborted` as well as an AbortSignal, and this one costs a fraction of an AbortController (which
 * showed as ~7% of a backend call's CPU). Not AbortSignal.timeout either: its timer cannot be
 * cleared, so it fires (and builds a DOMException) long after every answer.
 */
class Deadline extends EventEmitter {
  aborted = false;
  timedOut = false;
  readonly #timer: NodeJS.Timeout;
  readonly #caller: AbortSignal | undefined;
  readonly #onCallerAbort = () => this.#abort();

  constructor(timeoutMs: number, caller: AbortSignal | undefined) {
    super();
    this.#timer = setTimeout(() => {
      this.timedOut = true;
      this.#abort();
    }, timeoutMs);
    this.#caller = caller;
    if (caller?.aborted) this.aborted = true;
    else caller?.addEventListener('abort', this.#onCallerAbort, { once: true });
  }

  #abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
  }

  clear(): void {
    clearTimeout(this.#timer);
    this.#caller?.removeEventListener('abort', this.#onCallerAbort);
  }
}

/** Creates the client for one backend. Share it: the breaker only works when shared. */
export function createBackendClient(options: BackendClientOptions): BackendClient {
  const { name, timeoutMs } = options;
  const pool = new Pool(options.baseUrl, {
    connections: options.connections ?? 32,
    keepAliveTimeout: 10_000,
    // The per-attempt timeout below is the one that counts; these only stop a stuck socket.
    headersTimeout: timeoutMs * 4,
    bodyTimeout: timeoutMs * 4,
  });
  const counters = { calls: 0, attempts: 0 };

  const breaker: CircuitBreakerPolicy = circuitBreaker(
    // A 4xx is the caller's problem, not the backend's: it never trips the breaker.
    handleWhen((error) => error instanceof UpstreamError),
    {
      halfOpenAfter: options.breakerHalfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.breakerThreshold),
    },
  );
  if (options.onBreakerChange) breaker.onStateChange((state) => options.onBreakerChange!(breakerState(state)));
  const retrying: RetryPolicy = retry(
    handleWhen((error) => error instanceof UpstreamError && error.code !== 'UPSTREAM_INVALID'),
    {
      maxAttempts: options.retries,
      backoff: new ExponentialBackoff({ initialDelay: 25, maxDelay: 250 }),
    },
  );

  async function attempt(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    callerSignal: AbortSignal | undefined,
  ): Promise<unknown> {
    counters.attempts += 1;
    const deadline = new Deadline(timeoutMs, callerSignal);
    try {
      return await exchange(method, path, body, deadline, () => deadline.timedOut);
    } finally {
      deadline.clear();
    }
  }

  async function exchange(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    signal: Deadline,
    timedOut: () => boolean,
  ): Promise<unknown> {
    let response;
    try {
      response = await pool.request({
        method,
        path,
        signal,
        headers: injectTraceHeaders(body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' }),
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      if (timedOut()) throw new UpstreamError('UPSTREAM_TIMEOUT', name, `${method} ${path} took over ${timeoutMs} ms`, { cause: error });
      throw new UpstreamError('UPSTREAM_UNAVAILABLE', name, `${method} ${path}: ${(error as Error).message}`, { cause: error });
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      if (timedOut()) throw new UpstreamError('UPSTREAM_TIMEOUT', name, `${method} ${path} body took over ${timeoutMs} ms`, { cause: error });
      throw new UpstreamError('UPSTREAM_UNAVAILABLE', name, `${method} ${path}: body: ${(error as Error).message}`, { cause: error });
    }
    const status = response.statusCode;
    if (status >= 500) throw new UpstreamError('UPSTREAM_UNAVAILABLE', name, `${method} ${path} answered ${status}`);
    let json: unknown;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      throw new UpstreamError('UPSTREAM_INVALID', name, `${method} ${path} answered ${status} with a body that is not JSON`);
    }
    if (status >= 400) {
      const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      throw new BackendRejection(
        name,
        status,
        typeof error?.code === 'string' ? error.code : undefined,
        typeof error?.message === 'string' ? error.message : `status ${status}`,
      );
    }
    return json;
  }

  /** One call, timed, reported to `onCallEnd` and traced as a CLIENT span (whose context goes in `traceparent`). */
  function call<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: S,
    requestOptions?: RequestOptions,
  ): Promise<z.output<S>> {
    const startedAt = performance.now();
    let outcome: CallReport['outcome'] = 'ok';
    return withSpan(`${name} ${method}`, { 'http.request.method': method, 'gateway.backend': name }, async () => {
      try {
        return await callOnce(method, path, body, schema, requestOptions);
      } catch (error) {
        outcome = error instanceof UpstreamError ? error.code : 'refused';
        throw error;
      } finally {
        options.onCallEnd?.({ backend: name, method, path, outcome, durationMs: performance.now() - startedAt });
      }
    }, { kind: SpanKind.CLIENT });
  }

  async function callOnce<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: S,
    options: RequestOptions = {},
  ): Promise<z.output<S>> {
    counters.calls += 1;
    const idempotent = method === 'GET' || options.idempotent === true;
    const once = () =>
      breaker.execute(() => attempt(method, path, body, options.signal), options.signal);
    let json: unknown;
    try {
      json = idempotent ? await retrying.execute(once, options.signal) : await once();
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw new UpstreamError('UPSTREAM_UNAVAILABLE', name, 'circuit breaker is open', { cause: error });
      }
      throw error;
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new UpstreamError(
        'UPSTREAM_INVALID',
        name,
        `${method} ${path}: unexpected body: ${parsed.error.issues[0]?.path.join('.')} ${parsed.error.issues[0]?.message}`,
      );
    }
    return parsed.data;
  }

  return {
    name,
    get: (path, schema, options) => call('GET', path, undefined, schema, options),
    post: (path, body, schema, options) => call('POST', path, body, schema, options),
    async checkHealth(healthTimeoutMs = timeoutMs) {
      const signal = AbortSignal.timeout(healthTimeoutMs);
      try {
        const response = await pool.request({ method: 'GET', path: '/health', signal });
        await response.body.dump();
        if (response.statusCode !== 200) {
          throw new UpstreamError('UPSTREAM_UNAVAILABLE', name, `health answered ${response.statusCode}`);
        }
      } catch (error) {
        if (error instanceof UpstreamError) throw error;
        if (signal.aborted) throw new UpstreamError('UPSTREAM_TIMEOUT', name, 'health check timed out');
        throw new UpstreamError('UPSTREAM_UNAVAILABLE', name, (error as Error).message);
      }
    },
    stats: () => ({ ...counters, breaker: breakerState(breaker.state) }),
    close: () => pool.destroy(),
  };
}

function breakerState(state: CircuitState): BackendClientStats['breaker'] {
  switch (state) {
    case CircuitState.Closed:
      return 'closed';
    case CircuitState.Open:
      return 'open';
    case CircuitState.HalfOpen:
      return 'half-open';
    case CircuitState.Isolated:
      return 'isolated';
  }
}
