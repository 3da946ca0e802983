/**
 * Business registry mock (the State Administration for Market Regulation's register, as the bank
 * reads it): companies' registration by unified social credit code. The corporate annual inspection
 * compares it with what the bank's CRM holds. Fixed facts, the same for every seed; one demo
 * company deliberately differs from the CRM (Huaxin moved and named a legal representative the
 * bank has not recorded), one matches (Jiangnan), and one registered company is no customer.
 */
import type { BackendMockOptions } from './backend-options.js';
import { companyRecord } from './data/companies.js';
import { batchRoute } from './lib/batch.js';
import { makeMockServer, type MockServer } from './lib/mock-server.js';

/** Backend name reported by `GET /health`. */
export const BUSINESS_REGISTRY_NAME = 'business-registry';

/** A company as the registry records it. */
export interface RegistryCompany {
  /** The 18-character unified social credit code. */
  registrationNumber: string;
  name: string;
  legalRepresentative: string;
  registeredAddress: { line1: string; city: string; province: string; postalCode: string };
  status: 'ACTIVE' | 'SUSPENDED' | 'REVOKED' | 'DEREGISTERED';
  /** When the registry last changed the record. */
  updatedAt: string;
}

function fromCrm(companyId: string): RegistryCompany {
  const c = companyRecord(companyId);
  if (!c) throw new Error(`no demo company ${companyId}`);
  const legal = c.relatedParties.find((p) => p.relation === 'LEGAL_REPRESENTATIVE');
  return {
    registrationNumber: c.registrationNumber,
    name: c.name,
    legalRepresentative: legal?.fullName ?? '',
    registeredAddress: { ...c.registeredAddress },
    status: 'ACTIVE',
    updatedAt: '2024-01-15T02:00:00.000Z',
  };
}

/** The registry's records: the demo companies (one deliberately different) and one non-customer. */
export const REGISTRY_COMPANIES: readonly RegistryCompany[] = [
  {
    ...fromCrm('CO000001'),
    // Moved within Zhangjiang and registered a legal representative; the bank's CRM has neither.
    legalRepresentative: 'Gao Jun',
    registeredAddress: { line1: 'No. 2000 Zhangjiang Road, Building 5', city: 'Shanghai', province: 'Shanghai', postalCode: '201203' },
    updatedAt: '2026-04-02T02:00:00.000Z',
  },
  fromCrm('CO000002'),
  {
    registrationNumber: '91350100MA3C5DEF2X',
    name: 'Minjiang Logistics Co., Ltd.',
    legalRepresentative: 'Lin Tao',
    registeredAddress: { line1: 'No. 8 Wuyi Road', city: 'Fuzhou', province: 'Fujian', postalCode: '350001' },
    status: 'REVOKED',
    updatedAt: '2025-11-20T02:00:00.000Z',
  },
];

/**
 * Builds the business registry mock: `POST /registrations:batch` `{ registrationNumbers }`.
 * @throws Error when `options.faults` is invalid.
 */
export function makeBusinessRegistryMock(options: Pick<BackendMockOptions, 'faults' | 'seed' | 'world'> = {}): MockServer {
  return makeMockServer({
    name: BUSINESS_REGISTRY_NAME,
    seed: options.world?.seed ?? options.seed ?? 42,
    faults: options.faults,
    routes: [
      batchRoute('/registrations:batch', 'registrationNumbers', (number) => {
        const found = REGISTRY_COMPANIES.find((c) => c.registrationNumber === number);
        return found ? { ...found, registeredAddress: { ...found.registeredAddress } } : null;
      }),
    ],
  });
}
