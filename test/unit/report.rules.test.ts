import { describe, expect, it } from 'vitest';
import { dailyReport, localDay, reconcile, reconciliationExceptions, reconciliationUnavailable, toCsv } from '../../src/modules/health/report.rules.js';

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

describe('reconcile', () => {
  const cny = (amount: string) => ({ amount, currency: 'CNY' });
  it('matches by reference with exact decimal amounts, and lists each disagreement once, sorted', () => {
    const r = reconcile(
      [
        { reference: 'transfer:b', amount: cny('100.5') },
        { reference: 'transfer:a', amount: cny('20.00') },
        { reference: 'transfer:c', amount: cny('3.00') },
        { reference: 'transfer:d', amount: { amount: '3.00', currency: 'USD' } },
      ],
      [
        { reference: 'transfer:b', transferId: 'TRF1', amount: cny('100.50') },
        { reference: 'transfer:a', transferId: 'TRF2', amount: cny('20.01') },
        { reference: 'transfer:z', transferId: 'TRF3', amount: cny('9.00') },
        { reference: 'transfer:d', transferId: 'TRF4', amount: cny('3.00') },
      ],
    );
    expect(r).toEqual({
      status: 'MISMATCHED',
      reason: null,
      matched: 1,
      gatewayOnly: [{ reference: 'transfer:c', coreTransferId: null, gatewayAmount: cny('3.00'), coreAmount: null }],
      coreOnly: [{ reference: 'transfer:z', coreTransferId: 'TRF3', gatewayAmount: null, coreAmount: cny('9.00') }],
      amountMismatches: [
        { reference: 'transfer:a', coreTransferId: 'TRF2', gatewayAmount: cny('20.00'), coreAmount: cny('20.01') },
        { reference: 'transfer:d', coreTransferId: 'TRF4', gatewayAmount: { amount: '3.00', currency: 'USD' }, coreAmount: cny('3.00') },
      ],
    });
    expect(reconciliationExceptions(r).map((e) => `${e.subject} ${e.status}`)).toEqual([
      'transfer:c GATEWAY_ONLY',
      'transfer:z CORE_ONLY',
      'transfer:a AMOUNT_MISMATCH',
      'transfer:d AMOUNT_MISMATCH',
    ]);
  });

  it('is RECONCILED when both sides agree (also when both are empty), and UNAVAILABLE is never a clean result', () => {
    expect(reconcile([], [])).toMatchObject({ status: 'RECONCILED', matched: 0 });
    expect(reconcile([{ reference: 'r', amount: cny('1') }], [{ reference: 'r', transferId: 'T', amount: cny('1.00') }])).toMatchObject({ status: 'RECONCILED', matched: 1 });
    const down = reconciliationUnavailable('core banking: UPSTREAM_UNAVAILABLE');
    expect(down.status).toBe('UNAVAILABLE');
    expect(reconciliationExceptions(down)).toEqual([expect.objectContaining({ subject: 'reconciliation', status: 'UNAVAILABLE' })]);
  });
});

describe('toCsv', () => {
  it('quotes separators, quotes and line breaks, and defuses cells a spreadsheet would run as formulas', () => {
    expect(toCsv([['a', 'b,c', 'say "hi"', 'two\nlines']])).toBe('a,"b,c","say ""hi""","two\nlines"\r\n');
    expect(toCsv([['=1+1', '+SUM(A1)', '-2+3', '@cmd', '\tx', 'ok=1']])).toBe("'=1+1,'+SUM(A1),'-2+3,'@cmd,'\tx,ok=1\r\n");
    expect(toCsv([['=HYPERLINK("http://evil.example")']])).toBe(`"'=HYPERLINK(""http://evil.example"")"\r\n`);
    // Numbers are numbers (a negative count stays a number), null is an empty cell.
    expect(toCsv([['k', -1, 0, null]])).toBe('k,-1,0,\r\n');
  });
});
