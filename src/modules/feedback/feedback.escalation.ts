/**
 * The 72-hour clock's enforcer: every `intervalMs`, feedback items still unanswered past their
 * due time go to the supervisors' queue (ESCALATED, with an event and a FEEDBACK_OVERDUE alert).
 * Safe with any number of gateway instances: the repository locks candidates `FOR UPDATE SKIP
 * LOCKED` and re-checks them under the lock, so each item escalates exactly once.
 */
import type { Logger } from '../../platform/logger.js';
import type { FeedbackService } from './feedback.service.js';

export interface FeedbackEscalation {
  /** Escalates what is overdue now (in batches until none is left); returns how many items. */
  runOnce(): Promise<number>;
  /** Runs every `intervalMs` until `stop()`; 0 turns it off. */
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

const BATCH = 100;

export function createFeedbackEscalation(deps: { feedback: FeedbackService; log: Logger }): FeedbackEscalation {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function sweep(): Promise<number> {
    let total = 0;
    for (;;) {
      const ids = await deps.feedback.escalateOverdue(BATCH);
      total += ids.length;
      if (ids.length < BATCH) break;
    }
    if (total > 0) deps.log.info({ escalated: total }, 'overdue feedback escalated');
    return total;
  }

  // One sweep at a time per instance; a tick during a sweep joins it.
  const guarded = () =>
    (running ??= sweep()
      .catch((error: unknown) => {
        deps.log.error({ err: error }, 'feedback escalation failed; will retry');
        return 0;
      })
      .finally(() => (running = undefined)));

  return {
    runOnce: guarded,
    start(intervalMs) {
      if (intervalMs <= 0 || timer) return;
      timer = setInterval(() => void guarded(), intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
