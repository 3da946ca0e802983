/** Credit bureau mock: one report per customer. */
import { resolveWorld, type BackendMockOptions } from './backend-options.js';
import { HISTORY_END, type Persona } from './data/persona.js';
import type { BureauReport } from './data/types.js';
import { batchRoute } from './lib/batch.js';
import { makeMockServer, type MockServer } from './lib/mock-server.js';
import { money } from './lib/money.js';
import { randomFor } from './lib/random.js';

/** Backend name reported by `GET /health`. */
export const CREDIT_BUREAU_NAME = 'credit-bureau';

/** The bureau's report on a persona; id and timestamp are derived from the seed. */
export function toBureauReport(seed: number, persona: Persona): BureauReport {
  const r = randomFor(seed, 'bureau-report', persona.customerId);
  const b = persona.bureau;
  // Reports were pulled at some point in the three days before the history ends.
  const generatedAt = new Date(Date.parse(HISTORY_END) - r.int(60, 72 * 60) * 60_000).toISOString();
  return {
    customerId: persona.customerId,
    reportId: `BR-${persona.customerId.slice(1)}-${r.digits(6)}`,
    generatedAt,
    score: b.score,
    thinFile: b.thinFile,
    openCreditLines: b.openCreditLines,
    totalCreditLimit: money(b.totalCreditLimit),
    totalOutstanding: money(b.totalOutstanding),
    monthlyRepayments: money(b.monthlyRepayments),
    delinquencies12m: b.delinquencies12m,
    inquiries6m: b.inquiries6m,
    worstStatus: b.worstStatus,
  };
}

/**
 * Builds the credit bureau mock.
 * @throws Error when `options.faults` is invalid.
 */
export function makeCreditBureauMock(options: BackendMockOptions = {}): MockServer {
  const world = resolveWorld(options);
  return makeMockServer({
    name: CREDIT_BUREAU_NAME,
    seed: world.seed,
    faults: options.faults,
    routes: [
      batchRoute('/reports:batch', 'customerIds', (id) => {
        const persona = world.persona(id);
        return persona ? toBureauReport(world.seed, persona) : null;
      }),
    ],
  });
}
