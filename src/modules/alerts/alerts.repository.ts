/** SQL of risk alerts. Status changes go through the one write path. */
import { and, count, desc, eq, lt, or } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { createWritePath } from '../../platform/write/write-path.js';
import { alertAggregate } from './alerts.raise.js';
import type { AlertCursor } from './alerts.rules.js';
import { riskAlerts } from './alerts.tables.js';

export type AlertRow = typeof riskAlerts.$inferSelect;

export interface AlertFilter {
  status?: string | null;
  kind?: string | null;
  severity?: string | null;
  customerId?: string | null;
}

export function createAlertsRepository(db: Database) {
  return {
    findById: async (id: string) => (await db.select().from(riskAlerts).where(eq(riskAlerts.id, id)).limit(1))[0],

    /** Newest first, strictly after `after` in that order; `limit` rows at most. */
    list: (filter: AlertFilter, after: AlertCursor | undefined, limit: number) =>
      db
        .select()
        .from(riskAlerts)
        .where(
          and(
            matching(filter),
            after
              ? or(lt(riskAlerts.raisedAt, after.raisedAt), and(eq(riskAlerts.raisedAt, after.raisedAt), lt(riskAlerts.id, after.id)))
              : undefined,
          ),
        )
        .orderBy(desc(riskAlerts.raisedAt), desc(riskAlerts.id))
        .limit(limit),

    /** How many alerts `list` would give over all its pages. */
    count: async (filter: AlertFilter): Promise<number> => (await db.select({ n: count() }).from(riskAlerts).where(matching(filter)))[0]?.n ?? 0,

    /** Status changes: lock, state machine, update, event (platform/write/write-path.ts). */
    ...createWritePath(db, alertAggregate),
  };
}

/** The filter of the list, the same for its pages and its count. */
function matching(filter: AlertFilter) {
  return and(
    filter.status ? eq(riskAlerts.status, filter.status as AlertRow['status']) : undefined,
    filter.kind ? eq(riskAlerts.kind, filter.kind) : undefined,
    filter.severity ? eq(riskAlerts.severity, filter.severity) : undefined,
    filter.customerId ? eq(riskAlerts.customerId, filter.customerId) : undefined,
  );
}

export type AlertsRepository = ReturnType<typeof createAlertsRepository>;
