/** The risk platform over HTTP: the `RiskPort` behind the shared backend client. */
import { z } from 'zod';
import type { BackendClient } from '../backend-client.js';
import { readBatch } from '../batch.js';
import { isoDateTime, moneySchema } from '../money.schema.js';
import { nullWhenNotFound } from '../result.js';
import type { RiskPort } from './risk.port.js';

const unitScore = z.number().min(0).max(1);
const percentScore = z.number().int().min(0).max(100);

const riskProfileSchema = z.object({
  customerId: z.string().min(1),
  rating: z.enum(['LOW', 'MEDIUM', 'HIGH']),
  score: percentScore,
  amlStatus: z.enum(['CLEAR', 'REVIEW', 'HIT']),
  watchlistHits: z.array(z.object({ list: z.string().min(1), matchScore: unitScore, reason: z.string() })),
  litigation: z.array(
    z.object({
      caseId: z.string().min(1),
      court: z.string(),
      kind: z.enum(['CIVIL', 'COMMERCIAL', 'LABOR', 'ADMINISTRATIVE']),
      status: z.enum(['OPEN', 'CLOSED']),
      filedAt: isoDateTime,
      amount: moneySchema,
    }),
  ),
});

const screeningSchema = z.object({
  screeningId: z.string().min(1),
  result: z.enum(['CLEAR', 'PARTIAL_MATCH', 'HIT']),
  matchScore: unitScore,
  pep: z.boolean(),
  lists: z.array(z.string()),
});

const transferScoreSchema = z.object({
  score: percentScore,
  signals: z.array(z.string()),
  payeeWatchlisted: z.boolean(),
});

/**
 * Creates the risk platform port on the shared client for that backend. Screening and scoring
 * change nothing at the backend but a log line, so they are retried like reads.
 */
export function createRiskClient(client: BackendClient): RiskPort {
  return {
    getRiskProfiles: (customerIds, scope) =>
      readBatch(client, '/profiles:batch', 'customerIds', customerIds, riskProfileSchema, {
        scope,
        belongsTo: (profile, id) => profile.customerId === id,
      }),

    screenPerson: (input, scope) =>
      client.post(
        '/screenings',
        { fullName: input.fullName, idNumber: input.idNumber, dateOfBirth: input.dateOfBirth },
        screeningSchema,
        { idempotent: true, scope },
      ),

    scoreTransfer: (input, scope) =>
      nullWhenNotFound(
        (refusals) =>
          client.post(
          '/transfers/score',
          {
            customerId: input.customerId,
            amount: { amount: input.amount.amount, currency: input.amount.currency },
            payeeAccountNumber: input.payeeAccountNumber,
            payeeName: input.payeeName,
            channel: input.channel,
          },
          transferScoreSchema,
          { idempotent: true, scope, refusals },
        ),
        'CUSTOMER_NOT_FOUND',
      ),
  };
}
