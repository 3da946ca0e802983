/** Pure rules of risk alerts: which status changes are allowed, the plan indicators, cursors. */
import { stateMachine } from '../../platform/write/state-machine.js';

export type AlertStatus = 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';

/** OPEN → ACKNOWLEDGED → RESOLVED; an OPEN alert may be resolved at once. */
export const ALERT_MACHINE = stateMachine<AlertStatus>('risk alert', {
  OPEN: ['ACKNOWLEDGED', 'RESOLVED'],
  ACKNOWLEDGED: ['RESOLVED'],
  RESOLVED: [],
});

/** The fan-out topic of every alert event. */
export const ALERTS_TOPIC = 'risk-alerts';

/** The event stream of one alert. */
export const alertStream = (id: string) => `alert:${id}`;

/** Whole seconds from `from` to `to`, or null while `to` has not happened. */
export function secondsBetween(from: Date, to: Date | null): number | null {
  return to ? Math.max(0, Math.floor((to.getTime() - from.getTime()) / 1000)) : null;
}

/** A position in the newest-first list: the alert's raisedAt and id (ties broken by id). */
export interface AlertCursor {
  raisedAt: Date;
  id: string;
}

/** Opaque to clients: base64url of `[raisedAt ISO, id]`. */
export function encodeCursor(cursor: AlertCursor): string {
  return Buffer.from(JSON.stringify([cursor.raisedAt.toISOString(), cursor.id])).toString('base64url');
}

/** The cursor, or undefined when it is not one we issued. */
export function decodeCursor(value: string): AlertCursor | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') return undefined;
    const raisedAt = new Date(parsed[0]);
    if (Number.isNaN(raisedAt.getTime()) || !/^[0-9a-f-]{36}$/i.test(parsed[1])) return undefined;
    return { raisedAt, id: parsed[1] };
  } catch {
    return undefined;
  }
}
