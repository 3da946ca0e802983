/**
 * Stored daily reports (`daily_reports`): written after midnight by the scheduler, or on demand by
 * staff. Every write is one statement, so two instances never store a day twice:
 * - `insertIfAbsent` (the scheduler): `INSERT … ON CONFLICT DO NOTHING` — the first one wins;
 * - `upsert` (regeneration): `ON CONFLICT DO UPDATE … WHERE the checksum differs` — the same content
 *   leaves the row (and its `generated_at`) as it was, changed content replaces it.
 */
import { createHash } from 'node:crypto';
import { and, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { dailyReports } from './report.tables.js';

export type StoredReportRow = typeof dailyReports.$inferSelect;

/** What a write did: a new row, a replaced one, or nothing (the same content was there). */
export type StoreOutcome = 'CREATED' | 'UPDATED' | 'UNCHANGED';

/** SHA-256 of the content without `asOf` (when it was computed is not what it says). */
export function reportChecksum(content: Record<string, unknown>): string {
  const { asOf: _asOf, ...rest } = content;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}

export function createReportStore(db: Database) {
  const t = dailyReports;
  const key = (date: string, timeZone: string) => and(eq(t.date, date), eq(t.timeZone, timeZone));
  return {
    async find(date: string, timeZone: string): Promise<StoredReportRow | undefined> {
      const [row] = await db.select().from(t).where(key(date, timeZone)).limit(1);
      return row;
    },

    /** The days among `dates` that have a stored report: true when complete, false when its reconciliation was UNAVAILABLE. */
    async storedDays(dates: readonly string[], timeZone: string): Promise<Map<string, boolean>> {
      if (dates.length === 0) return new Map();
      const rows = await db
        .select({ date: t.date, complete: sql<boolean>`coalesce(${t.content}->'reconciliation'->>'status', '') <> 'UNAVAILABLE'` })
        .from(t)
        .where(and(eq(t.timeZone, timeZone), inArray(t.date, [...dates])));
      return new Map(rows.map((r) => [r.date, r.complete]));
    },

    /** Stores the day's report unless one is there. @returns whether this call stored it */
    async insertIfAbsent(row: Omit<StoredReportRow, 'checksum'>): Promise<boolean> {
      const inserted = await db
        .insert(t)
        .values({ ...row, checksum: reportChecksum(row.content) })
        .onConflictDoNothing({ target: [t.date, t.timeZone] })
        .returning({ date: t.date });
      return inserted.length > 0;
    },

    /** Stores the day's report: replaced only when its content changed. */
    async upsert(row: Omit<StoredReportRow, 'checksum'>): Promise<{ outcome: StoreOutcome; row: StoredReportRow }> {
      const checksum = reportChecksum(row.content);
      const written = await db
        .insert(t)
        .values({ ...row, checksum })
        .onConflictDoUpdate({
          target: [t.date, t.timeZone],
          set: { content: row.content, checksum, generatedAt: row.generatedAt, generatedBy: row.generatedBy },
          setWhere: sql`${t.checksum} <> excluded.checksum`,
        })
        // xmax is 0 for a freshly inserted row version, non-zero for one an update wrote.
        .returning({ inserted: sql<boolean>`(xmax = 0)` });
      const stored = (await this.find(row.date, row.timeZone))!;
      if (written.length === 0) return { outcome: 'UNCHANGED', row: stored };
      return { outcome: written[0]!.inserted ? 'CREATED' : 'UPDATED', row: stored };
    },

    /** Stored reports in [from, to] (dates), for tools. */
    list: (from: string, to: string, timeZone: string) =>
      db.select().from(t).where(and(eq(t.timeZone, timeZone), gte(t.date, from), lte(t.date, to))).orderBy(t.date),
  };
}

export type ReportStore = ReturnType<typeof createReportStore>;
