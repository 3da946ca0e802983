/** SQL of risk alerts. A status change and its event are written in one transaction. */
import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { appendEvent, type NewEvent, type StoredEvent } from '../../platform/events/event-log.js';
import { ALERTS_TOPIC } from './alerts.raise.js';
import type { AlertCursor } from './alerts.rules.js';
import { riskAlerts } from './alerts.tables.js';

export type AlertRow = typeof riskAlerts.$inferSelect;

/** What a change decides, given the row as it is under lock. */
export interface AlertChange {
  set: Partial<Pick<AlertRow, 'status' | 'acknowledgedAt' | 'acknowledgedBy' | 'resolvedAt' | 'resolvedBy' | 'resolution'>>;
  event: Omit<NewEvent, 'stream' | 'topics'>;
}

export interface AlertFilter {
  status?: string | null;
  kind?: string | null;
  severity?: string | null;
  customerId?: string | null;
}

/** The stream `raiseAlert` starts for an alert. */
export const alertStream = (id: string) => `alert:${id}`;

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
            filter.status ? eq(riskAlerts.status, filter.status as AlertRow['status']) : undefined,
            filter.kind ? eq(riskAlerts.kind, filter.kind) : undefined,
            filter.severity ? eq(riskAlerts.severity, filter.severity) : undefined,
            filter.customerId ? eq(riskAlerts.customerId, filter.customerId) : undefined,
            after
              ? or(lt(riskAlerts.raisedAt, after.raisedAt), and(eq(riskAlerts.raisedAt, after.raisedAt), lt(riskAlerts.id, after.id)))
              : undefined,
          ),
        )
        .orderBy(desc(riskAlerts.raisedAt), desc(riskAlerts.id))
        .limit(limit),

    /**
     * Locks the alert, lets `decide` look at it, then writes its change and event together.
     * `decide` throws to refuse; nothing is written then.
     */
    change: (id: string, now: Date, decide: (row: AlertRow) => AlertChange): Promise<{ row: AlertRow; event: StoredEvent } | undefined> =>
      db.transaction(async (tx) => {
        const [row] = await tx.select().from(riskAlerts).where(eq(riskAlerts.id, id)).for('update');
        if (!row) return undefined;
        const { set, event } = decide(row);
        const [updated] = await tx.update(riskAlerts).set(set).where(eq(riskAlerts.id, id)).returning();
        const stored = await appendEvent(tx as unknown as Database, { ...event, stream: alertStream(id), topics: [ALERTS_TOPIC] }, now);
        return { row: updated!, event: stored };
      }),
  };
}

export type AlertsRepository = ReturnType<typeof createAlertsRepository>;
