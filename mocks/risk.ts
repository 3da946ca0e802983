/** Risk platform mock: customer risk profiles, name screening and transfer scoring. */
import { z } from 'zod';
import { makeIdSequence, resolveWorld, type BackendMockOptions } from './backend-options.js';
import { DEMO_CUSTOMERS } from './data/demo-customers.js';
import type { Persona } from './data/persona.js';
import type { RiskProfile, Screening, ScreeningOutcome, TransferScore } from './data/types.js';
import type { World } from './data/world.js';
import { batchRoute } from './lib/batch.js';
import { makeMockServer, type MockServer } from './lib/mock-server.js';
import { cents, money, moneyInputSchema, parseAmount } from './lib/money.js';
import { randomFor } from './lib/random.js';
import { errorReply, json, parseInput, type Route } from './lib/router.js';

/** Backend name reported by `GET /health`. */
export const RISK_NAME = 'risk';

/** Payee account numbers on the mule watch list: scoring a transfer to them flags it. */
export const WATCHLISTED_PAYEE_ACCOUNTS: readonly string[] = ['6222020000000000666', '6228480000000000999'];

interface ListedIdentity {
  result: Exclude<ScreeningOutcome, 'CLEAR'>;
  matchScore: number;
  pep: boolean;
  lists: string[];
}

/** Full names that screen the same whatever the identity number: for testing new applicants. */
export const SCREENING_TEST_NAMES: Readonly<Record<string, ListedIdentity>> = {
  'Test Sanctioned': { result: 'HIT', matchScore: 0.99, pep: false, lists: ['GLOBAL-SANCTIONS'] },
  'Test Politician': { result: 'PARTIAL_MATCH', matchScore: 0.72, pep: true, lists: ['PEP-REGISTER'] },
};

/** Identity numbers on the screening lists (Zhao Lei and Li Na). */
const LISTED_ID_NUMBERS: ReadonlyMap<string, ListedIdentity> = new Map([
  [DEMO_CUSTOMERS.zhaoLei.idNumber, { result: 'HIT', matchScore: 0.97, pep: false, lists: ['CN-HIGH-RISK-LIST', 'GLOBAL-SANCTIONS'] }],
  [DEMO_CUSTOMERS.liNa.idNumber, { result: 'PARTIAL_MATCH', matchScore: 0.7, pep: true, lists: ['PEP-REGISTER'] }],
]);

const normaliseName = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();
const TEST_NAMES = new Map(Object.entries(SCREENING_TEST_NAMES).map(([name, hit]) => [normaliseName(name), hit]));

/** The risk platform's view of a persona. */
export function toRiskProfile(persona: Persona): RiskProfile {
  const r = persona.risk;
  return {
    customerId: persona.customerId,
    rating: r.rating,
    score: r.score,
    amlStatus: r.amlStatus,
    watchlistHits: r.watchlistHits.map((hit) => ({ ...hit })),
    litigation: r.litigation.map((c) => ({ ...c, amount: money(c.amount) })),
  };
}

/**
 * Screens a person: a listed identity number or a test name gives its listed outcome,
 * anyone else is CLEAR with a small deterministic match score.
 */
export function screenPerson(seed: number, fullName: string, idNumber: string): Omit<Screening, 'screeningId'> {
  const listed = TEST_NAMES.get(normaliseName(fullName)) ?? LISTED_ID_NUMBERS.get(idNumber.toUpperCase());
  if (listed) return { result: listed.result, matchScore: listed.matchScore, pep: listed.pep, lists: [...listed.lists] };
  const noise = randomFor(seed, 'screening', normaliseName(fullName), idNumber).int(0, 29) / 100;
  return { result: 'CLEAR', matchScore: noise, pep: false, lists: [] };
}

/** Thresholds in whole units of the transfer's currency. */
const LARGE_AMOUNT = cents('50000.00');
const VERY_LARGE_AMOUNT = cents('200000.00');

/** Scores a transfer 0–100 (higher is riskier) from its amount, the customer's profile and the payee. */
export function scoreTransfer(
  seed: number,
  persona: Persona,
  input: { amount: bigint; payeeAccountNumber: string; payeeName: string; channel: string },
): TransferScore {
  const signals: string[] = [];
  let score = 5 + randomFor(seed, 'transfer-score', persona.customerId, input.payeeAccountNumber, input.amount.toString()).int(0, 4);
  if (input.amount >= VERY_LARGE_AMOUNT) {
    score += 45;
    signals.push('VERY_LARGE_AMOUNT');
  } else if (input.amount >= LARGE_AMOUNT) {
    score += 25;
    signals.push('LARGE_AMOUNT');
  }
  if (persona.risk.rating === 'HIGH') {
    score += 30;
    signals.push('CUSTOMER_HIGH_RISK');
  } else if (persona.risk.rating === 'MEDIUM') {
    score += 10;
    signals.push('CUSTOMER_MEDIUM_RISK');
  }
  if (persona.risk.amlStatus === 'HIT') {
    score += 20;
    signals.push('CUSTOMER_AML_HIT');
  }
  const payeeWatchlisted = WATCHLISTED_PAYEE_ACCOUNTS.includes(input.payeeAccountNumber);
  if (payeeWatchlisted) {
    score = Math.max(score, 95);
    signals.push('PAYEE_WATCHLISTED');
  }
  return { score: Math.min(100, score), signals, payeeWatchlisted };
}

const screeningSchema = z.object({
  fullName: z.string().trim().min(1).max(100),
  idNumber: z.string().trim().min(1).max(32),
  dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD').optional(),
});

const transferScoreSchema = z.object({
  customerId: z.string().min(1).max(64),
  amount: moneyInputSchema,
  payeeAccountNumber: z.string().regex(/^\d{10,30}$/, 'must be 10 to 30 digits'),
  payeeName: z.string().trim().min(1).max(100),
  channel: z.string().min(1).max(32),
});

function riskRoutes(world: World, nextScreeningId: () => string): Route[] {
  return [
    batchRoute('/profiles:batch', 'customerIds', (id) => {
      const persona = world.persona(id);
      return persona ? toRiskProfile(persona) : null;
    }),
    {
      method: 'POST',
      path: '/screenings',
      handler: ({ body }) => {
        const parsed = parseInput(screeningSchema, body);
        if (!parsed.ok) return parsed.reply;
        const screening: Screening = {
          screeningId: nextScreeningId(),
          ...screenPerson(world.seed, parsed.data.fullName, parsed.data.idNumber),
        };
        return json(200, screening);
      },
    },
    {
      method: 'POST',
      path: '/transfers/score',
      handler: ({ body }) => {
        const parsed = parseInput(transferScoreSchema, body);
        if (!parsed.ok) return parsed.reply;
        const persona = world.persona(parsed.data.customerId);
        if (!persona) return errorReply(404, 'CUSTOMER_NOT_FOUND', `no customer ${parsed.data.customerId}`);
        return json(
          200,
          scoreTransfer(world.seed, persona, {
            amount: parseAmount(parsed.data.amount.amount) ?? 0n,
            payeeAccountNumber: parsed.data.payeeAccountNumber,
            payeeName: parsed.data.payeeName,
            channel: parsed.data.channel,
          }),
        );
      },
    },
  ];
}

/**
 * Builds the risk platform mock.
 * @throws Error when `options.faults` is invalid.
 */
export function makeRiskMock(options: BackendMockOptions = {}): MockServer {
  const world = resolveWorld(options);
  return makeMockServer({
    name: RISK_NAME,
    seed: world.seed,
    faults: options.faults,
    routes: riskRoutes(world, makeIdSequence('SCR')),
  });
}
