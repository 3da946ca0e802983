/**
 * Ratios that can be trusted on a busy machine: two servers measured under the same load in
 * alternating pairs, the order alternated too (A then B, then B then A, …), so that drift in the
 * machine's load and warm-up favour neither side. Each pair gives a throughput ratio (A req/s ÷
 * B req/s) and a CPU-normalised ratio (B's CPU per request ÷ A's CPU per request, from /proc: the
 * server process's utime + stime over the measured window); the report is the median of the pairs
 * with min–max. The CPU ratio is the headline: it does not depend on what else the machine runs.
 */
import { runLoad, type LoadOptions, type LoadResult, type LoadTarget } from './load.js';

/** One side of a comparison: what to send, and which process's CPU counts as its cost. */
export interface Side {
  target: LoadTarget;
  /** Key of the server process in `sampleCpu()`'s result, e.g. `gateway`. */
  process: string;
}

/** Median and range of a series. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  values: number[];
}

export interface PairsResult {
  /** What is compared, e.g. `{ __typename }: gateway ÷ bare Apollo`. */
  label: string;
  pairs: {
    /** Which side ran first in this pair. */
    first: 'a' | 'b';
    a: LoadResult;
    b: LoadResult;
    /** A req/s ÷ B req/s. */
    throughputRatio: number;
    /** B CPU µs/request ÷ A CPU µs/request (1.0: A costs what B costs; 0.5: A costs twice as much). */
    cpuRatio: number;
    /** The same with user time only (`<process>:user` in `sampleCpu()`), when sampled. */
    userCpuRatio: number;
  }[];
  throughputRatio: Spread;
  cpuRatio: Spread;
  userCpuRatio: Spread;
  /** CPU µs per request of each side's server process, per pair. */
  cpuMicrosA: Spread;
  cpuMicrosB: Spread;
  requestsPerSecondA: Spread;
  requestsPerSecondB: Spread;
}

/** Median (mean of the middle two for an even count), min and max. */
export function spread(values: readonly number[]): Spread {
  const sorted = [...values].filter(Number.isFinite).sort((x, y) => x - y);
  if (sorted.length === 0) return { median: NaN, min: NaN, max: NaN, values: [...values] };
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, values: [...values] };
}

/**
 * Runs `pairs` pairs of A and B, A first in even pairs and B first in odd ones.
 * @throws on the first wrong answer (see runLoad)
 */
export async function runPairs(
  label: string,
  a: Side,
  b: Side,
  options: LoadOptions & { pairs: number; log?: (line: string) => void },
): Promise<PairsResult> {
  if (!options.sampleCpu) throw new Error('runPairs needs sampleCpu: the CPU ratio is the headline');
  const pairs: PairsResult['pairs'] = [];
  for (let i = 0; i < options.pairs; i += 1) {
    const first = i % 2 === 0 ? 'a' : 'b';
    const order = first === 'a' ? [a, b] : [b, a];
    const results: LoadResult[] = [];
    for (const side of order) {
      options.log?.(`  ${label}: pair ${i + 1}/${options.pairs}, ${side.target.label} …`);
      results.push(await runLoad(side.target, options));
    }
    const [resultA, resultB] = first === 'a' ? results : [...results].reverse();
    if (!resultA || !resultB) throw new Error('a pair did not run');
    const cpuA = resultA.cpuMicrosPerRequest[a.process] ?? NaN;
    const cpuB = resultB.cpuMicrosPerRequest[b.process] ?? NaN;
    pairs.push({
      first,
      a: resultA,
      b: resultB,
      throughputRatio: resultA.requestsPerSecond / resultB.requestsPerSecond,
      cpuRatio: cpuB / cpuA,
      userCpuRatio: (resultB.cpuMicrosPerRequest[`${b.process}:user`] ?? NaN) / (resultA.cpuMicrosPerRequest[`${a.process}:user`] ?? NaN),
    });
  }
  return {
    label,
    pairs,
    throughputRatio: spread(pairs.map((pair) => pair.throughputRatio)),
    cpuRatio: spread(pairs.map((pair) => pair.cpuRatio)),
    userCpuRatio: spread(pairs.map((pair) => pair.userCpuRatio)),
    cpuMicrosA: spread(pairs.map((pair) => pair.a.cpuMicrosPerRequest[a.process] ?? NaN)),
    cpuMicrosB: spread(pairs.map((pair) => pair.b.cpuMicrosPerRequest[b.process] ?? NaN)),
    requestsPerSecondA: spread(pairs.map((pair) => pair.a.requestsPerSecond)),
    requestsPerSecondB: spread(pairs.map((pair) => pair.b.requestsPerSecond)),
  };
}

/** `0.93× (0.90–0.97)`. */
export function formatSpread(value: Spread, decimals = 2, unit = '×'): string {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(decimals) : 'n/a');
  return `${f(value.median)}${unit} (${f(value.min)}–${f(value.max)})`;
}

/** A compact, machine-readable form of a comparison for bench/results.json. */
export function pairsSummary(result: PairsResult, names: { a: string; b: string }) {
  const round = (n: number, d = 3) => (Number.isFinite(n) ? Number(n.toFixed(d)) : null);
  const s = (value: Spread, d = 3) => ({ median: round(value.median, d), min: round(value.min, d), max: round(value.max, d) });
  return {
    label: result.label,
    a: names.a,
    b: names.b,
    pairs: result.pairs.length,
    cpuRatio: s(result.cpuRatio),
    userCpuRatio: s(result.userCpuRatio),
    throughputRatio: s(result.throughputRatio),
    cpuMicrosPerRequest: { [names.a]: s(result.cpuMicrosA, 1), [names.b]: s(result.cpuMicrosB, 1) },
    requestsPerSecond: { [names.a]: s(result.requestsPerSecondA, 0), [names.b]: s(result.requestsPerSecondB, 0) },
    order: result.pairs.map((pair) => (pair.first === 'a' ? `${names.a} first` : `${names.b} first`)),
  };
}
