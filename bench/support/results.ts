/**
 * bench/results.json: the machine-readable summary beside the printed tables. Several benchmarks
 * write it, each under its own keys: read, merge, write (the other keys are kept).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'results.json');

/** Where and when a figure was measured: ratios mean little without the machine's load. */
export function machineInfo(loadBefore: number): Record<string, unknown> {
  return {
    measuredAt: new Date().toISOString(),
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    loadAverage1mBefore: Number(loadBefore.toFixed(2)),
    loadAverage1mAfter: Number((os.loadavg()[0] ?? NaN).toFixed(2)),
  };
}

/** Sets `key` in bench/results.json, keeping every other key. */
export function writeResult(key: string, value: unknown): void {
  let current: Record<string, unknown> = {};
  if (existsSync(RESULTS_FILE)) {
    try {
      current = JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>;
    } catch {
      current = {};
    }
  }
  current[key] = value;
  const temporary = `${RESULTS_FILE}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(current, null, 2)}\n`);
  renameSync(temporary, RESULTS_FILE);
}
