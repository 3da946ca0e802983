/**
 * Leases on in-flight work, shared by every instance through the database. Whoever works on a
 * subject (a request, a staff retry, the sweep) claims its lease and renews it while it works; the
 * claim is one atomic `INSERT … ON CONFLICT DO UPDATE … WHERE the lease lapsed`, so two instances
 * never both hold it. When an instance stops (even `kill -9`), its leases lapse after `leaseMs`,
 * and another instance's sweep claims the work and finishes it through the same idempotent path.
 *
 * Leases keep the work from being done twice at the same time; "exactly once" toward backends
 * comes from the work itself (status checks under the row lock, the same idempotency key to core
 * banking), so a stalled holder that lost its lease is still harmless.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import type { Logger } from '../logger.js';
import { workLeases } from './work-leases.tables.js';

export type LeaseRow = typeof workLeases.$inferSelect;

/** What a piece of work reports when it ends: how it was settled, or that it is still open. */
export interface WorkResult<T> {
  value: T;
  /** The final outcome (`POSTED`, `OPENED`…), or null when the work is still open (retry later). */
  outcome: string | null;
  /** What settling learned, for the report (e.g. `core banking had applied the key`). */
  note?: string;
}

export interface Leases {
  /**
   * Runs `work` under the lease of (kind, subjectId), renewing it meanwhile.
   * @returns `{ claimed: false }` when another live claim holds it (nothing was run).
   * A throw from `work` counts as a failed attempt (recorded with its message) and is rethrown.
   */
  run<T>(
    kind: string,
    subjectId: string,
    actor: string,
    work: () => Promise<WorkResult<T>>,
  ): Promise<{ claimed: true; value: T } | { claimed: false }>;
  /** Recovery records, most recently changed first (for the reconciliation report). */
  list(filter: { kinds: readonly string[]; limit: number }): Promise<LeaseRow[]>;
  /** Whether a live lease is held on (kind, subjectId) now. */
  held(kind: string, subjectId: string): Promise<boolean>;
}

export interface LeaseOptions {
  db: Database;
  log: Logger;
  /** How long a claim lasts without renewal; renewed every third of it. */
  leaseMs: number;
  /** This instance, in the claim tokens (for logs and the report). */
  instanceId?: string;
  now?: () => Date;
}

export function createLeases(options: LeaseOptions): Leases {
  const { db, log, leaseMs } = options;
  const now = options.now ?? (() => new Date());
  const instanceId = options.instanceId ?? randomUUID().slice(0, 8);
  const t = workLeases;
  const key = (kind: string, subjectId: string) => and(eq(t.kind, kind), eq(t.subjectId, subjectId));

  async function claim(kind: string, subjectId: string): Promise<{ token: string; attempts: number } | undefined> {
    const token = `${instanceId}:${randomUUID()}`;
    const at = now();
    const until = new Date(at.getTime() + leaseMs);
    const [row] = await db
      .insert(t)
      .values({ kind, subjectId, owner: token, leaseUntil: until, attempts: 0, createdAt: at, updatedAt: at })
      .onConflictDoUpdate({
        target: [t.kind, t.subjectId],
        set: { owner: token, leaseUntil: until, updatedAt: at },
        setWhere: or(isNull(t.owner), isNull(t.leaseUntil), lt(t.leaseUntil, at)),
      })
      .returning({ owner: t.owner, attempts: t.attempts });
    return row?.owner === token ? { token, attempts: row.attempts } : undefined;
  }

  return {
    async run(kind, subjectId, actor, work) {
      const claimed = await claim(kind, subjectId);
      if (!claimed) return { claimed: false };
      let done = false;
      const renew = setInterval(() => {
        const at = now();
        void db
          .update(t)
          .set({ leaseUntil: new Date(at.getTime() + leaseMs), updatedAt: at })
          .where(and(key(kind, subjectId), eq(t.owner, claimed.token)))
          .returning({ owner: t.owner })
          .then(
            // Zero rows after the work ended is this claim's own release overtaking the renewal.
            (rows) => rows.length === 0 && !done && log.warn({ kind, subjectId }, 'lost the lease on in-flight work (another instance took it over)'),
            (error: unknown) => log.warn({ err: error, kind, subjectId }, 'could not renew a work lease'),
          );
      }, Math.max(50, Math.floor(leaseMs / 3)));
      renew.unref();
      const mine = and(key(kind, subjectId), eq(t.owner, claimed.token));
      try {
        const result = await work();
        done = true;
        const at = now();
        if (result.outcome !== null) {
          // Settled on the first try by a request: nothing for the report.
          const gone = actor === 'sweep' ? [] : await db.delete(t).where(and(mine, eq(t.attempts, 0))).returning({ kind: t.kind });
          if (gone.length === 0) {
            // Also when this claim had lapsed and another one failed meanwhile (owner cleared):
            // the outcome is what happened, and the record must not stay open.
            await db
              .update(t)
              .set({ owner: null, leaseUntil: null, outcome: result.outcome, settledBy: actor, note: result.note ?? null, updatedAt: at, settledAt: at })
              .where(and(key(kind, subjectId), or(eq(t.owner, claimed.token), isNull(t.owner)), isNull(t.outcome)));
          }
        } else {
          await db
            .update(t)
            .set({ owner: null, leaseUntil: null, attempts: sql`${t.attempts} + 1`, lastError: result.note ?? 'still in flight', updatedAt: at })
            .where(mine);
        }
        return { claimed: true, value: result.value };
      } catch (error) {
        done = true;
        const message = error instanceof Error ? error.message : String(error);
        await db
          .update(t)
          .set({ owner: null, leaseUntil: null, attempts: sql`${t.attempts} + 1`, lastError: message.slice(0, 500), updatedAt: now() })
          .where(mine)
          .catch((failure: unknown) => log.warn({ err: failure, kind, subjectId }, 'could not record a failed attempt'));
        throw error;
      } finally {
        clearInterval(renew);
      }
    },

    list: async ({ kinds, limit }) =>
      kinds.length === 0
        ? []
        : db
            .select()
            .from(t)
            .where(inArray(t.kind, [...kinds]))
            .orderBy(sql`${t.updatedAt} desc`)
            .limit(limit),

    async held(kind, subjectId) {
      const [row] = await db.select({ leaseUntil: t.leaseUntil }).from(t).where(key(kind, subjectId)).limit(1);
      return !!row?.leaseUntil && row.leaseUntil > now();
    },
  };
}
