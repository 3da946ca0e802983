/**
 * The wire contract of the mock backends (mocks/README.md) as zod schemas. Strict objects, so
 * a field added or renamed without updating the contract fails the suites.
 */
import { z } from 'zod';

const CURRENCY = z.enum(['CNY', 'USD', 'EUR', 'HKD']);

/** Money: a two-decimal string, never a number. */
export const moneySchema = z.strictObject({ amount: z.string().regex(/^\d+\.\d{2}$/), currency: CURRENCY });

/** ISO-8601 UTC with milliseconds. */
export const isoTimeSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

export const errorSchema = z.strictObject({ error: z.strictObject({ code: z.string(), message: z.string() }) });

/** `{ results: (T | null)[] }` of a batch route. */
export function batchOf<T extends z.ZodType>(item: T) {
  return z.strictObject({ results: z.array(item.nullable()) });
}

export const productSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  kind: z.enum(['LOAN', 'DEPOSIT']),
  currency: CURRENCY,
  minAmount: moneySchema,
  maxAmount: moneySchema,
  minTermMonths: z.number().int(),
  maxTermMonths: z.number().int(),
  annualRate: z.string().regex(/^0\.\d{4}$/),
  autoDecision: z.boolean(),
  description: z.string(),
});

export const accountSchema = z.strictObject({
  accountId: z.string(),
  customerId: z.string(),
  accountNumber: z.string().regex(/^\d{16,19}$/),
  kind: z.enum(['CURRENT', 'SAVINGS', 'TIME_DEPOSIT', 'LOAN']),
  currency: CURRENCY,
  balance: moneySchema,
  available: moneySchema,
  status: z.enum(['ACTIVE', 'FROZEN', 'CLOSED']),
  openedAt: isoTimeSchema,
});

export const transactionSchema = z.strictObject({
  transactionId: z.string(),
  accountId: z.string(),
  bookedAt: isoTimeSchema,
  direction: z.enum(['IN', 'OUT']),
  amount: moneySchema,
  balanceAfter: moneySchema,
  counterparty: z.string(),
  description: z.string(),
  channel: z.enum(['MOBILE', 'ONLINE', 'POS', 'ATM', 'BRANCH', 'BATCH']),
});

export const transactionPageSchema = z.strictObject({
  items: z.array(transactionSchema),
  nextCursor: z.string().nullable(),
});

export const financialsSchema = z.strictObject({
  customerId: z.string(),
  monthlyIncome: moneySchema,
  monthlyDebtPayments: moneySchema,
  totalDebt: moneySchema,
  businessTurnover: moneySchema.nullable(),
});

export const transferSchema = z.strictObject({ transferId: z.string(), status: z.literal('POSTED'), postedAt: isoTimeSchema });
export const disbursementSchema = z.strictObject({
  disbursementId: z.string(),
  status: z.literal('DISBURSED'),
  disbursedAt: isoTimeSchema,
});

export const customerSchema = z.strictObject({
  customerId: z.string(),
  fullName: z.string(),
  phone: z.string().regex(/^1[3-9]\d{9}$/),
  email: z.email(),
  idNumber: z.string().regex(/^\d{17}[\dX]$/),
  dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  address: z.strictObject({ line1: z.string(), city: z.string(), province: z.string(), postalCode: z.string().regex(/^\d{6}$/) }),
  segment: z.enum(['MASS', 'AFFLUENT', 'PRIVATE', 'SMALL_BUSINESS']),
  relationshipManagerId: z.string().nullable(),
  preferredChannel: z.enum(['MOBILE_APP', 'MINI_PROGRAM', 'WEB', 'BRANCH', 'PHONE']),
  customerSince: isoTimeSchema,
});

export const relationshipManagerSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  phone: z.string(),
  email: z.email(),
  branch: z.string(),
});

export const bureauReportSchema = z.strictObject({
  customerId: z.string(),
  reportId: z.string(),
  generatedAt: isoTimeSchema,
  score: z.number().int().min(300).max(850).nullable(),
  thinFile: z.boolean(),
  openCreditLines: z.number().int().min(0),
  totalCreditLimit: moneySchema,
  totalOutstanding: moneySchema,
  monthlyRepayments: moneySchema,
  delinquencies12m: z.number().int().min(0),
  inquiries6m: z.number().int().min(0),
  worstStatus: z.enum(['CURRENT', 'DPD30', 'DPD60', 'DPD90', 'DEFAULT']),
});

export const riskProfileSchema = z.strictObject({
  customerId: z.string(),
  rating: z.enum(['LOW', 'MEDIUM', 'HIGH']),
  score: z.number().int().min(0).max(100),
  amlStatus: z.enum(['CLEAR', 'REVIEW', 'HIT']),
  watchlistHits: z.array(z.strictObject({ list: z.string(), matchScore: z.number().min(0).max(1), reason: z.string() })),
  litigation: z.array(
    z.strictObject({
      caseId: z.string(),
      court: z.string(),
      kind: z.enum(['CIVIL', 'COMMERCIAL', 'LABOR', 'ADMINISTRATIVE']),
      status: z.enum(['OPEN', 'CLOSED']),
      filedAt: isoTimeSchema,
      amount: moneySchema,
    }),
  ),
});

export const screeningSchema = z.strictObject({
  screeningId: z.string(),
  result: z.enum(['CLEAR', 'PARTIAL_MATCH', 'HIT']),
  matchScore: z.number().min(0).max(1),
  pep: z.boolean(),
  lists: z.array(z.string()),
});

export const transferScoreSchema = z.strictObject({
  score: z.number().int().min(0).max(100),
  signals: z.array(z.string()),
  payeeWatchlisted: z.boolean(),
});

export const verificationSchema = z.strictObject({
  verificationId: z.string(),
  idValid: z.boolean(),
  nameMatches: z.boolean(),
  livenessScore: z.number().min(0).max(1).nullable(),
  faceMatchScore: z.number().min(0).max(1).nullable(),
  result: z.enum(['PASS', 'FAIL', 'REVIEW']),
});

export const otpSentSchema = z.strictObject({ messageId: z.string(), sentAt: isoTimeSchema });

export const messagesSchema = z.strictObject({
  messages: z.array(
    z.strictObject({ messageId: z.string(), phone: z.string(), code: z.string(), purpose: z.string(), sentAt: isoTimeSchema }),
  ),
});

export const sessionSchema = z.strictObject({ platformUserId: z.string(), sessionKey: z.string() });

export const faultsSchema = z.strictObject({
  mode: z.enum(['ok', 'down', 'timeout', 'error', 'malformed']),
  delayMs: z.number(),
  jitterMs: z.number(),
  errorRate: z.number(),
  errorStatus: z.number(),
  retryAfterSeconds: z.number().nullable(),
  routes: z.array(z.string()),
});

export const statsSchema = z.strictObject({
  total: z.number().int(),
  byRoute: z.record(z.string(), z.number().int()),
  idsRequested: z.number().int(),
});
