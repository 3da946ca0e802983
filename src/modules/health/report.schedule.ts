/**
 * The daily operations report's scheduler: every `intervalMs` each instance asks whether a day's
 * report is due (after local midnight in REPORT_TIME_ZONE plus REPORT_DELAY_MINUTES) and stores
 * the missing ones (see `HealthService.runSchedule`: a work lease per day and an insert-if-absent,
 * so with any number of instances each day is stored once), after running the corporate annual
 * inspection for the companies due (inspection.service.ts).
 */
import type { Logger } from '../../platform/logger.js';
import type { HealthService } from './health.service.js';
import type { InspectionService } from './inspection.service.js';

export interface ReportSchedule {
  /** One pass at `at` (default: now); returns the days it stored. Passes on one instance run one at a time. */
  runOnce(at?: Date): Promise<string[]>;
  /** Runs a pass now and every `intervalMs` until `stop()`; 0 turns it off. */
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

export function createReportSchedule(deps: { health: Pick<HealthService, 'runSchedule'>; inspection: Pick<InspectionService, 'runDue'>; log: Logger }): ReportSchedule {
  let timer: NodeJS.Timeout | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  const runOnce = (at?: Date): Promise<string[]> => {
    // The inspection first: a run today shows in today's report; then the reports due.
    const pass = chain.then(async () => {
      await deps.inspection.runDue();
      return deps.health.runSchedule(at);
    });
    chain = pass.catch(() => undefined);
    return pass;
  };
  const tick = () =>
    void runOnce().catch((error: unknown) => deps.log.warn({ err: error }, 'daily report schedule failed; tried again next time'));

  return {
    runOnce,
    start(intervalMs) {
      if (intervalMs <= 0 || timer) return;
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await chain;
    },
  };
}
