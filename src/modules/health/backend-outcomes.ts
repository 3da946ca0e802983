/**
 * Backend call outcomes for `backend_availability`: counted in memory per (minute, backend) on the
 * call path (a map increment, no I/O), added to `backend_call_minutes` every few seconds and at
 * shutdown with one upsert per counter (`ok = ok + excluded.ok`). Several instances add up; a
 * failed flush keeps its counts for the next one.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import type { Logger } from '../../platform/logger.js';
import { backendCallMinutes } from './health.tables.js';

/** Answered: a result, or a refusal the caller expects. Anything else the backend did not answer. */
export const ANSWERED_OUTCOMES: readonly string[] = Object.freeze(['ok', 'refused']);

export interface BackendOutcomes {
  /** Counts one call (after retries) that ended now. */
  record(backend: string, outcome: string): void;
  /** Adds the counts so far to the table. */
  flush(): Promise<void>;
  start(intervalMs: number): void;
  /** Stops the timer and flushes what is left. */
  stop(): Promise<void>;
}

const MINUTE = 60_000;

export function createBackendOutcomes(deps: { db: Database; log: Logger; now?: () => number }): BackendOutcomes {
  const now = deps.now ?? (() => Date.now());
  let counts = new Map<string, { minute: number; backend: string; ok: number; failed: number }>();
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();

  async function write(): Promise<void> {
    if (counts.size === 0) return;
    const batch = counts;
    counts = new Map();
    try {
      await deps.db
        .insert(backendCallMinutes)
        .values([...batch.values()].map((c) => ({ minute: new Date(c.minute), backend: c.backend, ok: c.ok, failed: c.failed })))
        .onConflictDoUpdate({
          target: [backendCallMinutes.minute, backendCallMinutes.backend],
          set: { ok: sql`${backendCallMinutes.ok} + excluded.ok`, failed: sql`${backendCallMinutes.failed} + excluded.failed` },
        });
    } catch (error) {
      // Kept for the next flush: availability is late, not lost.
      for (const [key, c] of batch) {
        const into = counts.get(key);
        if (into) {
          into.ok += c.ok;
          into.failed += c.failed;
        } else counts.set(key, c);
      }
      deps.log.warn({ err: error }, 'backend call counts not stored; retrying at the next flush');
    }
  }

  const flush = () => (flushing = flushing.then(write));

  return {
    record(backend, outcome) {
      const minute = Math.floor(now() / MINUTE) * MINUTE;
      const key = `${minute}|${backend}`;
      let c = counts.get(key);
      if (!c) counts.set(key, (c = { minute, backend, ok: 0, failed: 0 }));
      if (ANSWERED_OUTCOMES.includes(outcome)) c.ok += 1;
      else c.failed += 1;
    },
    flush,
    start(intervalMs) {
      timer = setInterval(() => void flush(), intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await flush();
    },
  };
}
