/**
 * Suspicious cash withdrawals: core banking's monitoring reports patterns (structuring, rapid
 * succession, unusual locations); the gateway reads that feed and raises one SUSPICIOUS_WITHDRAWAL
 * alert per pattern for risk officers.
 *
 * Exactly once, across instances: the feed position is locked, the alerts raised and the position
 * moved in one transaction; an instance that finds the position moved meanwhile does nothing.
 */
import { eq } from 'drizzle-orm';
import type { Backends } from '../../adapters/backends.js';
import type { Database } from '../../platform/db/database.js';
import { UpstreamError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import { raiseAlert } from './alerts.raise.js';
import { feedPositions } from './alerts.tables.js';

const FEED = 'core-banking:withdrawal-patterns';

export interface WithdrawalWatch {
  /** Reads the feed once; returns how many alerts it raised. */
  pollOnce(): Promise<number>;
  /** Polls every `intervalMs` until `stop()`. */
  start(intervalMs: number): void;
  stop(): Promise<void>;
}

export function createWithdrawalWatch(deps: { db: Database; backends: Backends; log: Logger; now: () => Date }): WithdrawalWatch {
  const { db, now } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  async function pollOnce(): Promise<number> {
    const [row] = await db.select().from(feedPositions).where(eq(feedPositions.feed, FEED)).limit(1);
    const from = row?.position ?? null;
    const page = await deps.backends.coreBanking.listWithdrawalPatterns(from);
    if (page.items.length === 0) return 0;
    return db.transaction(async (tx) => {
      await tx.insert(feedPositions).values({ feed: FEED, position: null, updatedAt: now() }).onConflictDoNothing();
      const [locked] = await tx.select().from(feedPositions).where(eq(feedPositions.feed, FEED)).for('update');
      // Another instance read this page first: its alerts are already there.
      if ((locked?.position ?? null) !== from) return 0;
      for (const pattern of page.items) {
        await raiseAlert(
          tx as unknown as Database,
          {
            kind: 'SUSPICIOUS_WITHDRAWAL',
            severity: pattern.kind === 'STRUCTURING' ? 'HIGH' : 'MEDIUM',
            customerId: pattern.customerId,
            subject: `withdrawal-pattern:${pattern.patternId}`,
            summary: `${pattern.kind.toLowerCase().replace(/_/g, ' ')}: ${pattern.withdrawals} cash withdrawals, ${pattern.total.amount} ${pattern.total.currency}`,
            detail: { ...pattern },
          },
          now(),
        );
      }
      await tx.update(feedPositions).set({ position: page.last, updatedAt: now() }).where(eq(feedPositions.feed, FEED));
      return page.items.length;
    });
  }

  const guarded = () => {
    running ??= pollOnce()
      .catch((error: unknown) => {
        if (error instanceof UpstreamError) deps.log.warn({ code: error.code }, 'withdrawal feed unavailable; will retry');
        else deps.log.error({ err: error }, 'withdrawal feed failed');
        return 0;
      })
      .finally(() => (running = undefined));
    return running;
  };

  return {
    pollOnce: guarded,
    start(intervalMs) {
      if (intervalMs <= 0 || timer) return;
      void guarded();
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
