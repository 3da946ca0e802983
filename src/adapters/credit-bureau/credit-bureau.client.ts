/** The credit bureau over HTTP: the `CreditBureauPort` behind the shared backend client. */
import { z } from 'zod';
import type { BackendClient } from '../backend-client.js';
import { readBatch } from '../batch.js';
import { isoDateTime, moneySchema } from '../money.schema.js';
import type { CreditBureauPort } from './credit-bureau.port.js';

const count = z.number().int().nonnegative();

const creditReportSchema = z
  .object({
    customerId: z.string().min(1),
    reportId: z.string().min(1),
    generatedAt: isoDateTime,
    score: z.number().int().min(300).max(850).nullable(),
    thinFile: z.boolean(),
    openCreditLines: count,
    totalCreditLimit: moneySchema,
    totalOutstanding: moneySchema,
    monthlyRepayments: moneySchema,
    delinquencies12m: count,
    inquiries6m: count,
    worstStatus: z.enum(['CURRENT', 'DPD30', 'DPD60', 'DPD90', 'DEFAULT']),
  })
  // The decision rules rely on it: a missing score means a thin file, never a lost field.
  .refine((report) => (report.score === null) === report.thinFile, {
    message: 'score must be null exactly when thinFile is true',
    path: ['score'],
  });

/** Creates the credit bureau port on the shared client for that backend. */
export function createCreditBureauClient(client: BackendClient): CreditBureauPort {
  return {
    getCreditReports: (customerIds, scope) =>
      readBatch(client, '/reports:batch', 'customerIds', customerIds, creditReportSchema, {
        scope,
        belongsTo: (report, id) => report.customerId === id,
      }),
  };
}
