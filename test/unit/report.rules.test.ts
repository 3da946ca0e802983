import { describe, expect, it } from 'vitest';
import { dailyReport, localDay } from '../../src/modules/health/report.rules.js';

describe('localDay', () => {
  it('is the local calendar day of the bank’s time zone, in UTC', () => {
    expect(localDay('2026-03-02', 'Asia/Shanghai')).toEqual({ from: new Date('2026-03-01T16:00:00Z'), to: new Date('2026-03-02T16:00:00Z') });
    expect(localDay('2026-03-02', 'UTC')).toEqual({ from: new Date('2026-03-02T00:00:00Z'), to: new Date('2026-03-03T00:00:00Z') });
  });

  it('refuses what is not a calendar date', () => {
    for (const bad of ['2026-02-30', '2026-3-2', 'yesterday', '']) expect(localDay(bad, 'Asia/Shanghai')).toBeUndefined();
  });
});

describe('dailyReport', () => {
  const asOf = new Date('2026-03-03T12:00:00Z');
  const report = dailyReport(
    {
      loans: [
        { id: 'l1', channel: 'APP', productCode: 'PERSONAL_CONSUMER', status: 'APPROVED' },
        { id: 'l2', channel: 'BRANCH', productCode: 'MICRO_BUSINESS', status: 'MANUAL_REVIEW' },
        { id: 'l3', channel: 'APP', productCode: 'PERSONAL_CONSUMER', status: 'REJECTED' },
      ],
      transfers: [
        { id: 't1', channel: 'WEB', status: 'HELD', decision: 'HOLD' },
        { id: 't2', channel: 'WEB', status: 'POSTED', decision: 'ALLOW' },
      ],
      openings: [{ id: 'o1', kind: 'SAVINGS', status: 'PENDING_REVIEW' }],
      alerts: [
        { id: 'a1', kind: 'TRANSFER_HELD', status: 'OPEN', raisedAt: new Date('2026-03-02T01:00:00Z'), acknowledgedAt: null, resolvedAt: null },
        { id: 'a2', kind: 'TRANSFER_HELD', status: 'RESOLVED', raisedAt: new Date('2026-03-02T02:00:00Z'), acknowledgedAt: new Date('2026-03-02T03:00:00Z'), resolvedAt: new Date('2026-03-02T04:00:00Z') },
      ],
    },
    asOf,
  );

  it('counts volumes per channel and product, and outcomes', () => {
    expect(report.volumes.loansByChannel).toEqual([{ key: 'APP', count: 2 }, { key: 'BRANCH', count: 1 }]);
    expect(report.volumes.loansByProduct).toEqual([{ key: 'MICRO_BUSINESS', count: 1 }, { key: 'PERSONAL_CONSUMER', count: 2 }]);
    expect(report.decisions.transfers).toEqual([{ key: 'ALLOW', count: 1 }, { key: 'HOLD', count: 1 }]);
    expect(report.alerts.byStatus).toEqual([{ key: 'OPEN', count: 1 }, { key: 'RESOLVED', count: 1 }]);
  });

  it('lists the items waiting for a person and counts the alert open past 24 h as a breach', () => {
    expect(report.exceptions.map((e) => e.subject)).toEqual(['loan:l2', 'transfer:t1', 'account-opening:o1', 'alert:a1']);
    expect(report.slaBreaches).toBe(1);
  });
});
