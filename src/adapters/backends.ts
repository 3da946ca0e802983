/**
 * Builds one shared client per backend and the ports modules use. Created once per gateway
 * process: the circuit breakers and connection pools must be shared across requests. (The
 * per-request side, the DataLoaders, comes from `createLoaders` in loaders.ts.)
 */
import { BACKENDS, type BackendName, type Config } from '../platform/config.js';
import { createBackendClient, type BackendClient, type BackendClientStats, type CallReport } from './backend-client.js';
import { createBusinessRegistryClient } from './business-registry/business-registry.client.js';
import type { BusinessRegistryPort } from './business-registry/business-registry.port.js';
import { createCompaniesClient } from './companies/companies.client.js';
import type { CompaniesPort } from './companies/companies.port.js';
import { createCoreBankingClient } from './core-banking/core-banking.client.js';
import type { CoreBankingPort } from './core-banking/core-banking.port.js';
import { createCreditBureauClient } from './credit-bureau/credit-bureau.client.js';
import type { CreditBureauPort } from './credit-bureau/credit-bureau.port.js';
import { createCrmClient } from './crm/crm.client.js';
import type { CrmPort } from './crm/crm.port.js';
import { createIdentityClient } from './identity/identity.client.js';
import type { IdentityPort } from './identity/identity.port.js';
import { createRiskClient } from './risk/risk.client.js';
import type { RiskPort } from './risk/risk.port.js';

export interface Backends {
  clients: Record<BackendName, BackendClient>;
  coreBanking: CoreBankingPort;
  crm: CrmPort;
  creditBureau: CreditBureauPort;
  risk: RiskPort;
  identity: IdentityPort;
  /** Companies (corporate customers): CRM records and core-banking accounts. */
  companies: CompaniesPort;
  /** The market regulator's company register (corporate annual inspection). */
  businessRegistry: BusinessRegistryPort;
  close(): Promise<void>;
}

/** Where metrics, traces and logs attach to every backend client. */
export interface BackendHooks {
  onCallEnd?: (report: CallReport) => void;
  onBreakerChange?: (backend: BackendName, state: BackendClientStats['breaker']) => void;
}

/**
 * @param urls each backend's base URL (from config, or from the in-process mocks)
 * @param hooks told of every call's end and every breaker change
 */
export function createBackends(config: Config, urls: Record<BackendName, string>, hooks: BackendHooks = {}): Backends {
  const clients = Object.fromEntries(
    BACKENDS.map((name) => [
      name,
      createBackendClient({
        name,
        baseUrl: urls[name],
        timeoutMs: config.backends[name].timeoutMs,
        retries: config.backendRetries,
        breaker: config.breaker,
        onCallEnd: hooks.onCallEnd,
        onBreakerChange: hooks.onBreakerChange && ((state) => hooks.onBreakerChange!(name, state)),
      }),
    ]),
  ) as Record<BackendName, BackendClient>;
  return {
    clients,
    coreBanking: createCoreBankingClient(clients.coreBanking),
    crm: createCrmClient(clients.crm),
    creditBureau: createCreditBureauClient(clients.creditBureau),
    risk: createRiskClient(clients.risk),
    identity: createIdentityClient(clients.identity),
    companies: createCompaniesClient(clients.crm, clients.coreBanking),
    businessRegistry: createBusinessRegistryClient(clients.businessRegistry),
    close: async () => {
      await Promise.all(Object.values(clients).map((client) => client.close()));
    },
  };
}
