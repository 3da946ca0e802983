/**
 * Raising a risk alert, from inside another module's transaction: the alert, its event and the
 * change that caused it commit together. Risk officers follow them live (`riskAlertRaised`).
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/db/database.js';
import { appendEvent } from '../../platform/events/event-log.js';
import { riskAlerts } from './alerts.tables.js';

export type AlertKind =
  | 'TRANSFER_HELD'
  | 'TRANSFER_BLOCKED'
  | 'HIGH_RISK_APPLICANT'
  | 'SCREENING_PARTIAL_MATCH'
  | 'SCREENING_UNAVAILABLE'
  | 'SUSPICIOUS_WITHDRAWAL';
export type AlertSeverity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

export interface RaiseAlertInput {
  kind: AlertKind;
  severity: AlertSeverity;
  customerId: string | null;
  subject: string;
  summary: string;
  detail?: Record<string, unknown>;
}

/** The fan-out topic of every alert event. */
export const ALERTS_TOPIC = 'risk-alerts';

/**
 * Stores an alert and appends its `RAISED` event (stream `alert:<id>`, topic `risk-alerts`).
 * @param tx a transaction (the caller's, so the alert commits with the change that caused it)
 */
export async function raiseAlert(tx: Database, input: RaiseAlertInput, now: Date): Promise<{ id: string }> {
  const id = randomUUID();
  await tx.insert(riskAlerts).values({
    id,
    kind: input.kind,
    severity: input.severity,
    customerId: input.customerId,
    subject: input.subject,
    summary: input.summary,
    detail: input.detail ?? {},
    status: 'OPEN',
    raisedAt: now,
  });
  await appendEvent(
    tx,
    {
      stream: `alert:${id}`,
      type: 'RAISED',
      actor: 'system',
      reason: null,
      payload: { alertId: id, kind: input.kind, severity: input.severity, status: 'OPEN' },
      topics: [ALERTS_TOPIC],
    },
    now,
  );
  return { id };
}
