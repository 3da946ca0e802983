import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApplyForLoanDocument, ProcessHealthDocument, RateExperienceDocument, WithdrawLoanApplicationDocument } from '../../generated/graphql.js';
import { experienceRatings } from '../../../src/modules/feedback/feedback.tables.js';
import { errorCode, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';
import { localId } from '../../support/ids.js';

let t: TestGateway;
let zhao: Record<string, string>;
let chen: Record<string, string>;

beforeAll(async () => {
  t = await sharedGateway();
  zhao = (await loginCustomer(t, 'zhao.lei')).headers;
  chen = (await loginCustomer(t, 'chen.jie')).headers;
});

const consumer = { productCode: 'PERSONAL_CONSUMER', amount: '50000.00', currency: 'CNY', termMonths: 24, purpose: 'Home renovation' };

/** An application of Zhao Lei's, rejected automatically: a finished flow. */
async function rejectedLoan(): Promise<string> {
  const response = await execute(t.url, ApplyForLoanDocument, { input: consumer, idempotencyKey: `r-${randomUUID()}` }, zhao);
  expect(response.data?.applyForLoan.status).toBe('REJECTED');
  return response.data!.applyForLoan.id;
}

const rate = (subjectId: string, scores: { csat?: number | null; nps?: number | null }, headers = zhao) =>
  execute(t.url, RateExperienceDocument, { input: { flow: 'LOAN_APPLICATION', subjectId, ...scores } }, headers);
const stored = (subjectId: string) => t.gateway.database.db.select().from(experienceRatings).where(eq(experienceRatings.subjectId, localId(subjectId)));

describe('Mutation.rateExperience', () => {
  it('records a rating of your own finished flow once, and processHealth counts it in CSAT and NPS', async () => {
    const ops = (await loginStaff(t, 'ops.huang')).headers;
    const window = { from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const sample = async (id: string) =>
      (await execute(t.url, ProcessHealthDocument, window, ops)).data!.processHealth.indicators.find((i) => i.id === id)!.sample;
    const before = { csat: await sample('csat'), nps: await sample('nps') };

    const id = await rejectedLoan();
    const first = await rate(id, { csat: 5, nps: 9 });
    expect(first.errors).toBeUndefined();
    expect(first.data!.rateExperience).toMatchObject({ flow: 'LOAN_APPLICATION', subjectId: id, csat: 5, nps: 9 });
    expect(await sample('csat')).toBe(before.csat + 1);
    expect(await sample('nps')).toBe(before.nps + 1);

    expect(errorCode(await rate(id, { csat: 1 }))).toBe('ALREADY_RATED');
    expect(await stored(id)).toHaveLength(1);
  });

  it('answers NOT_FOUND for another customer’s flow or a malformed id, and stores nothing', async () => {
    const id = await rejectedLoan();
    expect(errorCode(await rate(id, { csat: 4 }, chen))).toBe('NOT_FOUND');
    expect(errorCode(await rate('not-an-id', { csat: 4 }))).toBe('NOT_FOUND');
    const asTransfer = await execute(t.url, RateExperienceDocument, { input: { flow: 'TRANSFER', subjectId: id, csat: 4 } }, zhao);
    expect(errorCode(asTransfer)).toBe('NOT_FOUND');
    expect(await stored(id)).toHaveLength(0);
  });

  it.each([
    ['a CSAT above 5', { csat: 6 }, 'csat'],
    ['a CSAT below 1', { csat: 0 }, 'csat'],
    ['an NPS above 10', { nps: 11 }, 'nps'],
    ['no score at all', {}, 'csat'],
  ])('refuses %s with BAD_USER_INPUT naming the field, storing nothing', async (_what, scores, field) => {
    const id = await rejectedLoan();
    const response = await rate(id, scores);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect(response.errors![0]!.extensions!.field).toBe(field);
    expect(await stored(id)).toHaveLength(0);
  });

  it('refuses a flow that is not finished, and accepts it once it is', async () => {
    const applied = await execute(t.url, ApplyForLoanDocument, { input: consumer, idempotencyKey: `r-${randomUUID()}` }, chen);
    expect(applied.data?.applyForLoan.status).toBe('MANUAL_REVIEW');
    const id = applied.data!.applyForLoan.id;
    const early = await rate(id, { csat: 2 }, chen);
    expect(errorCode(early)).toBe('BAD_USER_INPUT');
    expect(early.errors![0]!.extensions!.field).toBe('subjectId');
    expect((await execute(t.url, WithdrawLoanApplicationDocument, { id, reason: 'rating test' }, chen)).errors).toBeUndefined();
    expect((await rate(id, { csat: 2 }, chen)).errors).toBeUndefined();
  });

  it('refuses staff: only customers rate', async () => {
    const id = await rejectedLoan();
    const teller = (await loginStaff(t, 'teller.li')).headers;
    expect(errorCode(await rate(id, { csat: 5 }, teller))).toBe('FORBIDDEN');
  });

  it('keeps exactly one rating when the same customer rates the same flow 20 times at once', async () => {
    const id = await rejectedLoan();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => rate(id, { csat: (i % 5) + 1 })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => errorCode(r) === 'ALREADY_RATED')).toHaveLength(19);
    expect(await stored(id)).toHaveLength(1);
  });
});
