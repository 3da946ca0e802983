/**
 * The risk platform port's contract, over real HTTP against the mock; point `makeTarget` at a
 * real risk test system seeded with the demo customers to run the same cases there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRiskClient } from '../../src/adapters/risk/risk.client.js';
import type { RiskPort } from '../../src/adapters/risk/risk.port.js';
import { DEMO_CUSTOMERS } from '../../mocks/index.js';
import { startMockBackends } from './adapter-kit.js';

interface RiskTarget {
  port: RiskPort;
  close(): Promise<void>;
}

const WATCHLISTED_PAYEE = '6222020000000000666';
const ORDINARY_PAYEE = '6222020000000000123';

function describeRiskContract(name: string, makeTarget: () => Promise<RiskTarget>): void {
  describe(name, () => {
    let target: RiskTarget;
    beforeAll(async () => {
      target = await makeTarget();
    });
    afterAll(() => target?.close());

    describe('profiles', () => {
      it('rates Zhao Lei HIGH with an AML hit on the high-risk and sanctions lists', async () => {
        const [profile] = await target.port.getRiskProfiles(['C000002']);
        expect(profile).toMatchObject({ customerId: 'C000002', rating: 'HIGH', score: 92, amlStatus: 'HIT' });
        expect(profile?.watchlistHits.map((h) => [h.list, h.matchScore])).toEqual([
          ['CN-HIGH-RISK-LIST', 0.97],
          ['GLOBAL-SANCTIONS', 0.95],
        ]);
      });

      it("shows Chen Jie's open civil case with its amount as a decimal string", async () => {
        const [profile] = await target.port.getRiskProfiles(['C000003']);
        expect(profile).toMatchObject({ rating: 'MEDIUM', score: 48, amlStatus: 'CLEAR' });
        expect(profile?.litigation).toEqual([
          expect.objectContaining({
            caseId: '2026-440106-CIV-04711',
            kind: 'CIVIL',
            status: 'OPEN',
            amount: { amount: '85000.00', currency: 'CNY' },
          }),
        ]);
      });

      it('answers a batch in input order with null for an unknown customer', async () => {
        const profiles = await target.port.getRiskProfiles(['C000001', 'C999999', 'C000007']);
        expect(profiles.map((p) => p && [p.rating, p.score, p.amlStatus])).toEqual([
          ['LOW', 12, 'CLEAR'],
          null,
          ['MEDIUM', 52, 'REVIEW'],
        ]);
      });
    });

    describe('screenPerson', () => {
      it("screens Zhao Lei's identity number as a HIT on both lists", async () => {
        const screening = await target.port.screenPerson({
          fullName: DEMO_CUSTOMERS.zhaoLei.fullName,
          idNumber: DEMO_CUSTOMERS.zhaoLei.idNumber,
          dateOfBirth: DEMO_CUSTOMERS.zhaoLei.dateOfBirth,
        });
        expect(screening).toMatchObject({ result: 'HIT', matchScore: 0.97, pep: false });
        expect(screening.lists).toEqual(['CN-HIGH-RISK-LIST', 'GLOBAL-SANCTIONS']);
        expect(screening.screeningId).toMatch(/\S/);
      });

      it('screens Li Na as a politically exposed partial match', async () => {
        const screening = await target.port.screenPerson({ fullName: 'Li Na', idNumber: DEMO_CUSTOMERS.liNa.idNumber });
        expect(screening).toMatchObject({ result: 'PARTIAL_MATCH', pep: true, lists: ['PEP-REGISTER'] });
      });

      it('clears an ordinary new applicant with a low match score', async () => {
        const screening = await target.port.screenPerson({ fullName: 'Qian Hao', idNumber: '110101199001011237' });
        expect(screening.result).toBe('CLEAR');
        expect(screening.matchScore).toBeLessThan(0.3);
        expect(screening.lists).toEqual([]);
      });
    });

    describe('scoreTransfer', () => {
      const transfer = { customerId: 'C000001', payeeName: 'Li Ming', channel: 'APP' };

      it('scores an ordinary transfer of a low-risk customer low, without signals', async () => {
        const score = await target.port.scoreTransfer({
          ...transfer,
          amount: { amount: '200.00', currency: 'CNY' },
          payeeAccountNumber: ORDINARY_PAYEE,
        });
        expect(score).toMatchObject({ signals: [], payeeWatchlisted: false });
        expect(score?.score).toBeLessThan(30);
      });

      it('flags a large transfer to a watch-listed payee', async () => {
        const score = await target.port.scoreTransfer({
          ...transfer,
          amount: { amount: '80000.00', currency: 'CNY' },
          payeeAccountNumber: WATCHLISTED_PAYEE,
        });
        expect(score?.payeeWatchlisted).toBe(true);
        expect(score?.score).toBeGreaterThanOrEqual(95);
        expect(score?.signals).toEqual(expect.arrayContaining(['LARGE_AMOUNT', 'PAYEE_WATCHLISTED']));
      });

      it('answers null for a customer the risk platform does not know', async () => {
        expect(
          await target.port.scoreTransfer({
            ...transfer,
            customerId: 'C999999',
            amount: { amount: '1.00', currency: 'CNY' },
            payeeAccountNumber: ORDINARY_PAYEE,
          }),
        ).toBeNull();
      });
    });
  });
}

describeRiskContract('RiskPort over HTTP against the risk platform mock', async () => {
  const backends = await startMockBackends();
  return { port: createRiskClient(backends.client('risk')), close: () => backends.close() };
});
