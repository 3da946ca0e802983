/**
 * The mocks' one place for environment variables. Every variable is validated here and a bad
 * value is reported by name.
 */
import { faultsFromEnv, type FaultConfig } from './lib/faults.js';
import { DEFAULT_SEED } from './data/world.js';

/** The six mock backends, by the names the gateway uses for them. */
export const BACKEND_NAMES = ['coreBanking', 'crm', 'creditBureau', 'risk', 'identity', 'businessRegistry'] as const;

/** One of {@link BACKEND_NAMES}. */
export type BackendName = (typeof BACKEND_NAMES)[number];

/** Port of each backend relative to `MOCK_PORT_BASE`. */
export const BACKEND_PORT_OFFSETS: Readonly<Record<BackendName, number>> = {
  coreBanking: 0,
  crm: 1,
  creditBureau: 2,
  risk: 3,
  identity: 4,
  businessRegistry: 5,
};

/** Per-backend fault variables; each overrides `MOCK_FAULTS` for its backend. */
export const BACKEND_FAULT_VARIABLES: Readonly<Record<BackendName, string>> = {
  coreBanking: 'MOCK_CORE_BANKING_FAULTS',
  crm: 'MOCK_CRM_FAULTS',
  creditBureau: 'MOCK_CREDIT_BUREAU_FAULTS',
  risk: 'MOCK_RISK_FAULTS',
  identity: 'MOCK_IDENTITY_FAULTS',
  businessRegistry: 'MOCK_BUSINESS_REGISTRY_FAULTS',
};

/** First port used by `npm run mocks` when `MOCK_PORT_BASE` is unset. */
export const DEFAULT_PORT_BASE = 4100;

/** Settings read from the environment. */
export interface MockEnvConfig {
  /** `MOCK_SEED`, default 42. */
  seed: number;
  /** `MOCK_PORT_BASE`, default 4100; 0 means random ports. */
  portBase: number;
  /** Fault configuration per backend from `MOCK_FAULTS` and the per-backend variables. */
  faults: Partial<Record<BackendName, FaultConfig>>;
}

function readInteger(env: NodeJS.ProcessEnv, variable: string, fallback: number, max: number): number {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || value > max) {
    throw new Error(`${variable} must be an integer between 0 and ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * Reads `MOCK_SEED`, `MOCK_PORT_BASE`, `MOCK_FAULTS` and the per-backend fault variables.
 * A per-backend variable replaces `MOCK_FAULTS` for that backend (fields it leaves out take
 * their defaults, not the values from `MOCK_FAULTS`).
 * @throws Error naming the variable when a value is invalid.
 */
export function readMockEnv(env: NodeJS.ProcessEnv): MockEnvConfig {
  const shared = faultsFromEnv(env, 'MOCK_FAULTS');
  const faults: Partial<Record<BackendName, FaultConfig>> = {};
  for (const name of BACKEND_NAMES) {
    const own = faultsFromEnv(env, BACKEND_FAULT_VARIABLES[name]) ?? shared;
    if (own) faults[name] = own;
  }
  return {
    seed: readInteger(env, 'MOCK_SEED', DEFAULT_SEED, 0xffff_ffff),
    portBase: readInteger(env, 'MOCK_PORT_BASE', DEFAULT_PORT_BASE, 65_535 - 5),
    faults,
  };
}
