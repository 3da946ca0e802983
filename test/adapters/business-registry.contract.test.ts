/**
 * The business registry port's contract over real HTTP against the mock (the same cases can be
 * pointed at a registry test system holding the demo companies of mocks/README.md), its faults,
 * and the CRM's list of corporate customers the annual inspection walks through.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBusinessRegistryClient } from '../../src/adapters/business-registry/business-registry.client.js';
import type { BusinessRegistryPort } from '../../src/adapters/business-registry/business-registry.port.js';
import { createCompaniesClient } from '../../src/adapters/companies/companies.client.js';
import { UpstreamError } from '../../src/platform/errors.js';
import { failureOf, startMockBackends, type MockBackends } from './adapter-kit.js';

const HUAXIN = '91310115MA1K3XYZ8Q';
const JIANGNAN = '91330106MA2H7PQR4L';

let backends: MockBackends;
let port: BusinessRegistryPort;

beforeAll(async () => {
  backends = await startMockBackends();
  port = createBusinessRegistryClient(backends.client('businessRegistry', { retries: 0 }));
});
afterEach(() => backends.admin('businessRegistry').heal());
afterAll(() => backends?.close());

describe('BusinessRegistryPort over HTTP against the registry mock', () => {
  it('answers registrations in input order, duplicates at every position, null for an unknown number', async () => {
    const answers = await port.getRegistrations([JIANGNAN, '91000000000000000X', HUAXIN, JIANGNAN]);
    expect(answers.map((a) => a?.registrationNumber ?? null)).toEqual([JIANGNAN, null, HUAXIN, JIANGNAN]);
    expect(answers[2]).toEqual({
      registrationNumber: HUAXIN,
      name: 'Huaxin Technology Co., Ltd.',
      legalRepresentative: 'Gao Jun',
      registeredAddress: { line1: 'No. 2000 Zhangjiang Road, Building 5', city: 'Shanghai', province: 'Shanghai', postalCode: '201203' },
      status: 'ACTIVE',
      updatedAt: '2026-04-02T02:00:00.000Z',
    });
  });

  it('knows a registered company that is no customer of the bank, with its status', async () => {
    const [minjiang] = await port.getRegistrations(['91350100MA3C5DEF2X']);
    expect(minjiang).toMatchObject({ name: 'Minjiang Logistics Co., Ltd.', status: 'REVOKED' });
  });

  it.each([['down'], ['timeout'], ['malformed'], ['error']])('throws an UpstreamError when the registry is %s', async (mode) => {
    await backends.admin('businessRegistry').fault({ mode, errorRate: 1 });
    const error = await failureOf(port.getRegistrations([HUAXIN]));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).backend).toBe('businessRegistry');
  });
});

describe('CompaniesPort.listCompanyIds (CRM GET /companies)', () => {
  it('lists every corporate customer, and fails as UpstreamError when the CRM is down', async () => {
    const companies = createCompaniesClient(backends.client('crm', { retries: 0 }), backends.client('coreBanking'));
    expect(await companies.listCompanyIds()).toEqual(['CO000001', 'CO000002']);
    await backends.admin('crm').fault({ mode: 'down', routes: ['GET /companies'] });
    try {
      expect(await failureOf(companies.listCompanyIds())).toBeInstanceOf(UpstreamError);
    } finally {
      await backends.admin('crm').heal();
    }
  });
});
