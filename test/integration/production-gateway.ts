/**
 * A gateway configured as production requires it: real backend URLs (the test's own mocks, over
 * HTTP), signing keys from configuration and a postgres:// DATABASE_URL. On the PGlite run the
 * test database stands in for PostgreSQL after the configuration has been validated.
 */
import { exportJWK, generateKeyPair } from 'jose';
import { startMocks, type RunningMocks } from '../../mocks/index.js';
import { startGateway, type Gateway } from '../../src/app.js';
import { loadConfig, parseDatabaseUrl } from '../../src/platform/config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { TEST_ENV } from '../support/gateway.js';

export interface ProductionGateway {
  gateway: Gateway;
  url: string;
  wsUrl: string;
  mocks: RunningMocks;
  close(): Promise<void>;
}

/** Production never seeds the demo logins: the test settings without the seed. */
const { SEED_DEMO: _seed, ...withoutDemoSeed } = TEST_ENV;

export async function startProductionGateway(env: Record<string, string> = {}): Promise<ProductionGateway> {
  const mocks = await startMocks();
  let database: TestDatabase | undefined;
  try {
    database = await createTestDatabase();
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const config = loadConfig({
      ...withoutDemoSeed,
      NODE_ENV: 'production',
      CORE_BANKING_URL: mocks.urls.coreBanking,
      CRM_URL: mocks.urls.crm,
      CREDIT_BUREAU_URL: mocks.urls.creditBureau,
      RISK_URL: mocks.urls.risk,
      IDENTITY_URL: mocks.urls.identity,
      BUSINESS_REGISTRY_URL: mocks.urls.businessRegistry,
      DATABASE_URL: 'postgres://placeholder@127.0.0.1:5432/placeholder',
      JWT_SIGNING_KEYS: JSON.stringify([{ ...(await exportJWK(privateKey)), kid: 'prod-test', alg: 'ES256' }]),
      ...env,
    });
    const db = parseDatabaseUrl(database.url, process.cwd());
    if (typeof db === 'string') throw new Error(db);
    const gateway = await startGateway({ ...config, database: db });
    const dropped = database;
    return {
      gateway,
      url: gateway.url,
      wsUrl: gateway.wsUrl,
      mocks,
      close: async () => {
        await gateway.close();
        await mocks.close();
        await dropped.drop();
      },
    };
  } catch (error) {
    await mocks.close();
    await database?.drop();
    throw error;
  }
}
