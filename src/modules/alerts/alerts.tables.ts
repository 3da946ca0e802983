import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { statusCheck } from '../../platform/write/status-column.js';
import { ALERT_MACHINE, type AlertStatus } from './alerts.rules.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A risk alert for risk officers: raised inside the flow that found the risk. */
export const riskAlerts = pgTable(
  'risk_alerts',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    severity: text('severity').notNull(),
    customerId: text('customer_id'),
    /** What it is about, e.g. `transfer:<id>`, `account-opening:<id>`. */
    subject: text('subject').notNull(),
    summary: text('summary').notNull(),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    status: text('status').$type<AlertStatus>().notNull(),
    raisedAt: at('raised_at').notNull(),
    acknowledgedAt: at('acknowledged_at'),
    acknowledgedBy: text('acknowledged_by'),
    resolvedAt: at('resolved_at'),
    resolvedBy: text('resolved_by'),
    resolution: text('resolution'),
    /** The seq of the alert stream's latest event. */
    seq: integer('seq').notNull().default(1),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('risk_alerts_status_idx').on(t.status, t.raisedAt),
    index('risk_alerts_customer_idx').on(t.customerId),
    // Process health reads a window of alerts by when they were raised.
    index('risk_alerts_raised_idx').on(t.raisedAt),
    check('risk_alerts_status_check', statusCheck(t.status, ALERT_MACHINE)),
  ],
);

/** How far the gateway has read a backend's feed (e.g. core banking's withdrawal patterns). */
export const feedPositions = pgTable('feed_positions', {
  feed: text('feed').primaryKey(),
  position: text('position'),
  updatedAt: at('updated_at').notNull(),
});
