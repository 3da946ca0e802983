/**
 * The HTTP client every backend adapter sits on: keep-alive connection pool (undici), a timeout per
 * attempt cut to what remains of the operation's budget (src/platform/budget.ts), bounded jittered
 * retries while that budget lasts, and a sampling circuit breaker per backend (cockatiel).
 *
 * Every answer is classified once, here (`call` is the one place a call starts and ends):
 *
 * | answer                                   | comes out as                         | retried            | breaker |
 * | ---------------------------------------- | ------------------------------------ | ------------------ | ------- |
 * | 2xx, body of the agreed shape            | the value                            | —                  | success |
 * | 4xx with a code the caller expects       | `BackendRejection` (a value to map)  | no                 | success |
 * | 429                                      | UPSTREAM_THROTTLED (`retryAfterMs`)   | any method, after `Retry-After`, within budget | failure |
 * | other 4xx                                | UPSTREAM_INVALID (our request or the contract is wrong) | no | success |
 * | 5xx, network error                       | UPSTREAM_UNAVAILABLE                 | idempotent calls   | failure |
 * | no answer within the attempt's timeout   | UPSTREAM_TIMEOUT                     | idempotent calls   | failure |
 * | 2xx that is not JSON                     | UPSTREAM_INVALID                     | no                 | failure |
 * | 2xx JSON of the wrong shape              | UPSTREAM_INVALID                     | no                 | —       |
 * | breaker open                             | UPSTREAM_UNAVAILABLE                 | no                 | —       |
 *
 * A 429 means the backend did not act on the request, so repeating it is safe for any method.
 */
import {
  BrokenCircuitError,
  CircuitState,
  ExponentialBackoff,
  SamplingBreaker,
  circuitBreaker,
  halfJitterGenerator,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { z } from 'zod';
import type { CallScope } from '../platform/request-scope.js';
import type { RequestRecord } from '../platform/observability/request-record.js';
import { injectTraceHeaders, SpanKind, withSpan } from '../platform/observability/tracing.js';
import type { BackendName } from '../platform/config.js';
import { UpstreamError } from '../platform/errors.js';

export interface BackendClientOptions {
  name: BackendName;
  baseUrl: string;
  /** Per attempt. */
  timeoutMs: number;
  /** Extra attempts for idempotent calls that failed on the wire (and for throttled calls). */
  retries: number;
  /** The circuit breaker's policy; see {@link BreakerOptions} for the defaults. */
  breaker?: Partial<BreakerOptions>;
  /** Keep-alive connections to this backend. @default 32 */
  connections?: number;
  /** Told how every call ended (after retries): where metrics and logs attach. */
  onCallEnd?: (report: CallReport) => void;
  /** Told when the circuit breaker changes state (logged at warn). */
  onBreakerChange?: (state: BackendClientStats['breaker']) => void;
}

/**
 * A sampling breaker: it opens when, over the last `windowMs`, at least `minCalls` calls were made
 * and more than `failureRate` of them failed. Open, it lets one trial call through after a wait
 * of at most `halfOpenAfterMs` that doubles (jittered) up to `halfOpenMaxMs` while
 * trials keep failing; a trial that succeeds closes it and the wait starts small again. Short,
 * jittered waits are what let a flapping backend be used in its healthy half: a fixed wait as long
 * as the flapping period lands every trial in the down half; a wait that stays short (≤ 1 s by
 * default) loses at most that much of a healthy period, for one cheap trial call per wait.
 */
export interface BreakerOptions {
  failureRate: number;
  windowMs: number;
  minCalls: number;
  halfOpenAfterMs: number;
  halfOpenMaxMs: number;
}

export const DEFAULT_BREAKER: Readonly<BreakerOptions> = Object.freeze({
  failureRate: 0.5,
  windowMs: 10_000,
  minCalls: 10,
  halfOpenAfterMs: 500,
  halfOpenMaxMs: 1_000,
});

/** An attempt is not started with less than this left of the budget: it could not succeed. */
const MIN_ATTEMPT_MS = 25;

/** How one call ended, as `onCallEnd` reports it (metrics, logs). */
export type CallOutcome = 'ok' | 'refused' | UpstreamError['code'] | 'BREAKER_OPEN';

export interface CallReport {
  backend: BackendName;
  method: 'GET' | 'POST';
  path: string;
  outcome: CallOutcome;
  attempts: number;
  durationMs: number;
  /** The record of the operation that made the call; none for background work. */
  record: RequestRecord | undefined;
}

/** The backend answered 4xx with a code the caller expects: a refusal, the backend itself is healthy. */
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
  /** The request's budget, record and signal (request-scope.ts); none for background work. */
  scope?: CallScope | undefined;
  /**
   * The backend's error codes that are expected answers (an account not found, funds short): a 4xx
   * carrying one of them comes out as a `BackendRejection`. Any other 4xx is UPSTREAM_INVALID.
   */
  refusals?: readonly string[];
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
export function createBackendClient(clientOptions: BackendClientOptions): BackendClient {
  const { name, timeoutMs, retries, onCallEnd } = clientOptions;
  const pool = new Pool(clientOptions.baseUrl, {
    connections: clientOptions.connections ?? 32,
    keepAliveTimeout: 10_000,
    // The per-attempt timeout below is the one that counts; these only stop a stuck socket.
    headersTimeout: timeoutMs * 4,
    bodyTimeout: timeoutMs * 4,
  });
  const counters = { calls: 0, attempts: 0 };
  const breakerOptions = { ...DEFAULT_BREAKER, ...clientOptions.breaker };

  const breaker: CircuitBreakerPolicy = circuitBreaker(
    // Only the backend's own failures count; a refusal or a request it could not accept does not.
    handleWhen((error) => error instanceof UpstreamError),
    {
      // Half jitter: each wait is in [d/2, d) for d = initial, 2×initial, … up to the max.
      halfOpenAfter: new ExponentialBackoff({
        generator: halfJitterGenerator,
        initialDelay: breakerOptions.halfOpenAfterMs,
        maxDelay: breakerOptions.halfOpenMaxMs,
      }),
      breaker: new SamplingBreaker({
        threshold: breakerOptions.failureRate,
        duration: breakerOptions.windowMs,
        minimumRps: breakerOptions.minCalls / (breakerOptions.windowMs / 1000),
      }),
    },
  );
  const { onBreakerChange } = clientOptions;
  if (onBreakerChange) breaker.onStateChange((state) => onBreakerChange(breakerState(state)));

  /**
   * One attempt: one HTTP exchange within `attemptMs` (or until the caller aborts), classified (see
   * the table at the top). One async frame per attempt: the deadline is cleared however it ends.
   */
  async function attempt(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    attemptMs: number,
    callerSignal: AbortSignal | undefined,
  ): Promise<unknown> {
    counters.attempts += 1;
    const deadline = new Deadline(attemptMs, callerSignal);
    try {
      let response;
      try {
        response = await pool.request({
          method,
          path,
          signal: deadline,
          headers: injectTraceHeaders(body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' }),
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        if (deadline.timedOut) throw new UpstreamError('UPSTREAM_TIMEOUT', name, `${method} ${path} took over ${attemptMs} ms`, { cause: error });
        throw new UpstreamError('UPSTREAM_UNAVAILABLE', name, `${method} ${path}: ${(error as Error).message}`, { cause: error });
      }
      let text: string;
      try {
        text = await response.body.text();
      } catch (error) {
        if (deadline.timedOut) throw new UpstreamError('UPSTREAM_TIMEOUT', name, `${method} ${path} body took over ${attemptMs} ms`, { cause: error });
        throw new UpstreamError('UPSTREAM_UNAVAILABLE', name, `${method} ${path}: body: ${(error as Error).message}`, { cause: error });
      }
      const status = response.statusCode;
      if (status >= 500) throw new UpstreamError('UPSTREAM_UNAVAILABLE', name, `${method} ${path} answered ${status}`);
      if (status === 429) {
        throw new UpstreamError('UPSTREAM_THROTTLED', name, `${method} ${path} answered 429`, {
          retryAfterMs: retryAfterMs(response.headers['retry-after']),
        });
      }
      let json: unknown;
      try {
        json = text === '' ? null : JSON.parse(text);
      } catch {
        if (status >= 400) throw new BackendRejection(name, status, undefined, `status ${status}, body not JSON`);
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
    } finally {
      deadline.clear();
    }
  }

  /**
   * Attempts through the breaker until one answers, the error is not worth repeating, the retries
   * are used up, or the budget would run out before the next attempt could finish.
   */
  async function attempts(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    options: RequestOptions,
    tries: { count: number },
  ): Promise<unknown> {
    const budget = options.scope?.budget;
    const signal = options.scope?.signal;
    const idempotent = method === 'GET' || options.idempotent === true;
    for (;;) {
      const left = budget ? budget.remainingMs() : Number.POSITIVE_INFINITY;
      if (left < MIN_ATTEMPT_MS) {
        throw new UpstreamError('UPSTREAM_TIMEOUT', name, `${method} ${path}: the request's ${Math.round(budget!.totalMs)} ms budget was spent`);
      }
      const attemptMs = Math.min(timeoutMs, Math.floor(left));
      tries.count += 1;
      try {
        return await breaker.execute(() => attempt(method, path, body, attemptMs, signal), signal);
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          throw new UpstreamError('UPSTREAM_UNAVAILABLE', name, 'circuit breaker is open', { cause: error });
        }
        if (!(error instanceof UpstreamError) || tries.count > retries) throw error;
        const throttled = error.code === 'UPSTREAM_THROTTLED';
        if (!throttled && (!idempotent || error.code === 'UPSTREAM_INVALID')) throw error;
        const wait = throttled && error.retryAfterMs !== undefined ? error.retryAfterMs : jitteredBackoff(tries.count);
        // Without a budget (background work) a throttled call waits at most one attempt's timeout.
        const room = budget ? budget.remainingMs() - MIN_ATTEMPT_MS : timeoutMs;
        if (wait > room) throw error;
        await sleep(wait, undefined, signal ? { signal } : undefined);
      }
    }
  }

  /** The one place a backend call starts and ends: traced as a CLIENT span (its context goes out in `traceparent`). */
  function call<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: S,
    options: RequestOptions = {},
  ): Promise<z.output<S>> {
    return withSpan(`${name} ${method}`, { 'http.request.method': method, 'gateway.backend': name }, () => callTraced(method, path, body, schema, options), {
      kind: SpanKind.CLIENT,
    });
  }

  async function callTraced<S extends z.ZodType>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    schema: S,
    options: RequestOptions,
  ): Promise<z.output<S>> {
    counters.calls += 1;
    const startedAt = performance.now();
    const tries = { count: 0 };
    let outcome: CallOutcome = 'ok';
    try {
      let json: unknown;
      try {
        json = await attempts(method, path, body, options, tries);
      } catch (error) {
        if (error instanceof BackendRejection && (error.code === undefined || !options.refusals?.includes(error.code))) {
          throw new UpstreamError('UPSTREAM_INVALID', name, `${method} ${path}: unexpected refusal: ${error.message}`, { cause: error });
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
    } catch (error) {
      outcome =
        error instanceof BackendRejection
          ? 'refused'
          : error instanceof UpstreamError
            ? error.cause instanceof BrokenCircuitError
              ? 'BREAKER_OPEN'
              : error.code
            : 'UPSTREAM_UNAVAILABLE';
      throw error;
    } finally {
      onCallEnd?.({ backend: name, method, path, outcome, attempts: tries.count, durationMs: performance.now() - startedAt, record: options.scope?.record });
    }
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

/** The wait before retry `n` (1, 2, …): 25 ms doubling up to 250 ms, each with ±50% jitter. */
function jitteredBackoff(n: number): number {
  return Math.min(250, 25 * 2 ** (n - 1)) * (0.5 + Math.random());
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
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
