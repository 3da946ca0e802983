/**
 * The daily operations report: what happened on one local day, counted per channel, product and
 * outcome, and the items of that day still waiting for a person. Pure: rows and the day's bounds
 * come in as arguments.
 */

export interface ReportLoan {
  id: string;
  channel: string;
  productCode: string;
  status: string;
}
export interface ReportTransfer {
  id: string;
  channel: string;
  status: string;
  decision: string;
}
export interface ReportOpening {
  id: string;
  kind: string;
  status: string;
}
export interface ReportAlert {
  id: string;
  kind: string;
  status: string;
  raisedAt: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

export interface ReportRows {
  loans: ReportLoan[];
  transfers: ReportTransfer[];
  openings: ReportOpening[];
  alerts: ReportAlert[];
}

export interface Count {
  key: string;
  count: number;
}

/** An item of the day that needs a person, and why. */
export interface ReportException {
  subject: string;
  status: string;
  why: string;
}

export interface DailyReport {
  volumes: { loansByChannel: Count[]; loansByProduct: Count[]; transfersByChannel: Count[]; openingsByKind: Count[] };
  decisions: { loans: Count[]; transfers: Count[]; openings: Count[] };
  alerts: { byKind: Count[]; byStatus: Count[] };
  slaBreaches: number;
  exceptions: ReportException[];
}

/** Counts per key, sorted by key. */
export function countBy<T>(rows: readonly T[], key: (row: T) => string): Count[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, count]) => ({ key: k, count }));
}

/** Statuses in which an item waits for a person, and what the person does. */
const WAITING: Record<string, Record<string, string>> = {
  loan: { MANUAL_REVIEW: 'a reviewer decides', DOCUMENTS_REQUESTED: 'the customer sends documents, then a reviewer decides' },
  transfer: { HELD: 'a risk officer releases or rejects', POSTING: 'core banking has not confirmed: retry or reconcile' },
  'account-opening': { PENDING_REVIEW: 'a risk officer decides', OPENING: 'core banking has not opened the account: retry' },
  alert: { OPEN: 'a risk officer acknowledges' },
};

/** The AML response limit: an alert not acknowledged within it is an SLA breach. */
export const ALERT_SLA_MS = 24 * 3_600_000;

/** The report of one day's rows; `asOf` ages open alerts. */
export function dailyReport(rows: ReportRows, asOf: Date): DailyReport {
  const exceptions: ReportException[] = [];
  const waiting = (kind: string, id: string, status: string) => {
    const why = WAITING[kind]?.[status];
    if (why) exceptions.push({ subject: `${kind}:${id}`, status, why });
  };
  rows.loans.forEach((l) => waiting('loan', l.id, l.status));
  rows.transfers.forEach((t) => waiting('transfer', t.id, t.status));
  rows.openings.forEach((o) => waiting('account-opening', o.id, o.status));
  rows.alerts.forEach((a) => waiting('alert', a.id, a.status));
  const slaBreaches = rows.alerts.filter((a) => ((a.acknowledgedAt ?? a.resolvedAt ?? asOf).getTime() - a.raisedAt.getTime()) > ALERT_SLA_MS).length;
  return {
    volumes: {
      loansByChannel: countBy(rows.loans, (l) => l.channel),
      loansByProduct: countBy(rows.loans, (l) => l.productCode),
      transfersByChannel: countBy(rows.transfers, (t) => t.channel),
      openingsByKind: countBy(rows.openings, (o) => o.kind),
    },
    decisions: {
      loans: countBy(rows.loans, (l) => l.status),
      transfers: countBy(rows.transfers, (t) => t.decision),
      openings: countBy(rows.openings, (o) => o.status),
    },
    alerts: { byKind: countBy(rows.alerts, (a) => a.kind), byStatus: countBy(rows.alerts, (a) => a.status) },
    slaBreaches,
    exceptions,
  };
}

/** The UTC offset of `timeZone` at `at`, in ms (e.g. +8 h for Asia/Shanghai). */
function offsetMs(timeZone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

/** [start, end) in UTC of the local calendar day `date` (YYYY-MM-DD) in `timeZone`; undefined for a malformed date. */
export function localDay(date: string, timeZone: string): { from: Date; to: Date } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return undefined;
  const utcMidnight = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(utcMidnight).toISOString().slice(0, 10) !== date) return undefined;
  const from = utcMidnight - offsetMs(timeZone, new Date(utcMidnight));
  const next = utcMidnight + 86_400_000;
  return { from: new Date(from), to: new Date(next - offsetMs(timeZone, new Date(next))) };
}
