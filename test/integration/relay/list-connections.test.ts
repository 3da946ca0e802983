/**
 * Every list that can grow is a keyset cursor connection: paged with first/after across pages
 * without a duplicate or a gap, `totalCount` matching what the pages hold, `nodes` matching the
 * edges, a bad `first` or a foreign/garbled cursor BAD_USER_INPUT, a customer's list holding only
 * their own items, and a staff queue refused to customers.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { staffMembers } from '../../../src/modules/auth/auth.tables.js';
import { corporateRequests, expertGuidanceCases } from '../../../src/modules/corporate/corporate.tables.js';
import { loanApplications } from '../../../src/modules/loans/loans.tables.js';
import { serviceRequests } from '../../../src/modules/services/services.tables.js';
import { accountOpenings } from '../../../src/modules/onboarding/onboarding.tables.js';
import { transfers } from '../../../src/modules/transfers/transfers.tables.js';
import { SubmitFeedbackDocument } from '../../generated/graphql.js';
import { errorCode, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute, type GraphQLResponse } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { guaranteeRequest, JIANGNAN, submit } from '../corporate/corporate-kit.js';

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { id: string } }[];
  nodes: { id: string }[];
}

let t: TestGateway;
const headers: Record<string, Record<string, string>> = {};

/** One connection field, called by whom, and the arguments it needs besides first/after. */
interface ListCase {
  field: string;
  viewer: string;
  args?: string;
}

const CUSTOMER_LISTS: ListCase[] = [
  { field: 'myTransfers', viewer: 'liu.yang' },
  { field: 'myLoanApplications', viewer: 'wang.fang' },
  { field: 'myFeedback', viewer: 'zhao.lei' },
  { field: 'myServiceRequests', viewer: 'wang.fang' },
  { field: 'myCorporateRequests', viewer: 'gao.jun' },
];

const STAFF_LISTS: ListCase[] = [
  { field: 'heldTransfers', viewer: 'risk.zhang' },
  { field: 'loanReviewQueue', viewer: 'reviewer.wu' },
  { field: 'accountOpeningReviewQueue', viewer: 'risk.zhang' },
  { field: 'feedbackQueue', viewer: 'feedback.xu', args: 'status: [OPEN, ESCALATED]' },
  { field: 'expertQueue', viewer: 'expert.lin' },
  { field: 'corporateRequestsAwaitingSignature', viewer: 'teller.li' },
  { field: 'expertGuidanceQueue', viewer: 'expert.lin' },
  { field: 'myExpertGuidanceCases', viewer: 'teller.li' },
];

/** The lists this file fills with at least three items. */
const SEEDED = new Set([...CUSTOMER_LISTS, ...STAFF_LISTS].map((list) => list.field));

function pageOf(list: ListCase, first: number, after: string | null): Promise<GraphQLResponse<Record<string, Page>>> {
  const args = [list.args, 'first: $first', 'after: $after'].filter(Boolean).join(', ');
  const query = `query Page($first: Int!, $after: String) { ${list.field}(${args}) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } nodes { id } } }`;
  return execute<Record<string, Page>, { first: number; after: string | null }>(t.url, query, { first, after }, headers[list.viewer]);
}

/** Every id of the list, walked `size` at a time, and the totalCount the last page gave. */
async function walk(list: ListCase, size: number): Promise<{ ids: string[]; totalCount: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  let totalCount = -1;
  for (let pages = 0; pages < 500; pages++) {
    const response = await pageOf(list, size, after);
    expect(response.errors).toBeUndefined();
    const page = response.data![list.field]!;
    expect(page.edges.length).toBeLessThanOrEqual(size);
    expect(page.nodes.map((n) => n.id)).toEqual(page.edges.map((e) => e.node.id));
    totalCount = page.totalCount;
    ids.push(...page.edges.map((e) => e.node.id));
    if (!page.pageInfo.hasNextPage) {
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      break;
    }
    expect(page.edges).toHaveLength(size);
    expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
    after = page.pageInfo.endCursor;
  }
  return { ids, totalCount };
}

/** Three rows' times: two share a millisecond, so pages must break the tie by id. */
const TIMES = [new Date('2026-11-01T09:00:00.000Z'), new Date('2026-11-01T09:00:00.000Z'), new Date('2026-11-02T09:00:00.000Z')];

/** Rows in the lists that no flow of this file fills quickly: three per list, for each customer. */
async function seed(customerNumbers: Record<string, string>) {
  const db = t.gateway.database.db;
  const base = { currency: 'CNY', channel: 'APP', seq: 1, requestHash: 'seeded' };
  for (const [i, at] of TIMES.entries()) {
    for (const username of ['liu.yang', 'wang.fang']) {
      const customerId = customerNumbers[username]!;
      const times = { createdAt: at, updatedAt: at, idempotencyKey: `seed-${randomUUID()}` };
      await db.insert(transfers).values({
        ...base,
        ...times,
        id: randomUUID(),
        customerId,
        fromAccountId: `${customerId}-A01`,
        payeeAccountNumber: '6222021234567890123',
        payeeName: 'Zhang San',
        amount: '10.00',
        status: username === 'liu.yang' ? 'POSTED' : 'HELD',
        decision: username === 'liu.yang' ? 'ALLOW' : 'HOLD',
        score: 10,
        signals: [],
      });
      await db.insert(loanApplications).values({
        ...base,
        ...times,
        id: randomUUID(),
        customerId,
        productCode: ['PERSONAL_CONSUMER', 'MICRO_BUSINESS', 'CORPORATE'][i]!,
        amount: '5000.00',
        termMonths: 12,
        purpose: 'Seeded for paging',
        status: 'MANUAL_REVIEW',
      });
      await db.insert(accountOpenings).values({
        ...times,
        id: randomUUID(),
        customerId,
        kind: 'SAVINGS',
        currency: 'CNY',
        status: 'PENDING_REVIEW',
        prefill: { fullName: null, idNumber: null, phone: null, address: null },
        seq: 1,
      });
      await db.insert(serviceRequests).values({
        ...base,
        ...times,
        id: randomUUID(),
        customerId,
        templateCode: 'REPORT_LOST_CARD',
        status: 'DONE',
        startedOn: 'APP',
        fields: {},
      });
    }
    const [teller] = await db.select({ id: staffMembers.id }).from(staffMembers).where(eq(staffMembers.username, 'teller.li'));
    await db.insert(expertGuidanceCases).values({
      ...base,
      createdAt: at,
      updatedAt: at,
      idempotencyKey: `seed-${randomUUID()}`,
      id: randomUUID(),
      kind: 'CORPORATE_ACCOUNT_OPENING',
      reference: `SEED-${i}`,
      summary: 'Seeded for paging',
      openedBy: teller!.id,
      status: 'OPEN',
    });
    await db.insert(corporateRequests).values({
      ...base,
      createdAt: at,
      updatedAt: at,
      idempotencyKey: `seed-${randomUUID()}`,
      id: randomUUID(),
      companyId: JIANGNAN.companyId,
      customerId: 'seeded',
      representativeIds: ['seeded'],
      relatedCustomerIds: [],
      kind: 'LETTER_OF_GUARANTEE',
      amount: '100000.00',
      settlementAccountId: JIANGNAN.account,
      purpose: 'Seeded for paging',
      details: {},
      status: 'APPROVED',
    });
  }
}

beforeAll(async () => {
  t = await startTestGateway();
  for (const username of ['liu.yang', 'wang.fang', 'zhao.lei', 'sun.mei', 'gao.jun']) headers[username] = (await loginCustomer(t, username)).headers;
  for (const username of ['risk.zhang', 'reviewer.wu', 'feedback.xu', 'expert.lin', 'teller.li']) headers[username] = (await loginStaff(t, username)).headers;
  const customerNumbers: Record<string, string> = {};
  for (const username of ['liu.yang', 'wang.fang']) customerNumbers[username] = (await execute<{ me: { customerNumber: string } }, unknown>(t.url, '{ me { customerNumber } }', undefined, headers[username])).data!.me.customerNumber;
  await seed(customerNumbers);
  // At least three items in a customer list and in the officers' queues, so that pages of one meet.
  for (let i = 0; i < 3; i++) {
    const { errors } = await execute(t.url, SubmitFeedbackDocument, { input: { category: 'SUGGESTION', text: `Paging check ${i}` }, idempotencyKey: `page-${randomUUID()}` }, headers['zhao.lei']);
    expect(errors).toBeUndefined();
    await submit(t, headers['gao.jun']!, guaranteeRequest(JIANGNAN, `2${i}0000.00`));
  }
}, 60_000);

afterAll(() => t.close());

describe.each([...CUSTOMER_LISTS, ...STAFF_LISTS])('Query.$field as a connection', (list) => {
  it('pages one at a time with no item twice or missed, as one big page has them, and counts them all', async () => {
    const small = await walk(list, 1);
    const big = await walk(list, 100);
    if (SEEDED.has(list.field)) expect(big.totalCount).toBeGreaterThanOrEqual(3);
    expect(new Set(small.ids).size).toBe(small.ids.length);
    expect(small.totalCount).toBe(big.totalCount);
    if (big.totalCount <= 100) {
      expect(small.ids).toEqual(big.ids);
      expect(small.ids).toHaveLength(small.totalCount);
    }
  });

  it('refuses first outside 1-100, a garbled cursor and a cursor of another list with BAD_USER_INPUT', async () => {
    expect(errorCode(await pageOf(list, 0, null))).toBe('BAD_USER_INPUT');
    expect(errorCode(await pageOf(list, 101, null))).toBe('BAD_USER_INPUT');
    expect(errorCode(await pageOf(list, 1, 'bm90LWEtY3Vyc29y'))).toBe('BAD_USER_INPUT');
    // A real cursor, issued by another list.
    const other = list.field === 'myFeedback' ? STAFF_LISTS.find((l) => l.field === 'feedbackQueue')! : { field: 'myFeedback', viewer: 'zhao.lei' };
    const foreign = (await pageOf(other, 1, null)).data![other.field]!.pageInfo.endCursor;
    expect(foreign).toBeTruthy();
    expect(errorCode(await pageOf(list, 1, foreign))).toBe('BAD_USER_INPUT');
  });
});

describe('who sees which list', () => {
  it("a customer's connection never holds another customer's items, nor counts them", async () => {
    const zhao = await walk({ field: 'myFeedback', viewer: 'zhao.lei' }, 100);
    expect(zhao.totalCount).toBeGreaterThanOrEqual(3);
    const sun = await walk({ field: 'myFeedback', viewer: 'sun.mei' }, 100);
    expect(sun.ids.filter((id) => zhao.ids.includes(id))).toEqual([]);
    expect(sun.totalCount).toBe(sun.ids.length);
    for (const list of CUSTOMER_LISTS.filter((l) => l.viewer !== 'sun.mei')) {
      const mine = await walk(list, 100);
      const theirs = await walk({ ...list, viewer: 'sun.mei' }, 100);
      expect(theirs.ids.filter((id) => mine.ids.includes(id))).toEqual([]);
    }
  });

  it.each(STAFF_LISTS)('Query.$field is refused to a customer', async (list) => {
    expect(errorCode(await pageOf({ ...list, viewer: 'wang.fang' }, 5, null))).toBe('FORBIDDEN');
  });
});
