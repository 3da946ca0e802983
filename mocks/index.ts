/**
 * Entry point of the mock backends: start all six in-process with {@link startMocks}, or
 * reach for the individual factories and the demo data. mocks/README.md is the contract.
 */
import { makeWorld } from './data/world.js';
import { BACKEND_NAMES, BACKEND_PORT_OFFSETS, readMockEnv, type BackendName } from './config.js';
import { makeCoreBankingMock } from './core-banking.js';
import { makeCreditBureauMock } from './credit-bureau.js';
import { makeCrmMock } from './crm.js';
import { makeIdentityMock } from './identity.js';
import type { OtpMessage } from './data/types.js';
import type { FaultInput } from './lib/faults.js';
import type { MockServer } from './lib/mock-server.js';
import { makeRiskMock } from './risk.js';
import { makeBusinessRegistryMock } from './business-registry.js';

export { BACKEND_NAMES, BACKEND_FAULT_VARIABLES, BACKEND_PORT_OFFSETS, DEFAULT_PORT_BASE, readMockEnv } from './config.js';
export type { BackendName, MockEnvConfig } from './config.js';
export {
  DEFAULT_SEED,
  DEMO_CUSTOMERS,
  DEMO_CUSTOMER_IDS,
  GENERATED_CUSTOMER_COUNT,
  HISTORY_END,
  generatedCustomerId,
  makeWorld,
} from './data/world.js';
export type { DemoCustomer, DemoCustomerKey, World } from './data/world.js';
export type * from './data/types.js';
export { FAULT_MODES, HEALTHY_FAULTS, parseFaultConfig } from './lib/faults.js';
export type { FaultConfig, FaultInput, FaultMode } from './lib/faults.js';
export { makeMockServer } from './lib/mock-server.js';
export type { MockServer, MockStats } from './lib/mock-server.js';
export { MAX_BATCH_SIZE } from './lib/batch.js';
export { isValidIdNumber, makeIdNumber } from './lib/id-number.js';
export type { BackendMockOptions } from './backend-options.js';
export { makeCoreBankingMock } from './core-banking.js';
export { makeCrmMock } from './crm.js';
export { makeCreditBureauMock } from './credit-bureau.js';
export { makeRiskMock, SCREENING_TEST_NAMES, WATCHLISTED_PAYEE_ACCOUNTS } from './risk.js';
export { makeBusinessRegistryMock, REGISTRY_COMPANIES } from './business-registry.js';
export { makeIdentityMock, miniProgramUserId, NAME_MISMATCH_TEST_NAME, SELFIE_TEST_TOKENS } from './identity.js';

/** Options of {@link startMocks}. */
export interface StartMocksOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /**
   * Port of core banking; the others follow (+1 CRM, +2 credit bureau, +3 risk, +4 identity, +5 business registry).
   * `0` gives each a random free port. @default 0
   */
  basePort?: number;
  /** Fault configuration per backend; wins over the environment. */
  faults?: Partial<Record<BackendName, FaultInput>>;
  /** Data seed; wins over `MOCK_SEED`. @default 42 */
  seed?: number;
  /** Environment to read `MOCK_*` variables from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Called with every one-time code the identity mock "sends". */
  onOtpSent?: (message: OtpMessage) => void;
}

/** The six started backends. */
export interface RunningMocks {
  /** Base URL of each backend, e.g. `http://127.0.0.1:4100`. */
  urls: Record<BackendName, string>;
  /** The servers, for `setFaults`, `stats` and friends without going through HTTP. */
  servers: Record<BackendName, MockServer>;
  /** The data seed in use. */
  seed: number;
  /** Stops all six, destroying open connections. */
  close(): Promise<void>;
}

/**
 * Starts the six mock backends over one shared data world.
 * @throws Error naming the variable when a `MOCK_*` environment value is invalid, Error when a
 * fault configuration in `options.faults` is invalid, or the listen error (e.g. EADDRINUSE);
 * backends already started are closed first.
 */
export async function startMocks(options: StartMocksOptions = {}): Promise<RunningMocks> {
  const fromEnv = readMockEnv(options.env ?? process.env);
  const seed = options.seed ?? fromEnv.seed;
  const basePort = options.basePort ?? 0;
  if (!Number.isInteger(basePort) || basePort < 0 || basePort > 65_535 - 5) {
    throw new Error(`basePort must be an integer between 0 and ${65_535 - 5}, got ${basePort}`);
  }
  const world = makeWorld(seed);
  const faultsOf = (name: BackendName): FaultInput | undefined => options.faults?.[name] ?? fromEnv.faults[name];
  const servers: Record<BackendName, MockServer> = {
    coreBanking: makeCoreBankingMock({ world, faults: faultsOf('coreBanking') }),
    crm: makeCrmMock({ world, faults: faultsOf('crm') }),
    creditBureau: makeCreditBureauMock({ world, faults: faultsOf('creditBureau') }),
    risk: makeRiskMock({ world, faults: faultsOf('risk') }),
    identity: makeIdentityMock({ world, faults: faultsOf('identity'), onOtpSent: options.onOtpSent }),
    businessRegistry: makeBusinessRegistryMock({ world, faults: faultsOf('businessRegistry') }),
  };
  const closeAll = async (): Promise<void> => {
    await Promise.all(BACKEND_NAMES.map((name) => servers[name].close()));
  };

  const host = options.host ?? '127.0.0.1';
  const listened = await Promise.allSettled(
    BACKEND_NAMES.map((name) => servers[name].listen(basePort === 0 ? 0 : basePort + BACKEND_PORT_OFFSETS[name], host)),
  );
  const failure = listened.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) {
    await closeAll();
    throw failure.reason;
  }
  const urls = Object.fromEntries(
    BACKEND_NAMES.map((name, i) => [name, (listened[i] as PromiseFulfilledResult<string>).value]),
  ) as Record<BackendName, string>;
  return { urls, servers, seed, close: closeAll };
}
