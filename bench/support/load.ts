/**
 * The load generator: a fixed number of workers, each sending one request after another (closed
 * loop) over its own keep-alive connection, for a fixed time after a warm-up. Every answer is
 * checked; one wrong answer stops the run with an error.
 */
import { isDeepStrictEqual } from 'node:util';
import { Pool } from 'undici';
import { assertLoopback, GRAPHQL_HEADERS } from './client.js';

/** What to send, and the answer every request must get. */
export interface LoadTarget {
  /** Shown in the results table. */
  label: string;
  /** Full URL, e.g. `http://127.0.0.1:31300/graphql`. */
  url: string;
  headers: Record<string, string>;
  /** The POST body (a GraphQL request). */
  body: string;
  /**
   * The reference answer: a response is correct when it is byte-equal to it, or (checked only
   * when the bytes differ) parses to a deep-equal value without `errors`.
   */
  expected: string;
}

export interface LoadOptions {
  workers: number;
  warmupMs: number;
  durationMs: number;
  /** Hard cap on requests in one run (warm-up included), whatever the duration. */
  maxRequests: number;
  /** Called when measurement starts and again when it ends; returns CPU ms per process. */
  sampleCpu?: () => Record<string, number | undefined>;
}

export interface LoadResult {
  label: string;
  /** Correct responses completed in the measured window. */
  completed: number;
  elapsedMs: number;
  requestsPerSecond: number;
  latency: LatencySummary;
  /** CPU used per process during the measured window, in µs per completed request. */
  cpuMicrosPerRequest: Record<string, number | undefined>;
  /** CPU used per process during the measured window, in cores (1.0 = one core busy). */
  cores: Record<string, number | undefined>;
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

/**
 * Runs one load test.
 * @throws on the first wrong answer (status, `errors`, or data that differs from `expected`)
 *   or transport error, after stopping every worker
 */
export async function runLoad(target: LoadTarget, options: LoadOptions): Promise<LoadResult> {
  assertLoopback(target.url);
  const url = new URL(target.url);
  const pool = new Pool(url.origin, {
    connections: options.workers,
    keepAliveTimeout: 10_000,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const path = url.pathname + url.search;
  const headers = { ...GRAPHQL_HEADERS, ...target.headers };
  const expectedValue: unknown = JSON.parse(target.expected);

  const latencies: number[] = [];
  let sent = 0;
  let failure: Error | undefined;
  const start = performance.now();
  const measureStart = start + options.warmupMs;
  const measureEnd = measureStart + options.durationMs;
  let cpuBefore: Record<string, number | undefined> = {};
  const cpuTimer = setTimeout(() => {
    cpuBefore = options.sampleCpu?.() ?? {};
  }, options.warmupMs);

  const check = (status: number, text: string) => {
    if (status === 200 && text === target.expected) return;
    let parsed: { errors?: unknown } | undefined;
    try {
      parsed = JSON.parse(text) as { errors?: unknown };
    } catch {
      // reported below
    }
    if (status === 200 && parsed && parsed.errors === undefined && isDeepStrictEqual(parsed, expectedValue)) return;
    throw new Error(`${target.label}: wrong answer (HTTP ${status}):\n${text.slice(0, 1_000)}\nexpected:\n${target.expected.slice(0, 1_000)}`);
  };

  const worker = async () => {
    while (!failure && sent < options.maxRequests) {
      const began = performance.now();
      if (began >= measureEnd) return;
      sent += 1;
      try {
        const response = await pool.request({ method: 'POST', path, headers, body: target.body });
        const text = await response.body.text();
        check(response.statusCode, text);
      } catch (error) {
        failure ??= error as Error;
        return;
      }
      if (began >= measureStart) latencies.push(performance.now() - began);
    }
  };

  try {
    await Promise.all(Array.from({ length: options.workers }, worker));
  } finally {
    clearTimeout(cpuTimer);
    await pool.close();
  }
  if (failure) throw failure;
  const finished = performance.now();
  const cpuAfter = options.sampleCpu?.() ?? {};

  const elapsedMs = finished - measureStart;
  const completed = latencies.length;
  const cpuMicrosPerRequest: Record<string, number | undefined> = {};
  const cores: Record<string, number | undefined> = {};
  for (const [name, after] of Object.entries(cpuAfter)) {
    const before = cpuBefore[name];
    const used = after === undefined || before === undefined ? undefined : after - before;
    cpuMicrosPerRequest[name] = used === undefined || completed === 0 ? undefined : (used * 1000) / completed;
    cores[name] = used === undefined ? undefined : used / elapsedMs;
  }
  return {
    label: target.label,
    completed,
    elapsedMs,
    requestsPerSecond: (completed * 1000) / elapsedMs,
    latency: summarize(latencies),
    cpuMicrosPerRequest,
    cores,
  };
}

/** p50/p95/p99 (nearest rank) and mean of latencies in ms. */
export function summarize(latencies: readonly number[]): LatencySummary {
  if (latencies.length === 0) return { p50: NaN, p95: NaN, p99: NaN, mean: NaN };
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
  return {
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    mean: sorted.reduce((sum, value) => sum + value, 0) / sorted.length,
  };
}

/**
 * Runs `call` sequentially: `warmup` unmeasured calls, then up to `count` measured ones, stopping
 * early when `maxMs` has passed.
 * @returns the latency of each measured call in ms
 */
export async function sequentialLatencies(
  call: () => Promise<void>,
  options: { warmup: number; count: number; maxMs: number },
): Promise<number[]> {
  for (let i = 0; i < options.warmup; i += 1) await call();
  const latencies: number[] = [];
  const deadline = performance.now() + options.maxMs;
  for (let i = 0; i < options.count && performance.now() < deadline; i += 1) {
    const began = performance.now();
    await call();
    latencies.push(performance.now() - began);
  }
  return latencies;
}
