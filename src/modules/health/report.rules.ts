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

/** An amount as both sides state it: a decimal string and its currency. */
export interface ReportMoney {
  amount: string;
  currency: string;
}

/** A transfer the gateway recorded as POSTED on the day; `reference` is what it was sent to core banking under. */
export interface GatewayPosting {
  reference: string;
  amount: ReportMoney;
}

/** A transfer core banking booked on the day (its reconciliation file). */
export interface CorePosting {
  reference: string;
  transferId: string;
  amount: ReportMoney;
}

/** One transfer the two sides disagree on. */
export interface ReconciliationItem {
  /** The gateway's reference, `transfer:<id>` (core banking's idempotency key). */
  reference: string;
  /** Core banking's transfer id, when core banking has it. */
  coreTransferId: string | null;
  gatewayAmount: ReportMoney | null;
  coreAmount: ReportMoney | null;
}

export type ReconciliationStatus = 'RECONCILED' | 'MISMATCHED' | 'UNAVAILABLE';

export interface Reconciliation {
  status: ReconciliationStatus;
  /** Why there is no comparison (UNAVAILABLE), else null. */
  reason: string | null;
  matched: number;
  /** Recorded POSTED by the gateway, not in core banking's file. */
  gatewayOnly: ReconciliationItem[];
  /** In core banking's file, not POSTED in the gateway (unknown, or still waiting for confirmation). */
  coreOnly: ReconciliationItem[];
  /** On both sides with different amounts or currencies. */
  amountMismatches: ReconciliationItem[];
}

/** Exact comparison of two decimal strings ("100.5" equals "100.50"). */
function sameMoney(a: ReportMoney, b: ReportMoney): boolean {
  if (a.currency !== b.currency) return false;
  const norm = (s: string) => {
    const [whole = '0', fraction = ''] = s.replace(/^\+/, '').split('.');
    const w = whole.replace(/^(-?)0+(?=\d)/, '$1');
    const f = fraction.replace(/0+$/, '');
    return f ? `${w}.${f}` : w === '-0' ? '0' : w;
  };
  return norm(a.amount) === norm(b.amount);
}

/** Matches the gateway's POSTED transfers of a day with core banking's postings of the same day, by reference. */
export function reconcile(gateway: readonly GatewayPosting[], core: readonly CorePosting[]): Reconciliation {
  const coreByRef = new Map(core.map((p) => [p.reference, p]));
  const gatewayRefs = new Set(gateway.map((g) => g.reference));
  const result: Reconciliation = { status: 'RECONCILED', reason: null, matched: 0, gatewayOnly: [], coreOnly: [], amountMismatches: [] };
  for (const g of gateway) {
    const c = coreByRef.get(g.reference);
    if (!c) result.gatewayOnly.push({ reference: g.reference, coreTransferId: null, gatewayAmount: g.amount, coreAmount: null });
    else if (!sameMoney(g.amount, c.amount)) result.amountMismatches.push({ reference: g.reference, coreTransferId: c.transferId, gatewayAmount: g.amount, coreAmount: c.amount });
    else result.matched += 1;
  }
  for (const c of core) {
    if (!gatewayRefs.has(c.reference)) result.coreOnly.push({ reference: c.reference, coreTransferId: c.transferId, gatewayAmount: null, coreAmount: c.amount });
  }
  const byRef = (a: ReconciliationItem, b: ReconciliationItem) => a.reference.localeCompare(b.reference);
  result.gatewayOnly.sort(byRef);
  result.coreOnly.sort(byRef);
  result.amountMismatches.sort(byRef);
  if (result.gatewayOnly.length + result.coreOnly.length + result.amountMismatches.length > 0) result.status = 'MISMATCHED';
  return result;
}

/** The reconciliation when core banking could not be asked: says so, never "no mismatch". */
export function reconciliationUnavailable(reason: string): Reconciliation {
  return { status: 'UNAVAILABLE', reason, matched: 0, gatewayOnly: [], coreOnly: [], amountMismatches: [] };
}

/** The exceptions a reconciliation adds: every disagreement, and the missing comparison itself. */
export function reconciliationExceptions(r: Reconciliation): ReportException[] {
  if (r.status === 'UNAVAILABLE') {
    return [{ subject: 'reconciliation', status: 'UNAVAILABLE', why: 'core banking could not be asked for the day’s postings: generate the report again' }];
  }
  return [
    ...r.gatewayOnly.map((i) => ({ subject: i.reference, status: 'GATEWAY_ONLY', why: 'posted in the gateway, unknown to core banking: an operations officer reconciles' })),
    ...r.coreOnly.map((i) => ({ subject: i.reference, status: 'CORE_ONLY', why: 'booked by core banking, not posted in the gateway: an operations officer reconciles' })),
    ...r.amountMismatches.map((i) => ({ subject: i.reference, status: 'AMOUNT_MISMATCH', why: 'the amounts differ between the gateway and core banking: an operations officer reconciles' })),
  ];
}

/** A CSV cell: quoted when needed; a text starting with = + - @ (or a tab / CR) gets a leading ' so no spreadsheet runs it as a formula. */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of `section,key,value,...` as CSV text (CRLF line ends, as RFC 4180). */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
