/**
 * Per-request DataLoaders over the backends' batch reads: everything a GraphQL operation asks of
 * one resource in the same tick goes out as one batch call, each id at most once.
 *
 * The loaders cache for ONE request only. `createLoaders` must be called per request (the request
 * context does it) and its result never shared between requests or viewers: a shared cache would
 * serve stale balances and hand one viewer's loads to another. Authorization is checked by the
 * code that calls `load`, not here.
 */
import DataLoader from 'dataloader';
import { withSpan } from '../platform/observability/tracing.js';
import { BACKGROUND, type CallScope } from '../platform/request-scope.js';
import { MAX_BATCH_SIZE } from './batch.js';
import type { Backends } from './backends.js';
import type { Account, CustomerFinancials } from './core-banking/core-banking.port.js';
import type { CreditReport } from './credit-bureau/credit-bureau.port.js';
import type { CustomerProfile, RelationshipManager } from './crm/crm.port.js';
import type { RiskProfile } from './risk/risk.port.js';

/**
 * One DataLoader per batch resource. `load(id)` resolves to the value, or `null` for an id the
 * backend does not know; it rejects with the batch's `UpstreamError` (code and backend name) when
 * the backend call failed, for every id of that batch. A failed id is not cached: loading it again
 * in the same request calls the backend again.
 */
export interface Loaders {
  /** Every account of a customer (closed ones included), by customer id. */
  accountsByCustomer: DataLoader<string, Account[] | null>;
  accountById: DataLoader<string, Account | null>;
  financialsByCustomer: DataLoader<string, CustomerFinancials | null>;
  /** The CRM's customer record. */
  profileByCustomer: DataLoader<string, CustomerProfile | null>;
  relationshipManagerById: DataLoader<string, RelationshipManager | null>;
  creditReportByCustomer: DataLoader<string, CreditReport | null>;
  riskProfileByCustomer: DataLoader<string, RiskProfile | null>;
}

/** The ports the loaders read from (a whole `Backends` will do). */
export type LoaderBackends = Pick<Backends, 'coreBanking' | 'crm' | 'creditBureau' | 'risk'>;

/**
 * Creates a fresh set of loaders for one request.
 *
 * Batches are dispatched once the current tick's promise jobs have run, at most
 * {@link MAX_BATCH_SIZE} ids per call (the backends' limit). Accounts loaded by customer also
 * fill `accountById` for the same request, so an account already listed is not fetched again.
 * Each loader is built on first use: most operations touch two or three of the seven.
 *
 * @param backends the process-wide ports from `createBackends`
 * @param scope the request's budget and record (its signal, when set, cancels the calls in flight);
 *   none for background work
 */
export function createLoaders(backends: LoaderBackends, scope: CallScope = BACKGROUND): Loaders {
  return new RequestLoaders(backends, scope);
}

const settings = { maxBatchSize: MAX_BATCH_SIZE };

/** A batch function as one span (`load <loader>`): the group of fields that one backend call serves. */
function traced<K, V>(name: string, batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>) {
  return (keys: readonly K[]) => withSpan(`load ${name}`, { 'gateway.batch_size': keys.length }, () => batch(keys));
}

class RequestLoaders implements Loaders {
  #accountById?: DataLoader<string, Account | null>;
  #accountsByCustomer?: DataLoader<string, Account[] | null>;
  #financialsByCustomer?: DataLoader<string, CustomerFinancials | null>;
  #profileByCustomer?: DataLoader<string, CustomerProfile | null>;
  #relationshipManagerById?: DataLoader<string, RelationshipManager | null>;
  #creditReportByCustomer?: DataLoader<string, CreditReport | null>;
  #riskProfileByCustomer?: DataLoader<string, RiskProfile | null>;

  constructor(
    private readonly backends: LoaderBackends,
    private readonly scope: CallScope,
  ) {}

  get accountById() {
    return (this.#accountById ??= new DataLoader(
      traced('accountById', (ids) => this.backends.coreBanking.getAccountsByIds(ids, this.scope)),
      { ...settings, name: 'accountById' },
    ));
  }

  get accountsByCustomer() {
    return (this.#accountsByCustomer ??= new DataLoader(
      traced('accountsByCustomer', async (customerIds) => {
        const results = await this.backends.coreBanking.getAccountsByCustomerIds(customerIds, this.scope);
        for (const account of results.flatMap((accounts) => accounts ?? [])) {
          this.accountById.prime(account.accountId, account);
        }
        return results;
      }),
      { ...settings, name: 'accountsByCustomer' },
    ));
  }

  get financialsByCustomer() {
    return (this.#financialsByCustomer ??= new DataLoader(
      traced('financialsByCustomer', (customerIds) => this.backends.coreBanking.getFinancialsByCustomerIds(customerIds, this.scope)),
      { ...settings, name: 'financialsByCustomer' },
    ));
  }

  get profileByCustomer() {
    return (this.#profileByCustomer ??= new DataLoader(
      traced('profileByCustomer', (customerIds) => this.backends.crm.getCustomerProfiles(customerIds, this.scope)),
      { ...settings, name: 'profileByCustomer' },
    ));
  }

  get relationshipManagerById() {
    return (this.#relationshipManagerById ??= new DataLoader(
      traced('relationshipManagerById', (ids) => this.backends.crm.getRelationshipManagers(ids, this.scope)),
      { ...settings, name: 'relationshipManagerById' },
    ));
  }

  get creditReportByCustomer() {
    return (this.#creditReportByCustomer ??= new DataLoader(
      traced('creditReportByCustomer', (customerIds) => this.backends.creditBureau.getCreditReports(customerIds, this.scope)),
      { ...settings, name: 'creditReportByCustomer' },
    ));
  }

  get riskProfileByCustomer() {
    return (this.#riskProfileByCustomer ??= new DataLoader(
      traced('riskProfileByCustomer', (customerIds) => this.backends.risk.getRiskProfiles(customerIds, this.scope)),
      { ...settings, name: 'riskProfileByCustomer' },
    ));
  }
}
