/**
 * The CRM port's contract, over real HTTP against the mock; point `makeTarget` at a real CRM test
 * system seeded with the demo customers to run the same cases there.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmClient } from '../../src/adapters/crm/crm.client.js';
import type { CrmPort } from '../../src/adapters/crm/crm.port.js';
import { DEMO_CUSTOMERS } from '../../mocks/index.js';
import { startMockBackends } from './adapter-kit.js';

interface CrmTarget {
  port: CrmPort;
  close(): Promise<void>;
}

function describeCrmContract(name: string, makeTarget: () => Promise<CrmTarget>): void {
  describe(name, () => {
    let target: CrmTarget;
    beforeAll(async () => {
      target = await makeTarget();
    });
    afterAll(() => target?.close());

    it("returns Wang Fang's profile with her relationship manager and ISO dates", async () => {
      const [profile] = await target.port.getCustomerProfiles(['C000001']);
      expect(profile).toMatchObject({
        customerId: 'C000001',
        fullName: 'Wang Fang',
        phone: '13800138001',
        email: 'wang.fang@example.com',
        idNumber: '310115198803151240',
        dateOfBirth: '1988-03-15',
        relationshipManagerId: 'RM001',
      });
      expect(profile?.address.city).toBeTruthy();
      expect(new Date(profile?.customerSince ?? '').toISOString()).toBe(profile?.customerSince);
    });

    it('knows every demo customer by name, identity number and phone', async () => {
      const demo = Object.values(DEMO_CUSTOMERS);
      const profiles = await target.port.getCustomerProfiles(demo.map((c) => c.id));
      expect(profiles.map((p) => p && [p.customerId, p.fullName, p.idNumber, p.phone, p.dateOfBirth])).toEqual(
        demo.map((c) => [c.id, c.fullName, c.idNumber, c.phone, c.dateOfBirth]),
      );
      expect(profiles.find((p) => p?.customerId === 'C000006')?.segment).toBe('SMALL_BUSINESS');
    });

    it('answers a batch in input order, duplicates at every position and null for an unknown customer', async () => {
      const profiles = await target.port.getCustomerProfiles(['C000003', 'NOPE', 'C000003']);
      expect(profiles.map((p) => p?.fullName ?? null)).toEqual(['Chen Jie', null, 'Chen Jie']);
      expect(await target.port.getCustomerProfiles([])).toEqual([]);
    });

    it('resolves relationship managers by id, null for an unknown one', async () => {
      const [rm, unknown] = await target.port.getRelationshipManagers(['RM001', 'RM999']);
      expect(rm).toMatchObject({ id: 'RM001', name: expect.any(String), branch: expect.any(String) });
      expect(rm?.email).toContain('@');
      expect(unknown).toBeNull();
    });

    it('records a change once per key, replays it, refuses the key with another payload and an unknown customer', async () => {
      const input = { idempotencyKey: `change-${randomUUID()}`, customerId: 'C000001', operation: 'CONTACT_UPDATE', details: { city: 'Beijing' } };
      const first = await target.port.recordChange(input);
      expect(first).toMatchObject({ ok: true, value: { changeId: expect.any(String) } });
      expect(await target.port.recordChange({ ...input })).toEqual(first);
      expect(await target.port.recordChange({ ...input, details: { city: 'Shanghai' } })).toMatchObject({ ok: false, code: 'IDEMPOTENCY_CONFLICT' });
      expect(await target.port.recordChange({ ...input, idempotencyKey: `change-${randomUUID()}`, customerId: 'C999999' })).toMatchObject({ ok: false, code: 'CUSTOMER_NOT_FOUND' });
    });
  });
}

describeCrmContract('CrmPort over HTTP against the CRM mock', async () => {
  const backends = await startMockBackends();
  return { port: createCrmClient(backends.client('crm')), close: () => backends.close() };
});
