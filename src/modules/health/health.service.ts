/**
 * Process health for operations analysts and administrators: the indicator table
 * (health.rules.ts) evaluated over the rows of a window (health.repository.ts).
 */
import type { CoreBankingPort } from '../../adapters/core-banking/core-banking.port.js';
import type { Viewer } from '../../platform/context.js';
import { UpstreamError } from '../../platform/errors.js';
import { requireStaff } from '../../platform/guards.js';
import type { Logger } from '../../platform/logger.js';
import type { CallScope } from '../../platform/request-scope.js';
import type { Leases } from '../../platform/work/leases.js';
import { HealthError } from './health.errors.js';
import type { HealthRepository } from './health.repository.js';
import { assess, withTargets, type Granularity, type IndicatorResult } from './health.rules.js';
import {
  dailyReport,
  localDay,
  reconcile,
  reconciliationExceptions,
  reconciliationUnavailable,
  toCsv,
  type DailyReport,
  type Reconciliation,
} from './report.rules.js';
import type { ReportStore, StoredReportRow, StoreOutcome } from './report.store.js';
import type { InspectionRow, InspectionService } from './inspection.service.js';

/** The longest window one call may assess: a quarter and a bit. */
export const MAX_WINDOW_DAYS = 100;

export interface HealthServiceDeps {
  repo: HealthRepository;
  /** Indicator id → target value, overriding the plan's defaults (HEALTH_TARGETS). */
  targets: Readonly<Record<string, number>>;
  /** The bank's time zone: a report's day is a local calendar day there (REPORT_TIME_ZONE). */
  timeZone: string;
  now: () => Date;
  /** Stored daily reports; with `coreBanking`, `leases` and `schedule`, what the daily report needs beyond the live figures. */
  store: ReportStore;
  coreBanking: Pick<CoreBankingPort, 'listPostings'>;
  leases: Leases;
  /** The corporate annual inspection's runs of a day, listed in the report. */
  inspections: Pick<InspectionService, 'between'>;
  log: Logger;
  schedule: {
    /** Yesterday's report is generated this long after local midnight. */
    delayMs: number;
    /** How many past days are caught up when missing. */
    catchUpDays: number;
  };
}

export interface HealthReport {
  from: Date;
  to: Date;
  asOf: Date;
  granularity: Granularity;
  indicators: IndicatorResult[];
}

export interface OperationsReport extends DailyReport {
  date: string;
  timeZone: string;
  from: Date;
  to: Date;
  asOf: Date;
  reconciliation: Reconciliation;
  /** The corporate annual inspection's runs of the day (each company's latest first). */
  inspections: InspectionRow[];
  /** When it was stored; null for a report computed live (not stored). */
  generatedAt: Date | null;
  /** `scheduler` or `staff:<id>`; null when computed live. */
  generatedBy: string | null;
  checksum: string | null;
}

/** The stored JSON of a report: what `operationsDailyReport` computes, times as ISO strings. */
type StoredContent = Omit<OperationsReport, 'from' | 'to' | 'asOf' | 'generatedAt' | 'generatedBy' | 'checksum' | 'inspections'> & {
  from: string;
  to: string;
  asOf: string;
  inspections?: (Omit<InspectionRow, 'inspectedAt'> & { inspectedAt: string })[];
};

function fromStored(row: StoredReportRow): OperationsReport {
  const content = row.content as unknown as StoredContent;
  return {
    ...content,
    from: new Date(content.from),
    to: new Date(content.to),
    asOf: new Date(content.asOf),
    inspections: (content.inspections ?? []).map((i) => ({ ...i, inspectedAt: new Date(i.inspectedAt) })),
    generatedAt: row.generatedAt,
    generatedBy: row.generatedBy,
    checksum: row.checksum,
  };
}

function toStored(report: OperationsReport): Record<string, unknown> {
  const { generatedAt: _g, generatedBy: _b, checksum: _c, ...content } = report;
  return JSON.parse(JSON.stringify(content)) as Record<string, unknown>;
}

/** The local calendar day (YYYY-MM-DD) of `at` in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** `date` moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** What the day's inspections leave for a person: each company's latest run that did not match. */
function inspectionExceptions(rows: readonly InspectionRow[]) {
  const latest = new Map<string, InspectionRow>();
  for (const r of rows) if (!latest.has(r.companyId) || latest.get(r.companyId)!.inspectedAt < r.inspectedAt) latest.set(r.companyId, r);
  const why: Record<string, string> = {
    MISMATCHED: 'the registry differs from the CRM: a relationship manager confirms the registration with the company and corrects the CRM',
    NOT_IN_REGISTRY: 'the registry does not know the registration number: a relationship manager checks it with the company',
    UNAVAILABLE: 'the inspection could not reach a backend: it runs again on the next schedule pass',
  };
  return [...latest.values()]
    .filter((r) => r.outcome !== 'MATCHED')
    .map((r) => ({ subject: `company:${r.companyId}`, status: r.outcome === 'UNAVAILABLE' ? 'INSPECTION_UNAVAILABLE' : r.outcome === 'MISMATCHED' ? 'REGISTRATION_MISMATCH' : r.outcome, why: why[r.outcome]! }));
}

/** The report as CSV rows: `section,key,value[,…]`. */
export function reportCsv(report: OperationsReport): string {
  const rows: (string | number | null)[][] = [['section', 'key', 'value', 'detail', 'extra']];
  rows.push(['report', 'date', report.date], ['report', 'timeZone', report.timeZone], ['report', 'from', report.from.toISOString()], ['report', 'to', report.to.toISOString()]);
  rows.push(['report', 'asOf', report.asOf.toISOString()], ['report', 'source', report.generatedAt ? 'STORED' : 'LIVE']);
  if (report.generatedAt) rows.push(['report', 'generatedAt', report.generatedAt.toISOString()], ['report', 'generatedBy', report.generatedBy]);
  const counts = (section: string, list: { key: string; count: number }[]) => list.forEach((c) => rows.push([section, c.key, c.count]));
  counts('loans_by_channel', report.volumes.loansByChannel);
  counts('loans_by_product', report.volumes.loansByProduct);
  counts('transfers_by_channel', report.volumes.transfersByChannel);
  counts('openings_by_kind', report.volumes.openingsByKind);
  counts('loan_statuses', report.decisions.loans);
  counts('transfer_decisions', report.decisions.transfers);
  counts('opening_statuses', report.decisions.openings);
  counts('alerts_by_kind', report.alerts.byKind);
  counts('alerts_by_status', report.alerts.byStatus);
  rows.push(['sla', 'breaches', report.slaBreaches]);
  const r = report.reconciliation;
  rows.push(['reconciliation', 'status', r.status, r.reason], ['reconciliation', 'matched', r.matched]);
  const money = (m: { amount: string; currency: string } | null) => (m ? `${m.amount} ${m.currency}` : null);
  for (const [kind, list] of [['gateway_only', r.gatewayOnly], ['core_only', r.coreOnly], ['amount_mismatch', r.amountMismatches]] as const) {
    list.forEach((i) => rows.push([`reconciliation_${kind}`, i.reference, money(i.gatewayAmount), money(i.coreAmount), i.coreTransferId]));
  }
  for (const i of report.inspections) {
    if (i.mismatches.length === 0) rows.push(['inspection', i.companyId, i.outcome, i.note]);
    i.mismatches.forEach((m) => rows.push(['inspection', i.companyId, i.outcome, `${m.field}: bank "${m.bank}"`, `registry "${m.registry}"`]));
  }
  report.exceptions.forEach((e) => rows.push(['exception', e.subject, e.status, e.why]));
  return toCsv(rows);
}

export function createHealthService(deps: HealthServiceDeps) {
  // Unknown ids in the configuration fail at start, not at the first report.
  const specs = withTargets(deps.targets);

  return {
    /** @throws HealthError FORBIDDEN, BAD_USER_INPUT (from/to) */
    async processHealth(viewer: Viewer, args: { from: Date; to: Date; granularity: Granularity }): Promise<HealthReport> {
      requireStaff(viewer, ['OPS_ANALYST', 'ADMIN'], 'Operations analysts and administrators only.');
      const { from, to, granularity } = args;
      if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new HealthError('BAD_USER_INPUT', 'from and to must be dates.', { field: 'from' });
      if (to <= from) throw new HealthError('BAD_USER_INPUT', 'to must be after from.', { field: 'to' });
      if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
        throw new HealthError('BAD_USER_INPUT', `The window may be at most ${MAX_WINDOW_DAYS} days.`, { field: 'to' });
      }
      const asOf = deps.now();
      const rows = await deps.repo.read(from, to);
      return { from, to, asOf, granularity, indicators: assess(specs, rows, { from, to, asOf }, granularity) };
    },

    /**
     * The operations report of one local day (YYYY-MM-DD): the stored one when the day has one,
     * else computed now. @throws HealthError FORBIDDEN, BAD_USER_INPUT (date)
     */
    async operationsDailyReport(viewer: Viewer, date: string, scope?: CallScope): Promise<OperationsReport> {
      requireStaff(viewer, ['OPS_ANALYST', 'ADMIN'], 'Operations analysts and administrators only.');
      const day = dayOf(date, false);
      const stored = await deps.store.find(date, deps.timeZone);
      return stored ? fromStored(stored) : compute(date, day, scope);
    },

    /** The same report as CSV text. @throws HealthError FORBIDDEN, BAD_USER_INPUT (date) */
    async operationsDailyReportCsv(viewer: Viewer, date: string, scope?: CallScope): Promise<string> {
      return reportCsv(await this.operationsDailyReport(viewer, date, scope));
    },

    /**
     * Computes a finished day's report again and stores it: unchanged content leaves the stored row
     * as it was (UNCHANGED), changed content replaces it (UPDATED). @throws HealthError FORBIDDEN, BAD_USER_INPUT (date)
     */
    async generateOperationsReport(viewer: Viewer, date: string, scope?: CallScope): Promise<{ outcome: StoreOutcome; report: OperationsReport }> {
      const staff = requireStaff(viewer, ['OPS_ANALYST', 'ADMIN'], 'Operations analysts and administrators only.');
      const day = dayOf(date, true);
      const report = await compute(date, day, scope);
      const { outcome, row } = await deps.store.upsert({ date, timeZone: deps.timeZone, generatedAt: deps.now(), generatedBy: `staff:${staff.staffId}`, content: toStored(report) });
      return { outcome, report: fromStored(row) };
    },

    /**
     * One pass of the daily schedule at `at`: once local midnight plus the delay has passed, every
     * day of the last `catchUpDays` without a complete stored report is generated, oldest first,
     * each under a work lease (one instance computes it) and stored if absent (one row, ever). A
     * stored report whose reconciliation was UNAVAILABLE is computed again while in the window.
     * @returns the days this call stored
     */
    async runSchedule(at: Date = deps.now()): Promise<string[]> {
      const today = localDate(new Date(at.getTime() - deps.schedule.delayMs), deps.timeZone);
      const days = Array.from({ length: deps.schedule.catchUpDays }, (_, i) => addDays(today, -(deps.schedule.catchUpDays - i)));
      const stored = await deps.store.storedDays(days, deps.timeZone);
      const done: string[] = [];
      for (const date of days) {
        if (stored.get(date) === true) continue;
        const run = await deps.leases.run('report.daily', `${deps.timeZone}/${date}`, 'scheduler', async () => {
          const row = await deps.store.find(date, deps.timeZone);
          if (row && fromStored(row).reconciliation.status !== 'UNAVAILABLE') return { value: false, outcome: 'ALREADY_STORED' };
          const report = await compute(date, localDay(date, deps.timeZone)!);
          const content = { date, timeZone: deps.timeZone, generatedAt: deps.now(), generatedBy: 'scheduler', content: toStored(report) };
          const wrote = row ? (await deps.store.upsert(content)).outcome !== 'UNCHANGED' : await deps.store.insertIfAbsent(content);
          return { value: wrote, outcome: 'STORED' };
        });
        if (run.claimed && run.value) done.push(date);
      }
      if (done.length > 0) deps.log.info({ days: done }, 'daily operations reports stored');
      return done;
    },
  };

  /** A day's bounds. @throws HealthError BAD_USER_INPUT for a malformed or future day (or, when `finished`, a day not over yet) */
  function dayOf(date: string, finished: boolean): { from: Date; to: Date } {
    const day = localDay(date, deps.timeZone);
    if (!day) throw new HealthError('BAD_USER_INPUT', 'date must be a calendar date, YYYY-MM-DD.', { field: 'date' });
    const now = deps.now();
    if (day.from > now) throw new HealthError('BAD_USER_INPUT', 'date is in the future.', { field: 'date' });
    if (finished && day.to > now) throw new HealthError('BAD_USER_INPUT', 'date is not over yet: only a finished day’s report is stored.', { field: 'date' });
    return day;
  }

  async function compute(date: string, day: { from: Date; to: Date }, scope?: CallScope): Promise<OperationsReport> {
    const asOf = deps.now();
    const [rows, posted, inspections, reconciliation] = await Promise.all([
      deps.repo.reportRows(day.from, day.to),
      deps.repo.postedTransfers(day.from, day.to),
      deps.inspections.between(day.from, day.to),
      deps.coreBanking.listPostings(day.from.toISOString(), day.to.toISOString(), scope).then(
        (core) => ({ core }),
        (error: unknown) => {
          if (!(error instanceof UpstreamError)) throw error;
          deps.log.warn({ err: error, date }, 'core banking postings unavailable: the report says so');
          return { unavailable: `core banking: ${error.code}` };
        },
      ),
    ]);
    const recon = 'core' in reconciliation ? reconcile(posted, reconciliation.core) : reconciliationUnavailable(reconciliation.unavailable);
    const report = dailyReport(rows, asOf);
    return {
      date,
      timeZone: deps.timeZone,
      ...day,
      asOf,
      ...report,
      exceptions: [...report.exceptions, ...reconciliationExceptions(recon), ...inspectionExceptions(inspections)],
      reconciliation: recon,
      inspections,
      generatedAt: null,
      generatedBy: null,
      checksum: null,
    };
  }
}

export type HealthService = ReturnType<typeof createHealthService>;
