/** Core banking over HTTP: the `CoreBankingPort` behind the shared backend client. */
import { z } from 'zod';
import type { BackendClient } from '../backend-client.js';
import { readBatch } from '../batch.js';
import { decimalString, isoDateTime, moneySchema } from '../money.schema.js';
import { refusalsAsResults } from '../result.js';
import type {
  CoreBankingPort,
  LoanDisbursementFailure,
  OpenAccountFailure,
  ServiceOrderFailure,
  TransactionQuery,
  TransactionQueryFailure,
  TransferFailure,
} from './core-banking.port.js';

const currency = z.string().regex(/^[A-Z]{3}$/);

const productSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(['LOAN', 'DEPOSIT']),
  description: z.string().default(''),
  currency,
  minAmount: moneySchema,
  maxAmount: moneySchema,
  minTermMonths: z.number().int().nonnegative(),
  maxTermMonths: z.number().int().nonnegative(),
  annualRate: decimalString,
  autoDecision: z.boolean(),
});

const withdrawalPatternsSchema = z.object({
  items: z.array(
    z.object({
      patternId: z.string().min(1),
      customerId: z.string().min(1),
      accountId: z.string().min(1),
      kind: z.string().min(1),
      withdrawals: z.number().int().nonnegative(),
      total: moneySchema,
      detectedAt: isoDateTime,
    }),
  ),
  last: z.string().nullable(),
});

const postingsSchema = z.object({
  items: z.array(
    z.object({
      transferId: z.string().min(1),
      reference: z.string().min(1),
      fromAccountId: z.string().min(1),
      amount: moneySchema,
      postedAt: isoDateTime,
    }),
  ),
});

const productsResponse = z.object({ products: z.array(productSchema) });

const accountSchema = z.object({
  accountId: z.string().min(1),
  customerId: z.string().min(1),
  accountNumber: z.string().regex(/^\d{10,30}$/),
  kind: z.enum(['CURRENT', 'SAVINGS', 'TIME_DEPOSIT', 'LOAN']),
  currency,
  balance: moneySchema,
  available: moneySchema,
  status: z.enum(['ACTIVE', 'FROZEN', 'CLOSED']),
  openedAt: isoDateTime,
});
/**
 * Module-level like every schema here: zod compiles a validator per schema object, so one built per
 * call recompiles per call. Exported for bench/validation.ts, which measures it.
 */
export const accountListSchema = z.array(accountSchema);

const transactionSchema = z.object({
  transactionId: z.string().min(1),
  accountId: z.string().min(1),
  bookedAt: isoDateTime,
  direction: z.enum(['IN', 'OUT']),
  amount: moneySchema,
  balanceAfter: moneySchema,
  counterparty: z.string(),
  description: z.string(),
  channel: z.enum(['MOBILE', 'ONLINE', 'POS', 'ATM', 'BRANCH', 'BATCH']),
});

const transactionPageSchema = z.object({
  items: z.array(transactionSchema),
  nextCursor: z.string().min(1).nullable(),
});

const financialsSchema = z.object({
  customerId: z.string().min(1),
  monthlyIncome: moneySchema,
  monthlyDebtPayments: moneySchema,
  totalDebt: moneySchema,
  businessTurnover: moneySchema.nullable(),
});

const postedTransferSchema = z.object({
  transferId: z.string().min(1),
  status: z.literal('POSTED'),
  postedAt: isoDateTime,
});

const disbursementSchema = z.object({
  disbursementId: z.string().min(1),
  status: z.literal('DISBURSED'),
  disbursedAt: isoDateTime,
});

const serviceOrderSchema = z.object({
  orderId: z.string().min(1),
  status: z.literal('COMPLETED'),
  completedAt: isoDateTime,
});

const SERVICE_ORDER_FAILURES: Record<string, ServiceOrderFailure> = {
  CUSTOMER_NOT_FOUND: 'CUSTOMER_NOT_FOUND',
  ACCOUNT_NOT_FOUND: 'ACCOUNT_NOT_FOUND',
  ACCOUNT_CUSTOMER_MISMATCH: 'ACCOUNT_CUSTOMER_MISMATCH',
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  BAD_REQUEST: 'INVALID_INPUT',
};

// The backend's error codes → the port's failure codes. BAD_REQUEST means input the backend
// validates more strictly than the caller did (e.g. a payee number that is not 10–30 digits).
const TRANSACTION_QUERY_FAILURES: Record<string, TransactionQueryFailure> = {
  ACCOUNT_NOT_FOUND: 'ACCOUNT_NOT_FOUND',
  INVALID_CURSOR: 'INVALID_CURSOR',
  BAD_REQUEST: 'INVALID_QUERY',
};

const OPEN_ACCOUNT_FAILURES: Record<string, OpenAccountFailure> = {
  CUSTOMER_NOT_FOUND: 'CUSTOMER_NOT_FOUND',
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  BAD_REQUEST: 'INVALID_INPUT',
};

const TRANSFER_FAILURES: Record<string, TransferFailure> = {
  ACCOUNT_NOT_FOUND: 'ACCOUNT_NOT_FOUND',
  ACCOUNT_NOT_ACTIVE: 'ACCOUNT_NOT_ACTIVE',
  ACCOUNT_NOT_TRANSACTIONAL: 'ACCOUNT_NOT_TRANSACTIONAL',
  CURRENCY_MISMATCH: 'CURRENCY_MISMATCH',
  SAME_ACCOUNT: 'SAME_ACCOUNT',
  INSUFFICIENT_FUNDS: 'INSUFFICIENT_FUNDS',
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  BAD_REQUEST: 'INVALID_INPUT',
};

const DISBURSEMENT_FAILURES: Record<string, LoanDisbursementFailure> = {
  CUSTOMER_NOT_FOUND: 'CUSTOMER_NOT_FOUND',
  ACCOUNT_NOT_FOUND: 'ACCOUNT_NOT_FOUND',
  ACCOUNT_CUSTOMER_MISMATCH: 'ACCOUNT_CUSTOMER_MISMATCH',
  ACCOUNT_NOT_ACTIVE: 'ACCOUNT_NOT_ACTIVE',
  ACCOUNT_NOT_TRANSACTIONAL: 'ACCOUNT_NOT_TRANSACTIONAL',
  CURRENCY_MISMATCH: 'CURRENCY_MISMATCH',
  ALREADY_DISBURSED: 'ALREADY_DISBURSED',
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  BAD_REQUEST: 'INVALID_INPUT',
};

/** `GET /idempotency-keys/:key?operation=`: the outcome of a write under a key. */
function outcomeSchema<T extends z.ZodType>(result: T) {
  return z.discriminatedUnion('outcome', [
    z.object({ outcome: z.literal('APPLIED'), result }),
    z.object({ outcome: z.literal('NOT_APPLIED'), result: z.null() }),
  ]);
}
const transferOutcomeSchema = outcomeSchema(postedTransferSchema);
const disbursementOutcomeSchema = outcomeSchema(disbursementSchema);

const outcomePath = (operation: string, key: string) =>
  `/idempotency-keys/${encodeURIComponent(key)}?operation=${encodeURIComponent(operation)}`;

function transactionsPath(accountId: string, query: TransactionQuery): string {
  const params = new URLSearchParams();
  const { from, to, direction, minAmount, after, limit } = query;
  for (const [name, value] of Object.entries({ from, to, direction, minAmount, after, limit })) {
    if (value !== undefined) params.set(name, String(value));
  }
  const search = params.toString();
  return `/accounts/${encodeURIComponent(accountId)}/transactions${search ? `?${search}` : ''}`;
}

/**
 * Creates the core banking port on the shared client for that backend.
 *
 * Writes are sent as retryable: each carries an idempotency key, so a retry after a lost answer
 * replays the first result instead of moving money twice. Their bodies are built field by field:
 * the backend fingerprints the payload, and a stray extra property on the input would turn a
 * harmless replay into IDEMPOTENCY_CONFLICT.
 */
export function createCoreBankingClient(client: BackendClient): CoreBankingPort {
  return {
    async listProducts(scope) {
      const body = await client.get('/products', productsResponse, { scope });
      return body.products;
    },

    getAccountsByCustomerIds: (customerIds, scope) =>
      readBatch(client, '/customers/accounts:batch', 'customerIds', customerIds, accountListSchema, {
        scope,
        belongsTo: (accounts, id) => accounts.every((account) => account.customerId === id),
      }),

    getAccountsByIds: (accountIds, scope) =>
      readBatch(client, '/accounts:batch', 'accountIds', accountIds, accountSchema, {
        scope,
        belongsTo: (account, id) => account.accountId === id,
      }),

    getFinancialsByCustomerIds: (customerIds, scope) =>
      readBatch(client, '/customers/financials:batch', 'customerIds', customerIds, financialsSchema, {
        scope,
        belongsTo: (financials, id) => financials.customerId === id,
      }),

    listTransactions: (accountId, query = {}, scope) =>
      refusalsAsResults(
        (refusals) => client.get(transactionsPath(accountId, query), transactionPageSchema, { scope, refusals }),
        TRANSACTION_QUERY_FAILURES,
      ),

    openAccount: (input, scope) =>
      refusalsAsResults(
        (refusals) => client.post(
          '/accounts',
          { idempotencyKey: input.idempotencyKey, customerId: input.customerId, kind: input.kind, currency: input.currency },
          accountSchema,
          { idempotent: true, scope, refusals },
        ),
        OPEN_ACCOUNT_FAILURES,
      ),

    postTransfer: (input, scope) =>
      refusalsAsResults(
        (refusals) => client.post(
          '/transfers',
          {
            idempotencyKey: input.idempotencyKey,
            fromAccountId: input.fromAccountId,
            toAccountNumber: input.toAccountNumber,
            toName: input.toName,
            amount: { amount: input.amount.amount, currency: input.amount.currency },
          },
          postedTransferSchema,
          { idempotent: true, scope, refusals },
        ),
        TRANSFER_FAILURES,
      ),

    async transferOutcome(key, scope) {
      const body = await client.get(outcomePath('POST /transfers', key), transferOutcomeSchema, { scope });
      return body.outcome === 'APPLIED' ? { applied: true, result: body.result } : { applied: false };
    },

    async disbursementOutcome(key, scope) {
      const body = await client.get(outcomePath('POST /loans/disbursements', key), disbursementOutcomeSchema, { scope });
      return body.outcome === 'APPLIED' ? { applied: true, result: body.result } : { applied: false };
    },

    async listPostings(from, to, scope) {
      const query = new URLSearchParams({ from, to }).toString();
      return (await client.get(`/postings?${query}`, postingsSchema, { scope })).items;
    },

    listWithdrawalPatterns: async (after, scope) =>
      client.get(`/withdrawal-patterns${after ? `?after=${encodeURIComponent(after)}` : ''}`, withdrawalPatternsSchema, { scope }),
    disburseLoan: (input, scope) =>
      refusalsAsResults(
        (refusals) => client.post(
          '/loans/disbursements',
          {
            idempotencyKey: input.idempotencyKey,
            customerId: input.customerId,
            accountId: input.accountId,
            amount: { amount: input.amount.amount, currency: input.amount.currency },
            applicationId: input.applicationId,
          },
          disbursementSchema,
          { idempotent: true, scope, refusals },
        ),
        DISBURSEMENT_FAILURES,
      ),
    placeServiceOrder: (input, scope) =>
      refusalsAsResults(
        (refusals) => client.post(
          '/service-orders',
          { idempotencyKey: input.idempotencyKey, customerId: input.customerId, operation: input.operation, accountId: input.accountId, details: input.details },
          serviceOrderSchema,
          { idempotent: true, scope, refusals },
        ),
        SERVICE_ORDER_FAILURES,
      ),
  };
}
