/**
 * Raising a risk alert, from inside another module's transaction: the alert, its event and the
 * change that caused it commit together. Risk officers follow them live (`riskAlertRaised`).
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../../platform/db/database.js';
import { createWritePath, type TxRecord } from '../../platform/write/write-path.js';
import { ALERT_MACHINE, ALERTS_TOPIC, alertStream, type AlertStatus } from './alerts.rules.js';
import { riskAlerts } from './alerts.tables.js';

export { ALERTS_TOPIC } from './alerts.rules.js';

export type AlertKind =
  | 'TRANSFER_HELD'
  | 'TRANSFER_BLOCKED'
  | 'HIGH_RISK_APPLICANT'
  | 'SCREENING_PARTIAL_MATCH'
  | 'SCREENING_UNAVAILABLE'
  | 'SUSPICIOUS_WITHDRAWAL'
  | 'FEEDBACK_OVERDUE';
export type AlertSeverity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';

export interface RaiseAlertInput {
  kind: AlertKind;
  severity: AlertSeverity;
  customerId: string | null;
  subject: string;
  summary: string;
  detail?: Record<string, unknown>;
}

/** The alert aggregate as the write path sees it. */
export const alertAggregate = {
  table: riskAlerts,
  machine: ALERT_MACHINE,
  stream: alertStream,
  topics: () => [ALERTS_TOPIC],
};

/**
 * Stores an alert and appends its `RAISED` event (stream `alert:<id>`, topic `risk-alerts`).
 * @param tx a transaction (the caller's, so the alert commits with the change that caused it)
 */
export async function raiseAlert(tx: Database, input: RaiseAlertInput, now: Date): Promise<{ id: string }> {
  const id = randomUUID();
  await createWritePath(tx, alertAggregate).insert(
    {
      id,
      kind: input.kind,
      severity: input.severity,
      customerId: input.customerId,
      subject: input.subject,
      summary: input.summary,
      detail: input.detail ?? {},
      status: 'OPEN' satisfies AlertStatus,
      raisedAt: now,
      acknowledgedAt: null,
      acknowledgedBy: null,
      resolvedAt: null,
      resolvedBy: null,
      resolution: null,
      seq: 1,
      updatedAt: now,
    },
    { type: 'RAISED', actor: 'system', payload: { alertId: id, kind: input.kind, severity: input.severity } },
    now,
  );
  return { id };
}

/** An alert as a record of another module's change (written last, with the change). */
export const alertRecord =
  (input: RaiseAlertInput | null | undefined): TxRecord | null =>
    input ? (tx, now) => raiseAlert(tx, input, now) : null;
