/**
 * Process health for operations analysts and administrators: the indicator table
 * (health.rules.ts) evaluated over the rows of a window (health.repository.ts).
 */
import type { Viewer } from '../../platform/context.js';
import { requireStaff } from '../../platform/guards.js';
import { HealthError } from './health.errors.js';
import type { HealthRepository } from './health.repository.js';
import { assess, withTargets, type Granularity, type IndicatorResult } from './health.rules.js';
import { dailyReport, localDay, type DailyReport } from './report.rules.js';

/** The longest window one call may assess: a quarter and a bit. */
export const MAX_WINDOW_DAYS = 100;

export interface HealthServiceDeps {
  repo: HealthRepository;
  /** Indicator id → target value, overriding the plan's defaults (HEALTH_TARGETS). */
  targets: Readonly<Record<string, number>>;
  /** The bank's time zone: a report's day is a local calendar day there (REPORT_TIME_ZONE). */
  timeZone: string;
  now: () => Date;
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

    /** The operations report of one local day (YYYY-MM-DD). @throws HealthError FORBIDDEN, BAD_USER_INPUT (date) */
    async operationsDailyReport(viewer: Viewer, date: string): Promise<OperationsReport> {
      requireStaff(viewer, ['OPS_ANALYST', 'ADMIN'], 'Operations analysts and administrators only.');
      const day = localDay(date, deps.timeZone);
      if (!day) throw new HealthError('BAD_USER_INPUT', 'date must be a calendar date, YYYY-MM-DD.', { field: 'date' });
      const asOf = deps.now();
      if (day.from > asOf) throw new HealthError('BAD_USER_INPUT', 'date is in the future.', { field: 'date' });
      const rows = await deps.repo.reportRows(day.from, day.to);
      return { date, timeZone: deps.timeZone, ...day, asOf, ...dailyReport(rows, asOf) };
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
