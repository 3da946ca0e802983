import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEMO_CUSTOMERS, startMocks, type RunningMocks } from '../../mocks/index.js';
import {
  accountSchema,
  batchOf,
  disbursementSchema,
  errorSchema,
  financialsSchema,
  productSchema,
  transactionPageSchema,
  transferSchema,
} from './contract.js';
import { getJson, postJson, sendJson, toCents } from './http.js';

let mocks: RunningMocks;
let base: string;

beforeAll(async () => {
  mocks = await startMocks({ basePort: 0, env: {} });
  base = mocks.urls.coreBanking;
});

afterAll(async () => {
  await mocks.close();
});

const { wangFang, zhaoLei, chenJie, sunMei, zhouMin, liuYang } = DEMO_CUSTOMERS;

async function accountsOf(customerId: string) {
  const res = await postJson(`${base}/customers/accounts:batch`, { customerIds: [customerId] });
  const accounts = batchOf(z.array(accountSchema)).parse(res.body).results[0];
  if (!accounts) throw new Error(`no accounts for ${customerId}`);
  return accounts;
}

async function transactions(accountId: string, query = '') {
  const res = await getJson(`${base}/accounts/${accountId}/transactions${query}`);
  expect(res.status).toBe(200);
  return transactionPageSchema.parse(res.body);
}

describe('GET /health', () => {
  it('reports ok with the backend name', async () => {
    const res = await getJson(`${base}/health`);
    expect(res).toMatchObject({ status: 200, body: { status: 'ok', backend: 'core-banking' } });
  });
});

describe('GET /products', () => {
  it('lists loan and deposit products with decimal-string money and rates', async () => {
    const res = await getJson(`${base}/products`);
    const { products } = z.strictObject({ products: z.array(productSchema) }).parse(res.body);
    const byCode = new Map(products.map((p) => [p.code, p]));
    for (const code of ['PERSONAL_CONSUMER', 'MICRO_BUSINESS', 'CORPORATE', 'HOME_MORTGAGE', 'DEMAND_DEPOSIT', 'TIME_DEPOSIT_1Y', 'TIME_DEPOSIT_3Y']) {
      expect(byCode.has(code), code).toBe(true);
    }
    expect(byCode.get('PERSONAL_CONSUMER')).toMatchObject({ kind: 'LOAN', autoDecision: true });
    expect(byCode.get('MICRO_BUSINESS')).toMatchObject({ kind: 'LOAN', autoDecision: true });
    expect(byCode.get('HOME_MORTGAGE')).toMatchObject({ kind: 'LOAN', autoDecision: false });
    expect(byCode.get('CORPORATE')).toMatchObject({ kind: 'LOAN', autoDecision: false });
    expect(byCode.get('TIME_DEPOSIT_1Y')?.kind).toBe('DEPOSIT');
  });
});

describe('POST /customers/accounts:batch', () => {
  it('gives Wang Fang a CNY current, a CNY savings and a USD savings account', async () => {
    const accounts = await accountsOf(wangFang.id);
    expect(accounts.map((a) => `${a.kind}/${a.currency}`)).toEqual(['CURRENT/CNY', 'SAVINGS/CNY', 'SAVINGS/USD']);
    expect(accounts.every((a) => a.customerId === wangFang.id && a.status === 'ACTIVE')).toBe(true);
  });

  it('gives Zhou Min exactly 20 accounts', async () => {
    expect(await accountsOf(zhouMin.id)).toHaveLength(20);
  });

  it('gives Sun Mei a single account', async () => {
    expect(await accountsOf(sunMei.id)).toHaveLength(1);
  });

  it('shows a frozen account with nothing available', async () => {
    const frozen = (await accountsOf(zhaoLei.id)).find((a) => a.status === 'FROZEN');
    expect(frozen?.available.amount).toBe('0.00');
    expect(frozen?.balance.amount).not.toBe('0.00');
  });

  it('answers a batch in input order with null for unknown ids', async () => {
    const res = await postJson(`${base}/customers/accounts:batch`, {
      customerIds: [sunMei.id, 'C999999', wangFang.id, 'C100042', sunMei.id],
    });
    const { results } = batchOf(z.array(accountSchema)).parse(res.body);
    expect(results.map((r) => r?.[0]?.customerId ?? null)).toEqual([sunMei.id, null, wangFang.id, 'C100042', sunMei.id]);
  });
});

describe('POST /accounts:batch', () => {
  it('answers accounts by id in input order, null for unknown ones', async () => {
    const [first, second] = await accountsOf(wangFang.id);
    const res = await postJson(`${base}/accounts:batch`, { accountIds: [second?.accountId, 'C000001-A99', first?.accountId, 'nonsense'] });
    const { results } = batchOf(accountSchema).parse(res.body);
    expect(results).toEqual([second, null, first, null]);
  });
});

describe('POST /customers/financials:batch', () => {
  it('reports Liu Yang with 12000.00 income and 9000.00 debt payments a month', async () => {
    const res = await postJson(`${base}/customers/financials:batch`, { customerIds: [liuYang.id, 'C999999', zhouMin.id] });
    const [liu, unknown, zhou] = batchOf(financialsSchema).parse(res.body).results;
    expect(liu).toMatchObject({
      monthlyIncome: { amount: '12000.00', currency: 'CNY' },
      monthlyDebtPayments: { amount: '9000.00', currency: 'CNY' },
      businessTurnover: null,
    });
    expect(unknown).toBeNull();
    expect(zhou?.businessTurnover).toEqual({ amount: '2400000.00', currency: 'CNY' });
  });
});

describe('GET /accounts/:accountId/transactions', () => {
  const salaryAccount = `${wangFang.id}-A01`;

  it('returns 20 transactions newest first by default, the newest ending on the account balance', async () => {
    const page = await transactions(salaryAccount);
    expect(page.items).toHaveLength(20);
    const times = page.items.map((t) => t.bookedAt);
    expect([...times].sort().reverse()).toEqual(times);
    const [account] = await accountsOf(wangFang.id);
    expect(page.items[0]?.balanceAfter).toEqual(account?.balance);
    expect(page.nextCursor).not.toBeNull();
  });

  it('chains balances: each balance is the previous one plus or minus the amount', async () => {
    const page = await transactions(salaryAccount, '?limit=100');
    for (let i = 0; i + 1 < page.items.length; i += 1) {
      const newer = page.items[i]!;
      const older = page.items[i + 1]!;
      const signed = newer.direction === 'IN' ? toCents(newer.amount.amount) : -toCents(newer.amount.amount);
      expect(toCents(older.balanceAfter.amount)).toBe(toCents(newer.balanceAfter.amount) - signed);
    }
  });

  it('holds about twelve months of history with a monthly salary', async () => {
    const all = await transactions(salaryAccount, '?limit=100&direction=IN&minAmount=28000');
    const salaries = all.items.filter((t) => t.description.startsWith('Salary'));
    expect(salaries).toHaveLength(12);
    expect(salaries.every((t) => t.amount.amount === '28000.00')).toBe(true);
    expect(salaries.every((t) => t.bookedAt >= '2025-11-01T00:00:00.000Z' && t.bookedAt < '2026-11-01T00:00:00.000Z')).toBe(true);
  });

  it('pages through the whole history with the cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await transactions(salaryAccount, `?limit=100${cursor ? `&after=${cursor}` : ''}`);
      seen.push(...page.items.map((t) => t.transactionId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 20);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    const small: string[] = [];
    cursor = null;
    do {
      const page = await transactions(salaryAccount, `?limit=37${cursor ? `&after=${encodeURIComponent(cursor)}` : ''}`);
      small.push(...page.items.map((t) => t.transactionId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(small).toEqual(seen);
  });

  it('applies direction, minAmount and the date window before paging', async () => {
    const page = await transactions(
      salaryAccount,
      '?direction=OUT&minAmount=500.00&from=2026-03-01T00:00:00.000Z&to=2026-06-01T00:00:00.000Z&limit=5',
    );
    expect(page.items).toHaveLength(5);
    for (const t of page.items) {
      expect(t.direction).toBe('OUT');
      expect(toCents(t.amount.amount) >= 50_000n).toBe(true);
      expect(t.bookedAt >= '2026-03-01T00:00:00.000Z' && t.bookedAt < '2026-06-01T00:00:00.000Z').toBe(true);
    }
    const next = await transactions(
      salaryAccount,
      `?direction=OUT&minAmount=500.00&from=2026-03-01T00:00:00.000Z&to=2026-06-01T00:00:00.000Z&limit=5&after=${page.nextCursor ?? ''}`,
    );
    expect(next.items.every((t) => t.direction === 'OUT')).toBe(true);
    expect(next.items[0]!.bookedAt <= page.items[4]!.bookedAt).toBe(true);
  });

  it('gives Sun Mei only a few transactions', async () => {
    const page = await transactions(`${sunMei.id}-A01`, '?limit=100');
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.length).toBeLessThanOrEqual(8);
    expect(page.nextCursor).toBeNull();
  });

  it('answers 404 ACCOUNT_NOT_FOUND for an unknown account', async () => {
    const res = await getJson(`${base}/accounts/C000001-A77/transactions`);
    expect(res.status).toBe(404);
    expect(errorSchema.parse(res.body).error.code).toBe('ACCOUNT_NOT_FOUND');
  });

  it.each([
    ['?limit=101', 'BAD_REQUEST'],
    ['?limit=0', 'BAD_REQUEST'],
    ['?direction=SIDEWAYS', 'BAD_REQUEST'],
    ['?minAmount=1.234', 'BAD_REQUEST'],
    ['?from=yesterday', 'BAD_REQUEST'],
    ['?after=not-a-cursor', 'INVALID_CURSOR'],
  ])('refuses %s with 400 %s', async (query, code) => {
    const res = await getJson(`${base}/accounts/${salaryAccount}/transactions${query}`);
    expect(res.status).toBe(400);
    expect(errorSchema.parse(res.body).error.code).toBe(code);
  });
});

describe('writes', () => {
  afterEach(async () => {
    await sendJson('DELETE', `${base}/__admin/state`);
  });
  const key = (): string => randomUUID();

  async function accountById(accountId: string) {
    const res = await postJson(`${base}/accounts:batch`, { accountIds: [accountId] });
    const found = batchOf(accountSchema).parse(res.body).results[0];
    if (!found) throw new Error(`no account ${accountId}`);
    return found;
  }

  describe('POST /accounts', () => {
    it('opens an account that the batch reads then show', async () => {
      const res = await postJson(`${base}/accounts`, { idempotencyKey: key(), customerId: wangFang.id, kind: 'SAVINGS', currency: 'CNY' });
      expect(res.status).toBe(201);
      const opened = accountSchema.parse(res.body);
      expect(opened).toMatchObject({ customerId: wangFang.id, kind: 'SAVINGS', status: 'ACTIVE', balance: { amount: '0.00', currency: 'CNY' } });
      expect(await accountById(opened.accountId)).toEqual(opened);
      const list = await postJson(`${base}/customers/accounts:batch`, { customerIds: [wangFang.id] });
      expect(batchOf(z.array(accountSchema)).parse(list.body).results[0]?.map((a) => a.accountId)).toContain(opened.accountId);
    });

    it('replays the same reply with 200 for the same key and payload', async () => {
      const body = { idempotencyKey: key(), customerId: chenJie.id, kind: 'CURRENT', currency: 'USD' };
      const first = await postJson(`${base}/accounts`, body);
      const again = await postJson(`${base}/accounts`, { currency: 'USD', kind: 'CURRENT', customerId: chenJie.id, idempotencyKey: body.idempotencyKey });
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(again.body).toEqual(first.body);
      const list = await postJson(`${base}/customers/accounts:batch`, { customerIds: [chenJie.id] });
      expect(batchOf(z.array(accountSchema)).parse(list.body).results[0]).toHaveLength(3);
    });

    it('refuses a reused key with a different payload with 409 IDEMPOTENCY_CONFLICT', async () => {
      const idempotencyKey = key();
      await postJson(`${base}/accounts`, { idempotencyKey, customerId: wangFang.id, kind: 'SAVINGS', currency: 'CNY' });
      const res = await postJson(`${base}/accounts`, { idempotencyKey, customerId: wangFang.id, kind: 'SAVINGS', currency: 'EUR' });
      expect(res.status).toBe(409);
      expect(errorSchema.parse(res.body).error.code).toBe('IDEMPOTENCY_CONFLICT');
    });

    it('answers 404 CUSTOMER_NOT_FOUND for an unknown customer and 400 for a bad kind', async () => {
      const unknown = await postJson(`${base}/accounts`, { idempotencyKey: key(), customerId: 'C999999', kind: 'SAVINGS', currency: 'CNY' });
      expect(unknown.status).toBe(404);
      expect(errorSchema.parse(unknown.body).error.code).toBe('CUSTOMER_NOT_FOUND');
      const bad = await postJson(`${base}/accounts`, { idempotencyKey: key(), customerId: wangFang.id, kind: 'LOAN', currency: 'CNY' });
      expect(bad.status).toBe(400);
    });
  });

  describe('POST /transfers', () => {
    const from = `${wangFang.id}-A01`;
    const transfer = (overrides: Record<string, unknown> = {}) => ({
      idempotencyKey: key(),
      fromAccountId: from,
      toAccountNumber: '6222020000001234567',
      toName: 'Li Ming',
      amount: { amount: '1234.56', currency: 'CNY' },
      ...overrides,
    });

    it('posts a transfer, debits the balance once and shows it first in the history', async () => {
      const before = await accountById(from);
      const body = transfer();
      const res = await postJson(`${base}/transfers`, body);
      expect(res.status).toBe(201);
      const posted = transferSchema.parse(res.body);
      const replay = await postJson(`${base}/transfers`, body);
      expect(replay.status).toBe(200);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body).toEqual(res.body);

      const after = await accountById(from);
      expect(toCents(after.balance.amount)).toBe(toCents(before.balance.amount) - 123_456n);
      expect(after.available).toEqual(after.balance);
      const history = transactionPageSchema.parse((await getJson(`${base}/accounts/${from}/transactions?limit=1`)).body);
      expect(history.items[0]).toMatchObject({
        bookedAt: posted.postedAt,
        direction: 'OUT',
        amount: { amount: '1234.56', currency: 'CNY' },
        balanceAfter: after.balance,
        counterparty: 'Li Ming',
      });
    });

    it('credits a payee account at this bank in the same posting, once', async () => {
      const [payee] = await accountsOf(sunMei.id);
      if (!payee) throw new Error('Sun Mei has no account');
      const body = transfer({ toAccountNumber: payee.accountNumber, toName: 'Sun Mei', amount: { amount: '20.05', currency: payee.currency } });
      expect((await postJson(`${base}/transfers`, body)).status).toBe(201);
      expect((await postJson(`${base}/transfers`, body)).status).toBe(200);

      const after = await accountById(payee.accountId);
      expect(toCents(after.balance.amount)).toBe(toCents(payee.balance.amount) + 2_005n);
      const [credit] = (await transactions(payee.accountId, '?limit=1')).items;
      expect(credit).toMatchObject({
        direction: 'IN',
        amount: { amount: '20.05', currency: payee.currency },
        balanceAfter: after.balance,
        counterparty: wangFang.fullName,
      });
    });

    it('credits nobody for a frozen payee account, or a number one check digit off an active one', async () => {
      const frozen = (await accountsOf(zhaoLei.id)).find((account) => account.status === 'FROZEN');
      const [active] = await accountsOf(sunMei.id);
      if (!frozen || !active) throw new Error('demo accounts missing');
      const lastDigit = Number(active.accountNumber.slice(-1));
      const lookalike = `${active.accountNumber.slice(0, -1)}${(lastDigit + 1) % 10}`;
      for (const toAccountNumber of [frozen.accountNumber, lookalike]) {
        expect((await postJson(`${base}/transfers`, transfer({ toAccountNumber, amount: { amount: '1.00', currency: 'CNY' } }))).status).toBe(201);
      }
      expect((await accountById(frozen.accountId)).balance).toEqual(frozen.balance);
      expect((await accountById(active.accountId)).balance).toEqual(active.balance);
    });

    it('refuses a reused key with another amount with 409 IDEMPOTENCY_CONFLICT', async () => {
      const body = transfer();
      await postJson(`${base}/transfers`, body);
      const res = await postJson(`${base}/transfers`, { ...body, amount: { amount: '1.00', currency: 'CNY' } });
      expect(res.status).toBe(409);
      expect(errorSchema.parse(res.body).error.code).toBe('IDEMPOTENCY_CONFLICT');
    });

    it.each([
      ['more than the balance', { amount: { amount: '99999999.00', currency: 'CNY' } }, 422, 'INSUFFICIENT_FUNDS'],
      ['from a frozen account', { fromAccountId: `${zhaoLei.id}-A02` }, 422, 'ACCOUNT_NOT_ACTIVE'],
      ['in the wrong currency', { amount: { amount: '10.00', currency: 'USD' } }, 422, 'CURRENCY_MISMATCH'],
      ['from an unknown account', { fromAccountId: 'C000001-A55' }, 404, 'ACCOUNT_NOT_FOUND'],
      ['of zero', { amount: { amount: '0.00', currency: 'CNY' } }, 400, 'BAD_REQUEST'],
      ['with a float amount', { amount: { amount: 10.5, currency: 'CNY' } }, 400, 'BAD_REQUEST'],
    ])('refuses a transfer %s', async (_case, overrides, status, code) => {
      const before = await accountById(from);
      const res = await postJson(`${base}/transfers`, transfer(overrides));
      expect(res.status).toBe(status);
      expect(errorSchema.parse(res.body).error.code).toBe(code);
      expect((await accountById(from)).balance).toEqual(before.balance);
    });

    it('lets a refused transfer be retried with the same key', async () => {
      const body = transfer({ amount: { amount: '99999999.00', currency: 'CNY' } });
      expect((await postJson(`${base}/transfers`, body)).status).toBe(422);
      expect((await postJson(`${base}/transfers`, body)).status).toBe(422);
    });
  });

  describe('POST /loans/disbursements', () => {
    const target = `${chenJie.id}-A01`;
    const disbursement = (overrides: Record<string, unknown> = {}) => ({
      idempotencyKey: key(),
      customerId: chenJie.id,
      accountId: target,
      amount: { amount: '50000.00', currency: 'CNY' },
      applicationId: `APP-${key()}`,
      ...overrides,
    });

    it('credits the account once and adds to the total debt', async () => {
      const before = await accountById(target);
      const debtBefore = batchOf(financialsSchema).parse((await postJson(`${base}/customers/financials:batch`, { customerIds: [chenJie.id] })).body).results[0];
      const body = disbursement();
      const res = await postJson(`${base}/loans/disbursements`, body);
      expect(res.status).toBe(201);
      disbursementSchema.parse(res.body);
      const replay = await postJson(`${base}/loans/disbursements`, body);
      expect(replay.status).toBe(200);
      expect(replay.body).toEqual(res.body);
      expect(toCents((await accountById(target)).balance.amount)).toBe(toCents(before.balance.amount) + 5_000_000n);
      const debtAfter = batchOf(financialsSchema).parse((await postJson(`${base}/customers/financials:batch`, { customerIds: [chenJie.id] })).body).results[0];
      expect(toCents(debtAfter!.totalDebt.amount) - toCents(debtBefore!.totalDebt.amount)).toBe(5_000_000n);
    });

    it('refuses a second disbursement of the same application under a new key', async () => {
      const body = disbursement();
      await postJson(`${base}/loans/disbursements`, body);
      const res = await postJson(`${base}/loans/disbursements`, { ...body, idempotencyKey: key() });
      expect(res.status).toBe(409);
      expect(errorSchema.parse(res.body).error.code).toBe('ALREADY_DISBURSED');
    });

    it('refuses a reused key with a different payload, and an account of another customer', async () => {
      const body = disbursement();
      await postJson(`${base}/loans/disbursements`, body);
      const conflict = await postJson(`${base}/loans/disbursements`, { ...body, amount: { amount: '1.00', currency: 'CNY' } });
      expect(conflict.status).toBe(409);
      expect(errorSchema.parse(conflict.body).error.code).toBe('IDEMPOTENCY_CONFLICT');
      const foreign = await postJson(`${base}/loans/disbursements`, disbursement({ accountId: `${wangFang.id}-A01` }));
      expect(foreign.status).toBe(422);
      expect(errorSchema.parse(foreign.body).error.code).toBe('ACCOUNT_CUSTOMER_MISMATCH');
    });
  });

  describe('DELETE /__admin/state', () => {
    it('forgets every write', async () => {
      const from = `${wangFang.id}-A01`;
      const before = await accountById(from);
      const body = { idempotencyKey: key(), fromAccountId: from, toAccountNumber: '6222020000001234567', toName: 'Li Ming', amount: { amount: '10.00', currency: 'CNY' } };
      await postJson(`${base}/transfers`, body);
      await sendJson('DELETE', `${base}/__admin/state`);
      expect((await accountById(from)).balance).toEqual(before.balance);
      expect((await postJson(`${base}/transfers`, body)).status).toBe(201);
    });
  });
});
