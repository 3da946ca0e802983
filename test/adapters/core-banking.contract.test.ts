/**
 * The core banking port's contract, run over real HTTP against the mock. The suite only needs a
 * port (and, optionally, a way to forget writes), so the same cases can be pointed at a real core
 * banking test system seeded with the demo customers of mocks/README.md.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCoreBankingClient } from '../../src/adapters/core-banking/core-banking.client.js';
import type { CoreBankingPort, Transaction } from '../../src/adapters/core-banking/core-banking.port.js';
import { UpstreamError } from '../../src/platform/errors.js';
import { failureOf, startMockBackends, valueOf, type MockBackends } from './adapter-kit.js';

interface CoreBankingTarget {
  port: CoreBankingPort;
  /** Forgets every write (the mock's `DELETE /__admin/state`); without it, keys are unique anyway. */
  reset?: () => Promise<void>;
  close(): Promise<void>;
}

const key = (label: string) => `${label}-${randomUUID()}`;
const PAYEE = '6222020000000000123';

function describeCoreBankingContract(name: string, makeTarget: () => Promise<CoreBankingTarget>): void {
  describe(name, () => {
    let target: CoreBankingTarget;
    let port: CoreBankingPort;

    beforeAll(async () => {
      target = await makeTarget();
      port = target.port;
    });
    beforeEach(async () => {
      await target.reset?.();
    });
    afterAll(() => target?.close());

    async function accountsOf(customerId: string) {
      const [accounts] = await port.getAccountsByCustomerIds([customerId]);
      if (!accounts) throw new Error(`no accounts for ${customerId}`);
      return accounts;
    }

    async function allTransactions(accountId: string, limit: number): Promise<Transaction[]> {
      const items: Transaction[] = [];
      let after: string | undefined;
      do {
        const page = valueOf(await port.listTransactions(accountId, { limit, after }));
        items.push(...page.items);
        after = page.nextCursor ?? undefined;
      } while (after);
      return items;
    }

    describe('products', () => {
      it('lists the catalogue with limits and rates as decimal strings', async () => {
        const products = await port.listProducts();
        expect(products.find((p) => p.code === 'PERSONAL_CONSUMER')).toMatchObject({
          kind: 'LOAN',
          minAmount: { amount: '1000.00', currency: 'CNY' },
          maxAmount: { amount: '300000.00', currency: 'CNY' },
          annualRate: '0.0435',
          autoDecision: true,
        });
        expect(products.find((p) => p.code === 'CORPORATE')?.autoDecision).toBe(false);
      });
    });

    describe('accounts', () => {
      it("returns Wang Fang's three accounts with money as decimal strings", async () => {
        const accounts = await accountsOf('C000001');
        expect(accounts.map((a) => [a.accountId, a.kind, a.balance, a.status])).toEqual([
          ['C000001-A01', 'CURRENT', { amount: '86420.35', currency: 'CNY' }, 'ACTIVE'],
          ['C000001-A02', 'SAVINGS', { amount: '320000.00', currency: 'CNY' }, 'ACTIVE'],
          ['C000001-A03', 'SAVINGS', { amount: '12500.00', currency: 'USD' }, 'ACTIVE'],
        ]);
        for (const account of accounts) {
          expect(account.available).toEqual(account.balance);
          expect(account.accountNumber).toMatch(/^6217000001\d{9}$/);
          expect(new Date(account.openedAt).toISOString()).toBe(account.openedAt);
        }
      });

      it("returns all 20 of Zhou Min's accounts, the closed one and the loans included", async () => {
        const accounts = await accountsOf('C000006');
        expect(accounts).toHaveLength(20);
        expect(accounts.find((a) => a.accountId === 'C000006-A09')?.status).toBe('CLOSED');
        expect(accounts.filter((a) => a.kind === 'TIME_DEPOSIT')).toHaveLength(9);
        const loans = accounts.filter((a) => a.kind === 'LOAN');
        expect(loans.map((a) => a.accountId)).toEqual(['C000006-A19', 'C000006-A20']);
        for (const account of [...loans, ...accounts.filter((a) => a.kind === 'TIME_DEPOSIT')]) {
          expect(account.available.amount).toBe('0.00');
        }
      });

      it('answers a batch in input order, duplicates at every position and null for an unknown customer', async () => {
        const results = await port.getAccountsByCustomerIds(['C000005', 'C999999', 'C000001', 'C000005']);
        expect(results.map((r) => r?.map((a) => a.accountId) ?? null)).toEqual([
          ['C000005-A01'],
          null,
          ['C000001-A01', 'C000001-A02', 'C000001-A03'],
          ['C000005-A01'],
        ]);
        expect(await port.getAccountsByCustomerIds([])).toEqual([]);
      });

      it('finds accounts by id, with nothing available on a frozen one and null for an unknown id', async () => {
        const [frozen, unknown, loan] = await port.getAccountsByIds(['C000002-A02', 'C000002-A99', 'C000004-A02']);
        expect(frozen).toMatchObject({
          customerId: 'C000002',
          status: 'FROZEN',
          balance: { amount: '210000.00', currency: 'CNY' },
          available: { amount: '0.00', currency: 'CNY' },
        });
        expect(unknown).toBeNull();
        expect(loan).toMatchObject({ kind: 'LOAN', balance: { amount: '180000.00', currency: 'CNY' } });
      });
    });

    describe('financials', () => {
      it("reports Liu Yang's income and debt, and Zhou Min's business turnover", async () => {
        const [liuYang, zhouMin, unknown] = await port.getFinancialsByCustomerIds(['C000004', 'C000006', 'C999999']);
        expect(liuYang).toEqual({
          customerId: 'C000004',
          monthlyIncome: { amount: '12000.00', currency: 'CNY' },
          monthlyDebtPayments: { amount: '9000.00', currency: 'CNY' },
          totalDebt: { amount: '420000.00', currency: 'CNY' },
          businessTurnover: null,
        });
        expect(zhouMin?.businessTurnover).toEqual({ amount: '2400000.00', currency: 'CNY' });
        expect(unknown).toBeNull();
      });
    });

    describe('transactions', () => {
      it('pages newest first, and the cursor continues without a gap or an overlap', async () => {
        const whole = valueOf(await port.listTransactions('C000001-A01', { limit: 12 }));
        const first = valueOf(await port.listTransactions('C000001-A01', { limit: 5 }));
        expect(first.nextCursor).not.toBeNull();
        const second = valueOf(
          await port.listTransactions('C000001-A01', { limit: 7, after: first.nextCursor ?? undefined }),
        );
        expect([...first.items, ...second.items]).toEqual(whole.items);
        const times = whole.items.map((t) => t.bookedAt);
        expect([...times].sort().reverse()).toEqual(times);
        expect(whole.items[0]?.balanceAfter).toEqual({ amount: '86420.35', currency: 'CNY' });
      });

      it("ends with a null cursor after Sun Mei's few transactions", async () => {
        const items = await allTransactions('C000005-A01', 2);
        expect(items.length).toBeGreaterThanOrEqual(3);
        expect(items.length).toBeLessThanOrEqual(8);
        expect(items.every((t) => t.bookedAt >= '2026-07-15T00:00:00.000Z')).toBe(true);
        expect(items[0]?.balanceAfter.amount).toBe('1820.00');
      });

      it("filters by direction, minimum amount and time window to find Wang Fang's October salary", async () => {
        const page = valueOf(
          await port.listTransactions('C000001-A01', {
            direction: 'IN',
            minAmount: '28000.00',
            from: '2026-10-01T00:00:00.000Z',
            to: '2026-11-01T00:00:00.000Z',
          }),
        );
        expect(page.nextCursor).toBeNull();
        expect(page.items).toHaveLength(1);
        expect(page.items[0]).toMatchObject({
          direction: 'IN',
          amount: { amount: '28000.00', currency: 'CNY' },
          accountId: 'C000001-A01',
        });
        expect(page.items[0]?.bookedAt.startsWith('2026-10-10')).toBe(true);
      });

      it('keeps the filters across pages', async () => {
        const filter = { direction: 'OUT' as const, from: '2026-08-01T00:00:00.000Z' };
        const first = valueOf(await port.listTransactions('C000001-A01', { ...filter, limit: 3 }));
        const next = valueOf(
          await port.listTransactions('C000001-A01', { ...filter, limit: 3, after: first.nextCursor ?? undefined }),
        );
        for (const t of [...first.items, ...next.items]) {
          expect(t.direction).toBe('OUT');
          expect(t.bookedAt >= filter.from).toBe(true);
        }
        expect(next.items[0]?.transactionId).not.toBe(first.items[0]?.transactionId);
      });

      it('refuses an unknown account, a forged cursor and an out-of-range limit as typed failures', async () => {
        expect(await port.listTransactions('C999999-A01')).toMatchObject({ ok: false, code: 'ACCOUNT_NOT_FOUND' });
        expect(await port.listTransactions('C000001-A01', { after: 'not-a-cursor' })).toMatchObject({
          ok: false,
          code: 'INVALID_CURSOR',
        });
        expect(await port.listTransactions('C000001-A01', { limit: 500 })).toMatchObject({
          ok: false,
          code: 'INVALID_QUERY',
        });
      });
    });

    describe('openAccount', () => {
      it('opens one account per idempotency key and shows it among the customer’s accounts', async () => {
        const input = { idempotencyKey: key('open'), customerId: 'C000005', kind: 'SAVINGS' as const, currency: 'CNY' };
        const opened = valueOf(await port.openAccount(input));
        expect(opened).toMatchObject({
          customerId: 'C000005',
          kind: 'SAVINGS',
          status: 'ACTIVE',
          balance: { amount: '0.00', currency: 'CNY' },
        });
        expect(valueOf(await port.openAccount({ ...input }))).toEqual(opened);
        const accounts = await accountsOf('C000005');
        expect(accounts.filter((a) => a.accountId === opened.accountId)).toHaveLength(1);
        expect((await port.getAccountsByIds([opened.accountId]))[0]).toEqual(opened);
      });

      it('refuses a reused key with another payload, and an unknown customer', async () => {
        const idempotencyKey = key('open');
        valueOf(await port.openAccount({ idempotencyKey, customerId: 'C000005', kind: 'SAVINGS', currency: 'CNY' }));
        expect(
          await port.openAccount({ idempotencyKey, customerId: 'C000005', kind: 'CURRENT', currency: 'CNY' }),
        ).toMatchObject({ ok: false, code: 'IDEMPOTENCY_CONFLICT' });
        expect(
          await port.openAccount({ idempotencyKey: key('open'), customerId: 'C999999', kind: 'SAVINGS', currency: 'CNY' }),
        ).toMatchObject({ ok: false, code: 'CUSTOMER_NOT_FOUND' });
      });
    });

    describe('postTransfer', () => {
      it('debits the source once, however often the same transfer is sent', async () => {
        const [before] = await port.getAccountsByIds(['C000001-A01']);
        const input = {
          idempotencyKey: key('transfer'),
          fromAccountId: 'C000001-A01',
          toAccountNumber: PAYEE,
          toName: 'Li Ming',
          amount: { amount: '100.50', currency: 'CNY' },
        };
        const posted = valueOf(await port.postTransfer(input));
        expect(posted).toMatchObject({ status: 'POSTED', transferId: expect.any(String) });
        expect(valueOf(await port.postTransfer({ ...input }))).toEqual(posted);

        const [after] = await port.getAccountsByIds(['C000001-A01']);
        const cents = (amount: string | undefined) => Math.round(Number(amount) * 100);
        expect(cents(before?.balance.amount) - cents(after?.balance.amount)).toBe(10050);
        const latest = valueOf(await port.listTransactions('C000001-A01', { limit: 1 })).items[0];
        expect(latest).toMatchObject({ direction: 'OUT', amount: input.amount, counterparty: 'Li Ming' });
      });

      it('refuses a reused key with another amount as IDEMPOTENCY_CONFLICT', async () => {
        const input = {
          idempotencyKey: key('transfer'),
          fromAccountId: 'C000001-A01',
          toAccountNumber: PAYEE,
          toName: 'Li Ming',
          amount: { amount: '10.00', currency: 'CNY' },
        };
        valueOf(await port.postTransfer(input));
        expect(await port.postTransfer({ ...input, amount: { amount: '11.00', currency: 'CNY' } })).toMatchObject({
          ok: false,
          code: 'IDEMPOTENCY_CONFLICT',
        });
      });

      it('returns INSUFFICIENT_FUNDS as a value and lets the refused key be used again', async () => {
        const idempotencyKey = key('transfer');
        const transfer = (amount: string) =>
          port.postTransfer({
            idempotencyKey,
            fromAccountId: 'C000005-A01',
            toAccountNumber: PAYEE,
            toName: 'Landlord',
            amount: { amount, currency: 'CNY' },
          });
        expect(await transfer('5000.00')).toMatchObject({ ok: false, code: 'INSUFFICIENT_FUNDS' });
        expect(await transfer('20.00')).toMatchObject({ ok: true, value: { status: 'POSTED' } });
      });

      it('refuses a frozen source, a term deposit, a foreign currency and an unknown account as typed failures', async () => {
        const transfer = (fromAccountId: string, currency = 'CNY') =>
          port.postTransfer({
            idempotencyKey: key('transfer'),
            fromAccountId,
            toAccountNumber: PAYEE,
            toName: 'Li Ming',
            amount: { amount: '1.00', currency },
          });
        expect(await transfer('C000002-A02')).toMatchObject({ ok: false, code: 'ACCOUNT_NOT_ACTIVE' });
        expect(await transfer('C000006-A10')).toMatchObject({ ok: false, code: 'ACCOUNT_NOT_TRANSACTIONAL' });
        expect(await transfer('C000001-A03')).toMatchObject({ ok: false, code: 'CURRENCY_MISMATCH' });
        expect(await transfer('C999999-A01')).toMatchObject({ ok: false, code: 'ACCOUNT_NOT_FOUND' });
      });
    });

    describe('disburseLoan', () => {
      it('credits the account and adds to the debt once per key, and refuses the same application under another key', async () => {
        const [before] = await port.getFinancialsByCustomerIds(['C000001']);
        const input = {
          idempotencyKey: key('disburse'),
          customerId: 'C000001',
          accountId: 'C000001-A01',
          amount: { amount: '50000.00', currency: 'CNY' },
          applicationId: key('APP'),
        };
        const disbursed = valueOf(await port.disburseLoan(input));
        expect(disbursed).toMatchObject({ status: 'DISBURSED', disbursementId: expect.any(String) });
        expect(valueOf(await port.disburseLoan({ ...input }))).toEqual(disbursed);

        const [after] = await port.getFinancialsByCustomerIds(['C000001']);
        expect(Number(after?.totalDebt.amount) - Number(before?.totalDebt.amount)).toBe(50000);

        expect(await port.disburseLoan({ ...input, idempotencyKey: key('disburse') })).toMatchObject({
          ok: false,
          code: 'ALREADY_DISBURSED',
        });
        expect(
          await port.disburseLoan({ ...input, amount: { amount: '60000.00', currency: 'CNY' } }),
        ).toMatchObject({ ok: false, code: 'IDEMPOTENCY_CONFLICT' });
      });

      it("refuses another customer's account as ACCOUNT_CUSTOMER_MISMATCH", async () => {
        expect(
          await port.disburseLoan({
            idempotencyKey: key('disburse'),
            customerId: 'C000001',
            accountId: 'C000003-A01',
            amount: { amount: '1000.00', currency: 'CNY' },
            applicationId: key('APP'),
          }),
        ).toMatchObject({ ok: false, code: 'ACCOUNT_CUSTOMER_MISMATCH' });
      });
    });

    describe('listPostings', () => {
      it('lists a posted transfer once under its reference, with its amount, inside its window only', async () => {
        const from = new Date(Date.now() - 1000).toISOString();
        const reference = key('transfer');
        const input = { idempotencyKey: reference, fromAccountId: 'C000001-A01', toAccountNumber: PAYEE, toName: 'Li Ming', amount: { amount: '12.30', currency: 'CNY' } };
        const posted = valueOf(await port.postTransfer(input));
        valueOf(await port.postTransfer({ ...input })); // a replay is not a second posting
        const to = new Date(Date.now() + 1000).toISOString();
        const mine = (await port.listPostings(from, to)).filter((p) => p.reference === reference);
        expect(mine).toEqual([{ transferId: posted.transferId, reference, fromAccountId: 'C000001-A01', amount: { amount: '12.30', currency: 'CNY' }, postedAt: posted.postedAt }]);
        const earlier = await port.listPostings(new Date(Date.parse(from) - 3_600_000).toISOString(), from);
        expect(earlier.some((p) => p.reference === reference)).toBe(false);
      });
    });

    describe('placeServiceOrder', () => {
      it('carries out one order per key, replays it, and refuses the key with another payload', async () => {
        const input = { idempotencyKey: key('order'), customerId: 'C000001', operation: 'ACCOUNT_FREEZE', accountId: 'C000001-A01', details: { reason: 'TRAVEL' } };
        const placed = valueOf(await port.placeServiceOrder(input));
        expect(placed).toMatchObject({ status: 'COMPLETED', orderId: expect.any(String) });
        expect(valueOf(await port.placeServiceOrder({ ...input }))).toEqual(placed);
        expect(await port.placeServiceOrder({ ...input, details: { reason: 'OTHER' } })).toMatchObject({ ok: false, code: 'IDEMPOTENCY_CONFLICT' });
      });

      it("refuses another customer's account and an unknown customer as typed failures", async () => {
        const base = { operation: 'ACCOUNT_FREEZE', details: {} };
        expect(await port.placeServiceOrder({ ...base, idempotencyKey: key('order'), customerId: 'C000001', accountId: 'C000003-A01' })).toMatchObject({
          ok: false,
          code: 'ACCOUNT_CUSTOMER_MISMATCH',
        });
        expect(await port.placeServiceOrder({ ...base, idempotencyKey: key('order'), customerId: 'C999999', accountId: null })).toMatchObject({ ok: false, code: 'CUSTOMER_NOT_FOUND' });
      });
    });
  });
}

describeCoreBankingContract('CoreBankingPort over HTTP against the core banking mock', async () => {
  const backends: MockBackends = await startMockBackends();
  return {
    port: createCoreBankingClient(backends.client('coreBanking')),
    reset: () => backends.admin('coreBanking').delete('/__admin/state'),
    close: () => backends.close(),
  };
});

describe('CoreBankingPort.listPostings when core banking fails', () => {
  let backends: MockBackends;
  beforeAll(async () => {
    backends = await startMockBackends();
  });
  afterAll(() => backends?.close());

  it.each([['down'], ['malformed']])('throws an UpstreamError when the backend is %s (never an empty file)', async (mode) => {
    const port = createCoreBankingClient(backends.client('coreBanking', { retries: 0 }));
    await backends.admin('coreBanking').fault({ mode, routes: ['GET /postings'] });
    const error = await failureOf(port.listPostings(new Date(Date.now() - 60_000).toISOString(), new Date().toISOString()));
    expect(error).toBeInstanceOf(UpstreamError);
    await backends.admin('coreBanking').heal();
    expect(Array.isArray(await port.listPostings(new Date(Date.now() - 60_000).toISOString(), new Date().toISOString()))).toBe(true);
  });
});
