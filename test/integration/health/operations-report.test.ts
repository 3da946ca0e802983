import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApplyForLoanDocument, OperationsDailyReportDocument } from '../../generated/graphql.js';
import { errorCode, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';
import { seedAlert } from '../alerts/alerts-kit.js';

let t: TestGateway;
let ops: Record<string, string>;

/** Today in the bank's time zone (the default REPORT_TIME_ZONE). */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

beforeAll(async () => {
  t = await sharedGateway();
  ops = (await loginStaff(t, 'ops.huang')).headers;
});

const report = async (date = today(), headers = ops) => {
  const response = await execute(t.url, OperationsDailyReportDocument, { date }, headers);
  expect(response.errors).toBeUndefined();
  return response.data!.operationsDailyReport;
};
const count = (list: { key: string; count: number }[], key: string) => list.find((c) => c.key === key)?.count ?? 0;

describe('Query.operationsDailyReport', () => {
  it('counts the day’s loan by product and outcome and lists an open alert as waiting for a person', async () => {
    const before = await report();
    expect(before.timeZone).toBe('Asia/Shanghai');
    expect(new Date(before.to).getTime() - new Date(before.from).getTime()).toBe(86_400_000);

    const zhao = (await loginCustomer(t, 'zhao.lei')).headers;
    const loan = await execute(
      t.url,
      ApplyForLoanDocument,
      { input: { productCode: 'PERSONAL_CONSUMER', amount: '50000.00', currency: 'CNY', termMonths: 24, purpose: 'Home renovation' }, idempotencyKey: `o-${randomUUID()}` },
      zhao,
    );
    expect(loan.data?.applyForLoan.status).toBe('REJECTED');
    const alertId = await seedAlert(t);

    const after = await report();
    expect(count(after.volumes.loansByProduct, 'PERSONAL_CONSUMER')).toBe(count(before.volumes.loansByProduct, 'PERSONAL_CONSUMER') + 1);
    expect(count(after.decisions.loans, 'REJECTED')).toBe(count(before.decisions.loans, 'REJECTED') + 1);
    expect(count(after.alerts.byStatus, 'OPEN')).toBe(count(before.alerts.byStatus, 'OPEN') + 1);
    expect(after.exceptions).toContainEqual({ subject: `alert:${alertId}`, status: 'OPEN', why: 'a risk officer acknowledges' });
  });

  it('refuses customers and tellers', async () => {
    const customer = (await loginCustomer(t, 'wang.fang')).headers;
    for (const headers of [customer, (await loginStaff(t, 'teller.li')).headers]) {
      const response = await execute(t.url, OperationsDailyReportDocument, { date: today() }, headers);
      expect(errorCode(response)).toBe('FORBIDDEN');
    }
  });

  it.each([['2026-02-30'], ['not-a-date'], ['2999-01-01']])('refuses the date %s with BAD_USER_INPUT', async (date) => {
    const response = await execute(t.url, OperationsDailyReportDocument, { date }, ops);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
  });
});
