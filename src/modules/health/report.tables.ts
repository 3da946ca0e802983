import { sql } from 'drizzle-orm';
import { check, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Stored daily operations reports: one row per local day and time zone, written by the scheduler
 * after midnight (or by staff on demand). Regeneration is an upsert: the same content (by
 * checksum) leaves the row as it was; changed content replaces it with a new `generated_at`.
 */
export const dailyReports = pgTable(
  'daily_reports',
  {
    /** The local calendar day, YYYY-MM-DD. */
    date: text('date').notNull(),
    /** The IANA time zone the day was counted in (REPORT_TIME_ZONE at generation). */
    timeZone: text('time_zone').notNull(),
    generatedAt: timestamp('generated_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** `scheduler` or `staff:<id>`. */
    generatedBy: text('generated_by').notNull(),
    /** The report as JSON (times as ISO-8601 strings). */
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    /** SHA-256 (hex) of the content without its `asOf`: equal checksums mean an unchanged report. */
    checksum: text('checksum').notNull(),
  },
  (t) => [primaryKey({ columns: [t.date, t.timeZone] }), check('daily_reports_date_check', sql`${t.date} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`)],
);
