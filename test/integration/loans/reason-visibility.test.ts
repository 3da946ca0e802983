/**
 * A loan's reasons are as sensitive as the data they came from: one rule (loans.rules.ts
 * `visibleReasons` over customers.rules.ts `customerAccess`) decides, and every path to an
 * application goes through it. Role × path:
 *
 * | viewer        | credit reasons | risk reasons | AML / watch-list |
 * | customer      | yes            | no           | no (UNABLE_TO_PROCEED) |
 * | teller        | no             | no           | no (RESTRICTED) |
 * | reviewer      | yes            | yes          | yes |
 * | risk officer  | yes            | yes          | yes |
 */
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginCustomer, loginStaff } from '../../support/auth.js';
import { execute, take, wsClient } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { parse } from 'graphql';

type Reason = { code: string; message: string };
type App = { id: string; status: string; reasons: Reason[] };

let t: TestGateway;
const customer: Record<string, Record<string, string>> = {};
const staff: Record<string, Record<string, string>> = {};
/** One open (or, for zhao.lei, rejected) application per applicant. */
const applied: Record<string, App> = {};

/** Codes no customer or partner may ever see, and the ones only credit/risk staff may. */
const SCREENING = ['AML_REVIEW', 'AML_HIT', 'WATCHLIST_HIT'];
const CREDIT_OR_RISK = ['RECENT_DELINQUENCY', 'LITIGATION_RECORD', 'SCORE_BELOW_MINIMUM', 'SERIOUS_DELINQUENCY', 'THIN_CREDIT_FILE', 'DEBT_TO_INCOME_ABOVE_THRESHOLD'];
const IDS: Record<string, string> = { 'zhao.lei': 'C000002', 'chen.jie': 'C000003', 'li.na': 'C000007' };

const REASONS = 'id status reasons { code message }';
const codes = (app: App | undefined) => (app?.reasons ?? []).map((r) => r.code);

beforeAll(async () => {
  t = await startTestGateway({ BREAKER_THRESHOLD: '1000', BACKEND_TIMEOUT_MS: '3000' });
  for (const username of ['zhao.lei', 'chen.jie', 'li.na']) {
    customer[username] = (await loginCustomer(t, username)).headers;
    const response = await execute<{ applyForLoan: App }, unknown>(
      t.url,
      `mutation ($input: LoanApplicationInput!, $key: String!) { applyForLoan(input: $input, idempotencyKey: $key) { ${REASONS} } }`,
      { input: { productCode: 'PERSONAL_CONSUMER', amount: '50000.00', currency: 'CNY', termMonths: 24, purpose: 'Home renovation' }, key: `rv-${randomUUID()}` },
      customer[username],
    );
    expect(response.errors).toBeUndefined();
    applied[username] = response.data!.applyForLoan;
  }
  for (const username of ['teller.li', 'reviewer.wu', 'risk.zhang']) staff[username] = (await loginStaff(t, username)).headers;
});
afterAll(() => t?.close());

/** `customer(id){ openLoanApplications { … } }` as a staff member. */
async function staffOpenLoans(username: string, applicant: string): Promise<App | undefined> {
  const response = await execute<{ customer: { openLoanApplications: App[] } }, unknown>(
    t.url,
    `query ($id: ID!) { customer(id: $id) { openLoanApplications { ${REASONS} } } }`,
    { id: IDS[applicant] },
    staff[username],
  );
  expect(response.errors).toBeUndefined();
  return response.data!.customer.openLoanApplications.find((a) => a.id === applied[applicant]!.id);
}

describe('LoanApplication.reasons', () => {
  describe('as the applicant', () => {
    it('shows a screening outcome as UNABLE_TO_PROCEED on applyForLoan, loanApplication, myLoanApplications and me.openLoanApplications', async () => {
      for (const username of ['zhao.lei', 'li.na']) {
        expect(codes(applied[username])).toEqual(['UNABLE_TO_PROCEED']);
        const one = await execute<{ loanApplication: App }, unknown>(t.url, `query ($id: ID!) { loanApplication(id: $id) { ${REASONS} } }`, { id: applied[username]!.id }, customer[username]);
        expect(codes(one.data?.loanApplication)).toEqual(['UNABLE_TO_PROCEED']);
        const mine = await execute<{ myLoanApplications: { nodes: App[] } }, unknown>(t.url, `{ myLoanApplications(first: 100) { nodes { ${REASONS} } } }`, undefined, customer[username]);
        expect(codes(mine.data?.myLoanApplications.nodes.find((a) => a.id === applied[username]!.id))).toEqual(['UNABLE_TO_PROCEED']);
        const open = await execute<{ me: { openLoanApplications: App[] } }, unknown>(t.url, `{ me { openLoanApplications { ${REASONS} } } }`, undefined, customer[username]);
        for (const app of open.data?.me.openLoanApplications ?? []) expect(codes(app).filter((c) => SCREENING.includes(c))).toEqual([]);
        expect(JSON.stringify([one, mine, open])).not.toMatch(/AML|WATCHLIST|sanction|watch list/i);
      }
    });

    it('hides the risk platform finding (litigation) and keeps the credit reasons', async () => {
      const chen = codes(applied['chen.jie']);
      expect(chen).not.toContain('LITIGATION_RECORD');
      expect(chen).toContain('UNABLE_TO_PROCEED');
      const reviewerView = codes(await staffOpenLoans('reviewer.wu', 'chen.jie'));
      // Every credit reason the reviewer sees, the applicant sees too.
      for (const code of reviewerView.filter((c) => ['RECENT_DELINQUENCY', 'SCORE_BELOW_MINIMUM', 'THIN_CREDIT_FILE', 'DEBT_TO_INCOME_ABOVE_THRESHOLD'].includes(c))) {
        expect(chen).toContain(code);
      }
    });

    it('shows the neutral reason on a subscription event’s application too', async () => {
      const client = wsClient(t.wsUrl, { authorization: customer['zhao.lei']!.authorization });
      try {
        const [event] = await take<{ loanApplicationUpdated: { application: App } }>(
          client,
          parse(`subscription ($id: ID!) { loanApplicationUpdated(id: $id, afterSeq: 0) { application { ${REASONS} } } }`),
          1,
          { id: applied['zhao.lei']!.id },
        );
        expect(codes(event?.data?.loanApplicationUpdated.application)).toEqual(['UNABLE_TO_PROCEED']);
      } finally {
        await client.dispose();
      }
    });
  });

  describe('as a teller', () => {
    it('shows neither credit, risk nor screening reasons through customer.openLoanApplications, but RESTRICTED', async () => {
      for (const applicant of ['chen.jie', 'li.na']) {
        const app = await staffOpenLoans('teller.li', applicant);
        expect(app).toBeDefined();
        expect(codes(app).filter((c) => [...SCREENING, ...CREDIT_OR_RISK].includes(c))).toEqual([]);
        expect(codes(app)).toContain('RESTRICTED');
      }
    });
  });

  describe('as a reviewer', () => {
    it('shows every reason through customer.openLoanApplications, loanApplication and loanReviewQueue', async () => {
      expect(codes(await staffOpenLoans('reviewer.wu', 'chen.jie'))).toContain('LITIGATION_RECORD');
      expect(codes(await staffOpenLoans('reviewer.wu', 'li.na'))).toContain('AML_REVIEW');
      const one = await execute<{ loanApplication: App }, unknown>(t.url, `query ($id: ID!) { loanApplication(id: $id) { ${REASONS} } }`, { id: applied['zhao.lei']!.id }, staff['reviewer.wu']);
      expect(codes(one.data?.loanApplication)).toEqual(expect.arrayContaining(['WATCHLIST_HIT', 'AML_HIT']));
      const queue = await execute<{ loanReviewQueue: { nodes: App[] } }, unknown>(t.url, `{ loanReviewQueue(first: 100) { nodes { ${REASONS} } } }`, undefined, staff['reviewer.wu']);
      expect(codes(queue.data?.loanReviewQueue.nodes.find((a) => a.id === applied['li.na']!.id))).toContain('AML_REVIEW');
    });
  });

  describe('as a risk officer', () => {
    it('shows every reason through customer.openLoanApplications', async () => {
      expect(codes(await staffOpenLoans('risk.zhang', 'chen.jie'))).toContain('LITIGATION_RECORD');
      expect(codes(await staffOpenLoans('risk.zhang', 'li.na'))).toContain('AML_REVIEW');
    });
  });
});


