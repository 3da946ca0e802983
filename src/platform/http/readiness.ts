/** `GET /readyz`: can this instance serve traffic? The database and every backend must answer. */
import type { Backends } from '../../adapters/backends.js';
import { BACKENDS, type BackendName } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import { UpstreamError } from '../errors.js';

export interface CheckResult {
  ok: boolean;
  latencyMs: number;
  /** Why it failed; a code, never a host name or credential. */
  error?: string;
  /** For backends: the circuit breaker's state. */
  breaker?: string;
}

export interface Readiness {
  ready: boolean;
  checks: { database: CheckResult } & Record<BackendName, CheckResult>;
}

/** Runs every check in parallel, each bounded by `timeoutMs`. */
export async function checkReadiness(
  database: DatabaseHandle,
  backends: Backends,
  timeoutMs: number,
): Promise<Readiness> {
  const timed = async (check: () => Promise<void>): Promise<CheckResult> => {
    const started = performance.now();
    try {
      await Promise.race([
        check(),
        new Promise<never>((_, reject) => {
          setTimeout(() => reject(new Error('TIMEOUT')), timeoutMs).unref();
        }),
      ]);
      return { ok: true, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      const code = error instanceof UpstreamError ? error.code : error instanceof Error && error.message === 'TIMEOUT' ? 'TIMEOUT' : 'UNAVAILABLE';
      return { ok: false, latencyMs: Math.round(performance.now() - started), error: code };
    }
  };
  const [databaseResult, ...backendResults] = await Promise.all([
    timed(() => database.ping()),
    ...BACKENDS.map((name) => timed(() => backends.clients[name].checkHealth(timeoutMs))),
  ]);
  const checks = { database: databaseResult! } as Readiness['checks'];
  BACKENDS.forEach((name, i) => {
    checks[name] = { ...backendResults[i]!, breaker: backends.clients[name].stats().breaker };
  });
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}
