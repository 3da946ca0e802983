import { integer, pgTable, primaryKey, text, timestamp, index } from 'drizzle-orm/pg-core';

/**
 * Leases on in-flight work (a loan decision being made, an account being opened, a transfer being
 * posted, a signed loan being paid out): whoever works on it holds the lease and renews it; when
 * its instance stops, the lease lapses and any instance's sweep takes the work over. A row also
 * records what recovery did, for the reconciliation report: attempts, the last error, and the
 * outcome once settled. Work finished on its first try leaves no row.
 */
export const workLeases = pgTable(
  'work_leases',
  {
    /** What is being done: `loan.decision`, `loan.disbursement`, `account-opening.open`, `transfer.posting`. */
    kind: text('kind').notNull(),
    /** The row worked on (the loan application, opening or transfer id). */
    subjectId: text('subject_id').notNull(),
    /** The claim holding the lease (`<instance>:<uuid>`); null when nobody works on it now. */
    owner: text('owner'),
    leaseUntil: timestamp('lease_until', { withTimezone: true, mode: 'date' }),
    /** Tries that ended without settling it (the backend was down, the instance stopped…). */
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** How it was settled (`POSTED`, `FAILED`, `OPENED`, `DECIDED`, `DISBURSED`…); null while open. */
    outcome: text('outcome'),
    /** Who settled it after a failed or abandoned try: `sweep`, `staff:S0002`, `customer:C000001`. */
    settledBy: text('settled_by'),
    /** What the settling learned, e.g. `core banking had applied the key` (for the report). */
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull(),
    settledAt: timestamp('settled_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [primaryKey({ columns: [t.kind, t.subjectId] }), index('work_leases_updated_idx').on(t.updatedAt)],
);
