/**
 * Core banking mock: products, accounts, transactions, financials, and idempotent writes
 * (open account, transfer, loan disbursement) kept in memory on top of the seeded world.
 */
import { z } from 'zod';
import { makeIdSequence, resolveWorld, type BackendMockOptions } from './backend-options.js';
import type { LedgerEntry } from './data/ledger.js';
import { accountIdFor, accountNumberFor, type AccountSeed } from './data/persona.js';
import { PRODUCTS } from './data/products.js';
import type { Account, Financials, Transaction, TransactionPage } from './data/types.js';
import type { World } from './data/world.js';
import { batchRoute } from './lib/batch.js';
import { makeMockServer, type MockServer } from './lib/mock-server.js';
import { CURRENCIES, formatCents, money, moneyInputSchema, parseAmount } from './lib/money.js';
import { randomFor } from './lib/random.js';
import { errorReply, json, parseInput, type JsonReply, type Route } from './lib/router.js';
import { coreBankingCompanyRoutes } from './companies.js';

/** Backend name reported by `GET /health`. */
export const CORE_BANKING_NAME = 'core-banking';

/** Default and largest page size of the transactions route. */
export const TRANSACTIONS_PAGE = { defaultLimit: 20, maxLimit: 100 } as const;

/** Builds the wire account from a seed plus the balance change made by writes. */
export function toAccount(seed: AccountSeed, delta: bigint): Account {
  const balance = seed.balance + delta;
  // Term deposits are locked and loans have nothing to spend; frozen or closed accounts neither.
  const spendable = seed.status === 'ACTIVE' && (seed.kind === 'CURRENT' || seed.kind === 'SAVINGS');
  return {
    accountId: seed.accountId,
    customerId: seed.customerId,
    accountNumber: seed.accountNumber,
    kind: seed.kind,
    currency: seed.currency,
    balance: money(balance, seed.currency),
    available: money(spendable ? balance : 0n, seed.currency),
    status: seed.status,
    openedAt: seed.openedAt,
  };
}

function toTransaction(entry: LedgerEntry, currency: AccountSeed['currency']): Transaction {
  return {
    transactionId: entry.transactionId,
    accountId: entry.accountId,
    bookedAt: entry.bookedAt,
    direction: entry.direction,
    amount: money(entry.amount, currency),
    balanceAfter: money(entry.balanceAfter, currency),
    counterparty: entry.counterparty,
    description: entry.description,
    channel: entry.channel,
  };
}

/** Serialises with sorted keys, so equal payloads compare equal whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

interface Cursor {
  bookedAt: string;
  transactionId: string;
}

/** Encodes the position after `entry` as an opaque cursor. */
export function encodeCursor(entry: Cursor): string {
  return Buffer.from(JSON.stringify([entry.bookedAt, entry.transactionId])).toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor}, or `null` when it is not one. */
export function decodeCursor(cursor: string): Cursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { bookedAt: value[0], transactionId: value[1] };
    }
  } catch {
    // fall through: not a cursor of ours
  }
  return null;
}

/** Newest first: by booking time, then by id so equal timestamps still have one order. */
function newerFirst(a: Cursor, b: Cursor): number {
  if (a.bookedAt !== b.bookedAt) return a.bookedAt < b.bookedAt ? 1 : -1;
  return a.transactionId < b.transactionId ? 1 : a.transactionId > b.transactionId ? -1 : 0;
}

const isoDateTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date-time');

const transactionQuerySchema = z.object({
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  direction: z.enum(['IN', 'OUT']).optional(),
  minAmount: z
    .string()
    .refine((s) => parseAmount(s) !== null, 'must be a decimal amount such as "100.00"')
    .optional(),
  after: z.string().optional(),
  limit: z
    .string()
    .regex(/^\d+$/, 'must be an integer')
    .transform(Number)
    .pipe(z.number().int().min(1).max(TRANSACTIONS_PAGE.maxLimit))
    .optional(),
});

/** Filters and pages a newest-first list: filters first, then the cursor, then the limit. */
export function pageTransactions(
  entries: readonly LedgerEntry[],
  query: z.infer<typeof transactionQuerySchema>,
  cursor: Cursor | null,
): { items: LedgerEntry[]; next: LedgerEntry | null } {
  const from = query.from === undefined ? null : Date.parse(query.from);
  const to = query.to === undefined ? null : Date.parse(query.to);
  const minAmount = query.minAmount === undefined ? null : parseAmount(query.minAmount);
  const limit = query.limit ?? TRANSACTIONS_PAGE.defaultLimit;
  const matching = entries.filter((e) => {
    const at = Date.parse(e.bookedAt);
    if (from !== null && at < from) return false;
    if (to !== null && at >= to) return false;
    if (query.direction !== undefined && e.direction !== query.direction) return false;
    if (minAmount !== null && e.amount < minAmount) return false;
    if (cursor !== null && newerFirst(e, cursor) <= 0) return false;
    return true;
  });
  const items = matching.slice(0, limit);
  return { items, next: matching.length > limit ? (items[items.length - 1] ?? null) : null };
}

const idempotencyKey = z.string().min(1).max(128);
/** The idempotent writes, as `GET /idempotency-keys/:key?operation=` names them. */
const WRITE_OPERATIONS = ['POST /accounts', 'POST /transfers', 'POST /loans/disbursements'];
const positiveMoney = moneyInputSchema.refine((m) => (parseAmount(m.amount) ?? 0n) > 0n, 'amount must be greater than zero');

const openAccountSchema = z.object({
  idempotencyKey,
  customerId: z.string().min(1).max(64),
  kind: z.enum(['CURRENT', 'SAVINGS', 'TIME_DEPOSIT']),
  currency: z.enum(CURRENCIES),
});

const transferSchema = z.object({
  idempotencyKey,
  fromAccountId: z.string().min(1).max(64),
  toAccountNumber: z.string().regex(/^\d{10,30}$/, 'must be 10 to 30 digits'),
  toName: z.string().trim().min(1).max(100),
  amount: positiveMoney,
});

const disbursementSchema = z.object({
  idempotencyKey,
  customerId: z.string().min(1).max(64),
  accountId: z.string().min(1).max(64),
  amount: positiveMoney,
  applicationId: z.string().min(1).max(64),
});

const serviceOrderSchema = z.object({
  idempotencyKey,
  customerId: z.string().min(1).max(64),
  /** What to do, e.g. `CARD_BLOCK`, `ACCOUNT_FREEZE`, `STATEMENT_ISSUE` (the gateway's service templates name them). */
  operation: z.string().regex(/^[A-Z_]{3,64}$/),
  accountId: z.string().min(1).max(64).nullable(),
  details: z.record(z.string(), z.string().max(500)).refine((d) => Object.keys(d).length <= 30, 'at most 30 details'),
});

/** A counter-service order core banking carried out (card, account and statement operations). */
interface ServiceOrder {
  orderId: string;
  customerId: string;
  operation: string;
  accountId: string | null;
  details: Record<string, string>;
  completedAt: string;
}

/** A transfer core banking booked, as its end-of-day reconciliation file lists it. */
export interface TransferPosting {
  transferId: string;
  /** The idempotency key the transfer was sent under: the gateway's reference (`transfer:<id>`). */
  reference: string;
  fromAccountId: string;
  amount: { amount: string; currency: string };
  postedAt: string;
}

const postingsQuerySchema = z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }) });

const injectedPostingSchema = z.object({
  reference: z.string().min(1).max(128),
  fromAccountId: z.string().min(1).max(64),
  amount: moneyInputSchema,
  postedAt: z.iso.datetime({ offset: true }).optional(),
});

/** In-memory effects of writes, layered over the read-only world. */
interface LedgerState {
  opened: Map<string, AccountSeed>;
  openedByCustomer: Map<string, AccountSeed[]>;
  delta: Map<string, bigint>;
  posted: Map<string, LedgerEntry[]>;
  replies: Map<string, { fingerprint: string; body: unknown }>;
  disbursedApplications: Map<string, string>;
  extraDebt: Map<string, bigint>;
  serviceOrders: ServiceOrder[];
  /** Transfers booked, oldest first: what `GET /postings` reports for reconciliation. */
  transferPostings: TransferPosting[];
  nextServiceOrderId: () => string;
  nextTransferId: () => string;
  nextDisbursementId: () => string;
  nextEntryNumber: () => string;
}

function emptyState(): LedgerState {
  return {
    opened: new Map(),
    openedByCustomer: new Map(),
    delta: new Map(),
    posted: new Map(),
    replies: new Map(),
    disbursedApplications: new Map(),
    extraDebt: new Map(),
    serviceOrders: [],
    transferPostings: [],
    nextServiceOrderId: makeIdSequence('SVO'),
    nextTransferId: makeIdSequence('TRF'),
    nextDisbursementId: makeIdSequence('DSB'),
    nextEntryNumber: makeIdSequence('P', 5),
  };
}

function transactional(account: AccountSeed): JsonReply | null {
  if (account.status !== 'ACTIVE') {
    return errorReply(422, 'ACCOUNT_NOT_ACTIVE', `account ${account.accountId} is ${account.status}`);
  }
  if (account.kind !== 'CURRENT' && account.kind !== 'SAVINGS') {
    return errorReply(422, 'ACCOUNT_NOT_TRANSACTIONAL', `a ${account.kind} account cannot be used for payments`);
  }
  return null;
}

function coreBankingRoutes(world: World, state: () => LedgerState, now: () => Date): Route[] {
  const findAccount = (accountId: string): AccountSeed | null => state().opened.get(accountId) ?? world.account(accountId);
  const deltaOf = (accountId: string): bigint => state().delta.get(accountId) ?? 0n;
  /**
   * The account behind a number this bank issued (`6217`, the customer's six digits, the ordinal,
   * six more digits and a check digit), or `null`: any other number is at another bank.
   */
  const findAccountByNumber = (accountNumber: string): AccountSeed | null => {
    const match = /^6217(\d{6})(\d{2,3})\d{7}$/.exec(accountNumber);
    if (!match) return null;
    const account = findAccount(accountIdFor(`C${match[1]}`, Number(match[2])));
    return account?.accountNumber === accountNumber ? account : null;
  };
  const view = (seed: AccountSeed): Account => toAccount(seed, deltaOf(seed.accountId));

  const customerAccounts = (customerId: string): Account[] | null => {
    const base = world.accounts(customerId);
    if (!base) return null;
    return [...base, ...(state().openedByCustomer.get(customerId) ?? [])].map(view);
  };

  const financials = (customerId: string): Financials | null => {
    const persona = world.persona(customerId);
    if (!persona) return null;
    const f = persona.finance;
    return {
      customerId,
      monthlyIncome: money(f.monthlyIncome),
      monthlyDebtPayments: money(f.monthlyDebtPayments),
      totalDebt: money(f.totalDebt + (state().extraDebt.get(customerId) ?? 0n)),
      businessTurnover: f.businessTurnover === null ? null : money(f.businessTurnover),
    };
  };

  const post = (account: AccountSeed, entry: Omit<LedgerEntry, 'transactionId' | 'accountId' | 'balanceAfter'>): void => {
    const s = state();
    const signed = entry.direction === 'IN' ? entry.amount : -entry.amount;
    const delta = deltaOf(account.accountId) + signed;
    s.delta.set(account.accountId, delta);
    const list = s.posted.get(account.accountId) ?? [];
    list.unshift({
      ...entry,
      accountId: account.accountId,
      transactionId: `${account.accountId}-${s.nextEntryNumber()}`,
      balanceAfter: account.balance + delta,
    });
    s.posted.set(account.accountId, list);
  };

  /** Replays a stored success for a repeated key, refuses a reused key with another payload. */
  const idempotent = (route: string, key: string, payload: unknown, perform: () => JsonReply): JsonReply => {
    const replies = state().replies;
    const scoped = `${route}\u0000${key}`;
    const fingerprint = canonicalJson(payload);
    const prior = replies.get(scoped);
    if (prior) {
      if (prior.fingerprint !== fingerprint) {
        return errorReply(409, 'IDEMPOTENCY_CONFLICT', `idempotency key ${key} was already used with a different payload`);
      }
      return json(200, prior.body, { 'idempotent-replayed': 'true' });
    }
    const reply = perform();
    // Only successes are remembered: a refused write may be retried with the same key.
    if (reply.status >= 200 && reply.status < 300) replies.set(scoped, { fingerprint, body: reply.body });
    return reply;
  };

  return [
    { method: 'GET', path: '/products', handler: () => json(200, { products: PRODUCTS }) },
    {
      // Counter services (block a card, freeze an account, issue a statement…): one order per key.
      method: 'POST',
      path: '/service-orders',
      handler: ({ body }) => {
        const parsed = parseInput(serviceOrderSchema, body);
        if (!parsed.ok) return parsed.reply;
        const { idempotencyKey: key, ...payload } = parsed.data;
        return idempotent('POST /service-orders', key, payload, () => {
          if (!world.persona(payload.customerId)) return errorReply(404, 'CUSTOMER_NOT_FOUND', `no customer ${payload.customerId}`);
          if (payload.accountId !== null) {
            const account = findAccount(payload.accountId);
            if (!account) return errorReply(404, 'ACCOUNT_NOT_FOUND', `no account ${payload.accountId}`);
            if (account.customerId !== payload.customerId) {
              return errorReply(422, 'ACCOUNT_CUSTOMER_MISMATCH', `account ${account.accountId} does not belong to ${payload.customerId}`);
            }
          }
          const order: ServiceOrder = { orderId: state().nextServiceOrderId(), ...payload, completedAt: now().toISOString() };
          state().serviceOrders.push(order);
          return json(201, { orderId: order.orderId, status: 'COMPLETED', completedAt: order.completedAt });
        });
      },
    },
    {
      method: 'GET',
      path: '/service-orders',
      handler: ({ query }) => {
        const customerId = query.get('customerId');
        return json(200, { items: state().serviceOrders.filter((o) => customerId === null || o.customerId === customerId) });
      },
    },
    {
      // Reconciliation: what became of a write sent under this key (maybe after its sender gave up).
      // APPLIED with the stored reply, or NOT_APPLIED: then nothing moved, and sending the write
      // again under the same key applies it once. A read: never faulted differently, never an effect.
      method: 'GET',
      path: '/idempotency-keys/:key',
      handler: ({ params, query }) => {
        const operation = query.get('operation') ?? '';
        if (!WRITE_OPERATIONS.includes(operation)) {
          return errorReply(400, 'BAD_REQUEST', `operation must be one of ${WRITE_OPERATIONS.join(', ')}`);
        }
        const key = params.key ?? '';
        const prior = state().replies.get(`${operation}\u0000${key}`);
        return json(200, prior ? { operation, key, outcome: 'APPLIED', result: prior.body } : { operation, key, outcome: 'NOT_APPLIED', result: null });
      },
    },
    {
      // Reconciliation file: every transfer booked in [from, to), with the reference it was sent under.
      method: 'GET',
      path: '/postings',
      handler: ({ query }) => {
        const parsed = parseInput(postingsQuerySchema, Object.fromEntries(query));
        if (!parsed.ok) return parsed.reply;
        const from = Date.parse(parsed.data.from);
        const to = Date.parse(parsed.data.to);
        if (to <= from) return errorReply(400, 'BAD_REQUEST', 'to must be after from');
        const items = state().transferPostings.filter((p) => Date.parse(p.postedAt) >= from && Date.parse(p.postedAt) < to);
        return json(200, { from: new Date(from).toISOString(), to: new Date(to).toISOString(), items });
      },
    },
    batchRoute('/customers/accounts:batch', 'customerIds', customerAccounts),
    batchRoute('/accounts:batch', 'accountIds', (id) => {
      const seed = findAccount(id);
      return seed ? view(seed) : null;
    }),
    batchRoute('/customers/financials:batch', 'customerIds', financials),
    {
      method: 'GET',
      path: '/accounts/:accountId/transactions',
      handler: ({ params, query }) => {
        const accountId = params.accountId ?? '';
        const account = findAccount(accountId);
        if (!account) return errorReply(404, 'ACCOUNT_NOT_FOUND', `no account ${accountId}`);
        const parsed = parseInput(transactionQuerySchema, Object.fromEntries(query));
        if (!parsed.ok) return parsed.reply;
        const cursor = parsed.data.after === undefined ? null : decodeCursor(parsed.data.after);
        if (parsed.data.after !== undefined && cursor === null) {
          return errorReply(400, 'INVALID_CURSOR', 'after is not a cursor returned by this route');
        }
        const entries = [...(state().posted.get(accountId) ?? []), ...(world.ledger(accountId) ?? [])].sort(newerFirst);
        const page = pageTransactions(entries, parsed.data, cursor);
        const body: TransactionPage = {
          items: page.items.map((e) => toTransaction(e, account.currency)),
          nextCursor: page.next ? encodeCursor(page.next) : null,
        };
        return json(200, body);
      },
    },
    {
      method: 'POST',
      path: '/accounts',
      handler: ({ body }) => {
        const parsed = parseInput(openAccountSchema, body);
        if (!parsed.ok) return parsed.reply;
        const { idempotencyKey: key, ...payload } = parsed.data;
        return idempotent('POST /accounts', key, payload, () => {
          const base = world.accounts(payload.customerId);
          if (!base) return errorReply(404, 'CUSTOMER_NOT_FOUND', `no customer ${payload.customerId}`);
          const s = state();
          const opened = s.openedByCustomer.get(payload.customerId) ?? [];
          const ordinal = base.length + opened.length + 1;
          const accountId = accountIdFor(payload.customerId, ordinal);
          const seed: AccountSeed = {
            accountId,
            customerId: payload.customerId,
            ordinal,
            accountNumber: accountNumberFor(payload.customerId, ordinal, randomFor(world.seed, 'account-number', accountId).digits(6)),
            kind: payload.kind,
            currency: payload.currency,
            balance: 0n,
            status: 'ACTIVE',
            openedAt: now().toISOString(),
            flow: 'IDLE',
          };
          opened.push(seed);
          s.openedByCustomer.set(payload.customerId, opened);
          s.opened.set(accountId, seed);
          return json(201, view(seed));
        });
      },
    },
    {
      method: 'POST',
      path: '/transfers',
      handler: ({ body }) => {
        const parsed = parseInput(transferSchema, body);
        if (!parsed.ok) return parsed.reply;
        const { idempotencyKey: key, ...payload } = parsed.data;
        return idempotent('POST /transfers', key, payload, () => {
          const account = findAccount(payload.fromAccountId);
          if (!account) return errorReply(404, 'ACCOUNT_NOT_FOUND', `no account ${payload.fromAccountId}`);
          const refused = transactional(account);
          if (refused) return refused;
          if (payload.amount.currency !== account.currency) {
            return errorReply(422, 'CURRENCY_MISMATCH', `account ${account.accountId} holds ${account.currency}`);
          }
          if (payload.toAccountNumber === account.accountNumber) {
            return errorReply(422, 'SAME_ACCOUNT', 'cannot transfer to the source account');
          }
          const amount = parseAmount(payload.amount.amount) ?? 0n;
          if (account.balance + deltaOf(account.accountId) < amount) {
            return errorReply(422, 'INSUFFICIENT_FUNDS', `available balance of ${account.accountId} is below ${payload.amount.amount}`);
          }
          const postedAt = now().toISOString();
          post(account, {
            bookedAt: postedAt,
            direction: 'OUT',
            amount,
            counterparty: payload.toName,
            description: `Transfer to ${payload.toName} (****${payload.toAccountNumber.slice(-4)})`,
            channel: 'MOBILE',
          });
          // A payee's current or savings account at this bank is credited in the same posting; an
          // account elsewhere (or one that takes no payments) is not modelled.
          const payee = findAccountByNumber(payload.toAccountNumber);
          if (payee && transactional(payee) === null && payee.currency === account.currency) {
            const payer = world.persona(account.customerId)?.fullName ?? account.customerId;
            post(payee, {
              bookedAt: postedAt,
              direction: 'IN',
              amount,
              counterparty: payer,
              description: `Transfer from ${payer} (****${account.accountNumber.slice(-4)})`,
              channel: 'MOBILE',
            });
          }
          const transferId = state().nextTransferId();
          state().transferPostings.push({
            transferId,
            reference: key,
            fromAccountId: account.accountId,
            amount: { amount: formatCents(amount), currency: account.currency },
            postedAt,
          });
          return json(201, { transferId, status: 'POSTED', postedAt });
        });
      },
    },
    {
      method: 'POST',
      path: '/loans/disbursements',
      handler: ({ body }) => {
        const parsed = parseInput(disbursementSchema, body);
        if (!parsed.ok) return parsed.reply;
        const { idempotencyKey: key, ...payload } = parsed.data;
        return idempotent('POST /loans/disbursements', key, payload, () => {
          if (!world.persona(payload.customerId)) return errorReply(404, 'CUSTOMER_NOT_FOUND', `no customer ${payload.customerId}`);
          const account = findAccount(payload.accountId);
          if (!account) return errorReply(404, 'ACCOUNT_NOT_FOUND', `no account ${payload.accountId}`);
          if (account.customerId !== payload.customerId) {
            return errorReply(422, 'ACCOUNT_CUSTOMER_MISMATCH', `account ${account.accountId} does not belong to ${payload.customerId}`);
          }
          const refused = transactional(account);
          if (refused) return refused;
          if (payload.amount.currency !== account.currency) {
            return errorReply(422, 'CURRENCY_MISMATCH', `account ${account.accountId} holds ${account.currency}`);
          }
          const s = state();
          const earlier = s.disbursedApplications.get(payload.applicationId);
          if (earlier) {
            return errorReply(409, 'ALREADY_DISBURSED', `application ${payload.applicationId} was disbursed as ${earlier}`);
          }
          const amount = parseAmount(payload.amount.amount) ?? 0n;
          const disbursedAt = now().toISOString();
          post(account, {
            bookedAt: disbursedAt,
            direction: 'IN',
            amount,
            counterparty: 'Loan disbursement',
            description: `Loan disbursement for application ${payload.applicationId}`,
            channel: 'BATCH',
          });
          if (account.currency === 'CNY') {
            s.extraDebt.set(payload.customerId, (s.extraDebt.get(payload.customerId) ?? 0n) + amount);
          }
          const disbursementId = s.nextDisbursementId();
          s.disbursedApplications.set(payload.applicationId, disbursementId);
          return json(201, { disbursementId, status: 'DISBURSED', disbursedAt });
        });
      },
    },
  ];
}

/**
 * Builds the core banking mock. Writes live in memory until the server is dropped or
 * `DELETE /__admin/state` resets them.
 * @throws Error when `options.faults` is invalid.
 */
export function makeCoreBankingMock(options: BackendMockOptions = {}): MockServer {
  const world = resolveWorld(options);
  const now = options.now ?? (() => new Date());
  let state = emptyState();
  const patterns = withdrawalPatterns(now);
  return makeMockServer({
    name: CORE_BANKING_NAME,
    seed: world.seed,
    faults: options.faults,
    routes: [...coreBankingRoutes(world, () => state, now), ...coreBankingCompanyRoutes(), ...patterns.routes],
    adminRoutes: [
      ...patterns.adminRoutes,
      {
        // A posting the gateway knows nothing of (tests of reconciliation): only the file changes, no balance.
        method: 'POST',
        path: '/__admin/postings',
        handler: ({ body }) => {
          const parsed = parseInput(injectedPostingSchema, body);
          if (!parsed.ok) return parsed.reply;
          const posting: TransferPosting = {
            transferId: state.nextTransferId(),
            reference: parsed.data.reference,
            fromAccountId: parsed.data.fromAccountId,
            amount: { amount: parsed.data.amount.amount, currency: parsed.data.amount.currency },
            postedAt: parsed.data.postedAt ?? now().toISOString(),
          };
          state.transferPostings.push(posting);
          return json(201, posting);
        },
      },
      {
        method: 'DELETE',
        path: '/__admin/state',
        handler: () => {
          state = emptyState();
          return json(200, { status: 'reset' });
        },
      },
    ],
  });
}

/** A suspicious cash-withdrawal pattern core banking's own monitoring detected. */
export interface WithdrawalPattern {
  patternId: string;
  customerId: string;
  accountId: string;
  kind: 'STRUCTURING' | 'RAPID_SUCCESSION' | 'UNUSUAL_LOCATION';
  withdrawals: number;
  total: { amount: string; currency: string };
  detectedAt: string;
}

const patternInputSchema = z.object({
  customerId: z.string().min(1),
  accountId: z.string().min(1),
  kind: z.enum(['STRUCTURING', 'RAPID_SUCCESSION', 'UNUSUAL_LOCATION']),
  withdrawals: z.number().int().positive(),
  total: moneyInputSchema,
});

/**
 * The feed of suspicious withdrawal patterns: `GET /withdrawal-patterns?after=<patternId>` lists
 * those after a pattern (oldest first, at most 100). One pattern is there from the start (Zhao Lei
 * structuring cash just under the reporting threshold); `POST /__admin/withdrawal-patterns`
 * adds one, so tests can make core banking "detect" something.
 */
function withdrawalPatterns(now: () => Date): { routes: Route[]; adminRoutes: Route[] } {
  const list: WithdrawalPattern[] = [
    {
      patternId: 'WP-000001',
      customerId: 'C000002',
      accountId: 'C000002-A01',
      kind: 'STRUCTURING',
      withdrawals: 6,
      total: { amount: '293400.00', currency: 'CNY' },
      detectedAt: '2026-10-30T22:14:00.000Z',
    },
  ];
  return {
    routes: [
      {
        method: 'GET',
        path: '/withdrawal-patterns',
        handler: ({ query }) => {
          const after = query.get('after');
          const start = after ? list.findIndex((p) => p.patternId === after) + 1 : 0;
          const items = list.slice(start, start + 100);
          return json(200, { items, last: items.at(-1)?.patternId ?? after ?? null });
        },
      },
    ],
    adminRoutes: [
      {
        method: 'POST',
        path: '/__admin/withdrawal-patterns',
        handler: ({ body }) => {
          const parsed = parseInput(patternInputSchema, body);
          if (!parsed.ok) return parsed.reply;
          const pattern: WithdrawalPattern = {
            patternId: `WP-${String(list.length + 1).padStart(6, '0')}`,
            ...parsed.data,
            total: { amount: parsed.data.total.amount, currency: parsed.data.total.currency },
            detectedAt: now().toISOString(),
          };
          list.push(pattern);
          return json(201, pattern);
        },
      },
    ],
  };
}
