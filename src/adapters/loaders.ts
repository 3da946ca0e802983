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

export interface CreateLoadersOptions {
  /** Aborted when the request ends early (client gone): cancels the backend calls in flight. */
  signal?: AbortSignal;
}

/**
 * Creates a fresh set of loaders for one request.
 *
 * Batches are dispatched once the current tick's promise jobs have run, at most
 * {@link MAX_BATCH_SIZE} ids per call (the backends' limit). Accounts loaded by customer also
 * fill `accountById` for the same request, so an account already listed is not fetched again.
 *
 * @param backends the process-wide ports from `createBackends`
 */
export function createLoaders(backends: LoaderBackends, options: CreateLoadersOptions = {}): Loaders {
  const { signal } = options;
  const settings = { maxBatchSize: MAX_BATCH_SIZE };

  const accountById = new DataLoader<string, Account | null>(
    (ids) => backends.coreBanking.getAccountsByIds(ids, signal),
    { ...settings, name: 'accountById' },
  );
  const accountsByCustomer = new DataLoader<string, Account[] | null>(
    async (customerIds) => {
      const results = await backends.coreBanking.getAccountsByCustomerIds(customerIds, signal);
      for (const account of results.flatMap((accounts) => accounts ?? [])) {
        accountById.prime(account.accountId, account);
      }
      return results;
    },
    { ...settings, name: 'accountsByCustomer' },
  );

  return {
    accountsByCustomer,
    accountById,
    financialsByCustomer: new DataLoader(
      (customerIds) => backends.coreBanking.getFinancialsByCustomerIds(customerIds, signal),
      { ...settings, name: 'financialsByCustomer' },
    ),
    profileByCustomer: new DataLoader(
      (customerIds) => backends.crm.getCustomerProfiles(customerIds, signal),
      { ...settings, name: 'profileByCustomer' },
    ),
    relationshipManagerById: new DataLoader(
      (ids) => backends.crm.getRelationshipManagers(ids, signal),
      { ...settings, name: 'relationshipManagerById' },
    ),
    creditReportByCustomer: new DataLoader(
      (customerIds) => backends.creditBureau.getCreditReports(customerIds, signal),
      { ...settings, name: 'creditReportByCustomer' },
    ),
    riskProfileByCustomer: new DataLoader(
      (customerIds) => backends.risk.getRiskProfiles(customerIds, signal),
      { ...settings, name: 'riskProfileByCustomer' },
    ),
  };
}
