/**
 * What every part of the loan flow shares: the dependencies, the refusal, who may see an
 * application, the product catalogue and the write path.
 */
import type { Backends } from '../../adapters/backends.js';
import type { Product } from '../../adapters/core-banking/core-banking.port.js';
import type { Config } from '../../platform/config.js';
import type { Viewer } from '../../platform/context.js';
import type { EventFanout } from '../../platform/events/fanout.js';
import { findVisible, requireStaff } from '../../platform/guards.js';
import type { Logger } from '../../platform/logger.js';
import type { CallScope } from '../../platform/request-scope.js';
import type { Leases } from '../../platform/work/leases.js';
import type { CommandKeys } from '../../platform/write/idempotency.js';
import type { Change } from '../../platform/write/write-path.js';
import type { AuthService } from '../auth/auth.service.js';
import type { CustomersService } from '../customers/customers.service.js';
import { LoanError, type LoanErrorCode } from './loans.errors.js';
import type { LoanRow, LoansRepository } from './loans.repository.js';
import type { LoanProductTerms, LoanStatus } from './loans.rules.js';

export interface LoansServiceDeps {
  repo: LoansRepository;
  commandKeys: CommandKeys;
  backends: Backends;
  customers: CustomersService;
  auth: AuthService;
  fanout: EventFanout;
  config: Config['loans'];
  /** Leases on decisions and payouts in flight, so the recovery sweep takes over only abandoned ones. */
  leases: Leases;
  log: Logger;
  now: () => Date;
  /** Told once an application is stored (the offers module records it); must not throw. */
  onApplied?: (application: { id: string; customerId: string; channel: string; productCode: string }) => void;
}

export const termsOf = (p: Product): LoanProductTerms => ({
  code: p.code,
  autoDecision: p.autoDecision,
  currency: p.currency,
  minAmount: p.minAmount.amount,
  maxAmount: p.maxAmount.amount,
  minTermMonths: p.minTermMonths,
  maxTermMonths: p.maxTermMonths,
  annualRate: p.annualRate,
});

export const refuse = (code: LoanErrorCode, message: string, details?: Record<string, unknown>): never => {
  throw new LoanError(code, message, details);
};

export function createLoanKit(deps: LoansServiceDeps) {
  const { repo, now } = deps;

  /** The reviewer, with the customer they are (a reviewer never decides their own application). */
  async function requireReviewer(viewer: Viewer) {
    const staff = requireStaff(viewer, ['REVIEWER'], 'Reviewers only.');
    const member = await deps.auth.staffMember(staff.staffId);
    return { staffId: staff.staffId, customerId: member?.customerId ?? null };
  }

  /** The application, if the viewer may see it: its customer, or a reviewer. Else NOT_FOUND. */
  const visible = (viewer: Viewer, id: string): Promise<LoanRow> => findVisible(viewer, id, repo.findById, ['REVIEWER'], 'loan application');

  // The catalogue is the same for everyone and changes rarely: one fetch serves a burst of applications.
  let catalogue: { products: Promise<Product[]>; until: number } | undefined;
  async function product(code: string, scope?: CallScope): Promise<Product> {
    if (!catalogue || catalogue.until < Date.now()) {
      const products = deps.backends.coreBanking.listProducts(scope);
      catalogue = { products, until: Date.now() + 30_000 };
      products.catch(() => (catalogue = undefined));
    }
    const products = await catalogue.products;
    const found = products.find((p) => p.code === code && p.kind === 'LOAN');
    if (!found) return refuse('BAD_USER_INPUT', `There is no loan product ${code}.`, { field: 'productCode' });
    return found;
  }

  const change = (id: string, decide: (row: LoanRow) => Change<LoanRow, LoanStatus> | null) => repo.change(id, now(), decide);

  return { deps, repo, now, requireReviewer, visible, product, change };
}

export type LoanKit = ReturnType<typeof createLoanKit>;
