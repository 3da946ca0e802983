import { describe, expect, it } from 'vitest';
import { inspect } from '../../src/modules/health/inspection.rules.js';

const address = { line1: 'No. 77 Wensan Road, Suite 900', city: 'Hangzhou', province: 'Zhejiang', postalCode: '310012' };
const bank = { name: 'Jiangnan Trading Co., Ltd.', registrationNumber: '91330106MA2H7PQR4L', legalRepresentative: 'Zhou Min', registeredAddress: address };
const registry = { name: 'Jiangnan Trading Co., Ltd.', legalRepresentative: 'Zhou Min', registeredAddress: address, status: 'ACTIVE' };

describe('inspect', () => {
  it('matches records that differ only in spacing and case', () => {
    expect(inspect(bank, { ...registry, name: '  jiangnan  trading co., ltd. ', registeredAddress: { ...address, line1: 'No. 77 Wensan Road,  Suite 900' } })).toEqual({ outcome: 'MATCHED', mismatches: [] });
  });

  it('lists every differing field with both values, and a registry status other than ACTIVE', () => {
    const found = inspect(bank, { ...registry, legalRepresentative: 'Gao Jun', registeredAddress: { ...address, postalCode: '310013' }, status: 'REVOKED' });
    expect(found.outcome).toBe('MISMATCHED');
    expect(found.mismatches).toEqual([
      { field: 'legalRepresentative', bank: 'Zhou Min', registry: 'Gao Jun' },
      { field: 'registeredAddress', bank: 'No. 77 Wensan Road, Suite 900, Hangzhou, Zhejiang, 310012', registry: 'No. 77 Wensan Road, Suite 900, Hangzhou, Zhejiang, 310013' },
      { field: 'status', bank: 'ACTIVE', registry: 'REVOKED' },
    ]);
  });

  it('says NOT_IN_REGISTRY when the registry has no record', () => {
    expect(inspect(bank, null)).toEqual({ outcome: 'NOT_IN_REGISTRY', mismatches: [{ field: 'registrationNumber', bank: '91330106MA2H7PQR4L', registry: '' }] });
  });
});
