/**
 * The credit bureau port's contract, over real HTTP against the mock; point `makeTarget` at a
 * real bureau test system seeded with the demo customers to run the same cases there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCreditBureauClient } from '../../src/adapters/credit-bureau/credit-bureau.client.js';
import type { CreditBureauPort } from '../../src/adapters/credit-bureau/credit-bureau.port.js';
import { startMockBackends } from './adapter-kit.js';

interface CreditBureauTarget {
  port: CreditBureauPort;
  close(): Promise<void>;
}

function describeCreditBureauContract(name: string, makeTarget: () => Promise<CreditBureauTarget>): void {
  describe(name, () => {
    let target: CreditBureauTarget;
    beforeAll(async () => {
      target = await makeTarget();
    });
    afterAll(() => target?.close());

    it("reports Wang Fang's clean file with a score of 780", async () => {
      const [report] = await target.port.getCreditReports(['C000001']);
      expect(report).toMatchObject({ customerId: 'C000001', score: 780, thinFile: false, worstStatus: 'CURRENT' });
      expect(report?.reportId).toMatch(/\S/);
      expect(report?.generatedAt.localeCompare('2026-11-01T00:00:00.000Z')).toBe(-1);
    });

    it("reports Sun Mei's thin file with a null score and no credit lines", async () => {
      const [report] = await target.port.getCreditReports(['C000005']);
      expect(report).toMatchObject({
        customerId: 'C000005',
        score: null,
        thinFile: true,
        openCreditLines: 0,
        totalOutstanding: { amount: '0.00', currency: 'CNY' },
      });
    });

    it("reports Liu Yang's heavy borrowing, in line with core banking's figures", async () => {
      const [report] = await target.port.getCreditReports(['C000004']);
      expect(report).toMatchObject({
        score: 590,
        openCreditLines: 9,
        inquiries6m: 6,
        totalOutstanding: { amount: '420000.00', currency: 'CNY' },
        monthlyRepayments: { amount: '9000.00', currency: 'CNY' },
      });
    });

    it('answers a batch in input order with null for a customer the bureau does not know', async () => {
      const reports = await target.port.getCreditReports(['C000006', 'C999999', 'C000006']);
      expect(reports.map((r) => r?.score ?? null)).toEqual([745, null, 745]);
    });
  });
}

describeCreditBureauContract('CreditBureauPort over HTTP against the credit bureau mock', async () => {
  const backends = await startMockBackends();
  return { port: createCreditBureauClient(backends.client('creditBureau')), close: () => backends.close() };
});
