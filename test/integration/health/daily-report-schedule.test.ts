/**
 * The daily report's scheduler, driven by an injected clock (no waiting for a real midnight): after
 * local midnight plus the delay, yesterday's report is stored once, missing days are caught up
 * within the bound — with two gateway instances on one PostgreSQL database racing for each day
 * (on PGlite, one instance with concurrent passes).
 */
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationsDailyReportDocument } from '../../generated/graphql.js';
import { dailyReports } from '../../../src/modules/health/report.tables.js';
import { loginStaff } from '../../support/auth.js';
import { postgresUrl } from '../../support/database.js';
import { execute } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

const ENV = { REPORT_SCHEDULE_INTERVAL_MS: '0', REPORT_DELAY_MINUTES: '30', REPORT_CATCH_UP_DAYS: '5', BACKEND_TIMEOUT_MS: '3000' };

let a: TestGateway;
let b: TestGateway | undefined;

beforeAll(async () => {
  a = await startTestGateway(ENV);
  if (postgresUrl()) b = await startTestGateway({ ...ENV, DATABASE_URL: a.database.url });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

/** Every instance runs several passes at `at` at once: its timer's (one at a time) and direct ones. */
async function race(at: Date): Promise<string[]> {
  const gateways = [a, ...(b ? [b] : [])];
  const passes = await Promise.all(
    gateways.flatMap((g) => [g.gateway.reportSchedule.runOnce(at), g.gateway.services.health.runSchedule(at), g.gateway.services.health.runSchedule(at)]),
  );
  return passes.flat();
}

const stored = async (dates: string[]) =>
  (await a.gateway.database.db.select().from(dailyReports).where(inArray(dailyReports.date, dates))).sort((x, y) => x.date.localeCompare(y.date));

describe('daily report schedule', () => {
  it('stores each due day exactly once across instances, waits for the delay after midnight, and catches up at most REPORT_CATCH_UP_DAYS', async () => {
    // 2025-03-11 00:20 in Shanghai: midnight has passed, but not the 30-minute delay, so the day
    // that is "yesterday" for the schedule is still 03-09; five days are caught up: 03-05 … 03-09.
    const first = await race(new Date('2025-03-10T16:20:00Z'));
    const window = ['2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-09', '2025-03-10'];
    expect([...first].sort()).toEqual(['2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-09']);
    let rows = await stored(window);
    expect(rows.map((r) => r.date)).toEqual(['2025-03-05', '2025-03-06', '2025-03-07', '2025-03-08', '2025-03-09']);
    expect(rows.every((r) => r.generatedBy === 'scheduler' && r.timeZone === 'Asia/Shanghai')).toBe(true);
    const generatedAt = new Map(rows.map((r) => [r.date, r.generatedAt.getTime()]));

    // 00:40: past the delay, 03-10 is due; nothing else is generated again.
    const second = await race(new Date('2025-03-10T16:40:00Z'));
    expect(second).toEqual(['2025-03-10']);
    rows = await stored(window);
    expect(rows.map((r) => r.date)).toEqual(window.slice(1));
    for (const row of rows) if (generatedAt.has(row.date)) expect(row.generatedAt.getTime()).toBe(generatedAt.get(row.date));

    // The same clock again: nothing is due.
    expect(await race(new Date('2025-03-10T16:45:00Z'))).toEqual([]);

    // The query serves the stored report.
    const ops = (await loginStaff(a, 'ops.huang')).headers;
    const served = await execute(a.url, OperationsDailyReportDocument, { date: '2025-03-10' }, ops);
    expect(served.data?.operationsDailyReport).toMatchObject({ generatedBy: 'scheduler', checksum: rows.at(-1)!.checksum, reconciliation: { status: 'RECONCILED' } });
  });

  it('stores a day whose reconciliation was unavailable, then completes it on a later pass once core banking answers', async () => {
    const at = new Date('2025-05-20T17:00:00Z'); // 2025-05-21 01:00 in Shanghai: 05-16 … 05-20 due
    await a.fault('coreBanking', { mode: 'down', routes: ['GET /postings'] });
    expect([...(await race(at))].sort()).toEqual(['2025-05-16', '2025-05-17', '2025-05-18', '2025-05-19', '2025-05-20']);
    const unavailable = await stored(['2025-05-20']);
    expect((unavailable[0]!.content as { reconciliation: { status: string } }).reconciliation.status).toBe('UNAVAILABLE');

    await a.heal();
    // The outage may have opened core banking's breaker: passes complete the days once it lets calls through.
    const completedDays: string[] = [];
    await expect
      .poll(
        async () => {
          completedDays.push(...(await race(at)));
          return [...completedDays].sort();
        },
        { timeout: 20_000, interval: 200 },
      )
      .toEqual(['2025-05-16', '2025-05-17', '2025-05-18', '2025-05-19', '2025-05-20']);
    const completed = await stored(['2025-05-16', '2025-05-17', '2025-05-18', '2025-05-19', '2025-05-20']);
    expect(completed).toHaveLength(5);
    expect(completed.every((r) => (r.content as { reconciliation: { status: string } }).reconciliation.status === 'RECONCILED')).toBe(true);
    expect(await race(at)).toEqual([]);
  });
});
