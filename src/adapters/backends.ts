/**
 * Builds one shared client per backend and the ports modules use. Created once per gateway
 * process: the circuit breakers and connection pools must be shared across requests.
 */
import { BACKENDS, type BackendName, type Config } from '../platform/config.js';
import { createBackendClient, type BackendClient } from './backend-client.js';
import { createCoreBankingClient } from './core-banking/core-banking.client.js';
import type { CoreBankingPort } from './core-banking/core-banking.port.js';

export interface Backends {
  clients: Record<BackendName, BackendClient>;
  coreBanking: CoreBankingPort;
  close(): Promise<void>;
}

/** @param urls each backend's base URL (from config, or from the in-process mocks) */
export function createBackends(config: Config, urls: Record<BackendName, string>): Backends {
  const clients = Object.fromEntries(
    BACKENDS.map((name) => [
      name,
      createBackendClient({
        name,
        baseUrl: urls[name],
        timeoutMs: config.backends[name].timeoutMs,
        retries: config.backendRetries,
        breakerThreshold: config.breakerThreshold,
        breakerHalfOpenAfterMs: config.breakerHalfOpenAfterMs,
      }),
    ]),
  ) as Record<BackendName, BackendClient>;
  return {
    clients,
    coreBanking: createCoreBankingClient(clients.coreBanking),
    close: async () => {
      await Promise.all(Object.values(clients).map((client) => client.close()));
    },
  };
}
