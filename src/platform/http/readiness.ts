/**
 * `GET /readyz`: should the load balancer send this instance traffic?
 *
 * Only what the instance cannot work without fails readiness: the database and the event listener
 * (live updates, revocations). Backends are reported with their breaker state but never fail it:
 * the gateway answers partially when one is down, and a backend outage would otherwise take every
 * instance out of the load balancer at once.
 */
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
  /** What readiness depends on. */
  checks: { database: CheckResult; events: CheckResult };
  /** Reported only: a backend that is down makes fields null, not the instance unready. */
  backends: Record<BackendName, CheckResult>;
}

export interface ReadinessSources {
  database: DatabaseHandle;
  backends: Backends;
  /** Whether the database's LISTEN connection (events, revocations) is up. */
  eventsListening: () => boolean;
  /** Bound on each check. */
  timeoutMs: number;
}

/** Runs every check in parallel, each bounded by `timeoutMs`. */
export async function checkReadiness(sources: ReadinessSources): Promise<Readiness> {
  const { database, backends, timeoutMs } = sources;
  const timed = async (check: () => Promise<void>): Promise<CheckResult> => {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        check(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('TIMEOUT')), timeoutMs);
        }),
      ]);
      return { ok: true, latencyMs: Math.round(performance.now() - started) };
    } catch (error) {
      const code = error instanceof UpstreamError ? error.code : error instanceof Error && error.message === 'TIMEOUT' ? 'TIMEOUT' : 'UNAVAILABLE';
      return { ok: false, latencyMs: Math.round(performance.now() - started), error: code };
    } finally {
      clearTimeout(timer);
    }
  };
  const [databaseResult, ...backendResults] = await Promise.all([
    timed(() => database.ping()),
    ...BACKENDS.map((name) => timed(() => backends.clients[name].checkHealth(timeoutMs))),
  ]);
  const listening = sources.eventsListening();
  const checks: Readiness['checks'] = {
    database: databaseResult!,
    events: listening ? { ok: true, latencyMs: 0 } : { ok: false, latencyMs: 0, error: 'NOT_LISTENING' },
  };
  const reported = {} as Readiness['backends'];
  BACKENDS.forEach((name, i) => {
    reported[name] = { ...backendResults[i]!, breaker: backends.clients[name].stats().breaker };
  });
  return { ready: checks.database.ok && checks.events.ok, checks, backends: reported };
}
