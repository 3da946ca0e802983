/** A staff member's roles are read as they are now on every request, not as their token says. */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrailDocument } from '../../generated/graphql.js';
import { staffMembers } from '../../../src/modules/auth/auth.tables.js';
import { errorCode, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { postgresUrl } from '../../support/database.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway();
});
afterAll(() => t?.close());

const setRoles = (id: string, roles: string[]) => t.gateway.database.db.update(staffMembers).set({ roles }).where(eq(staffMembers.id, id));

describe('staff roles', () => {
  it('stops a removed role on the next request, long before the access token expires, and honours it again once given back', async () => {
    const admin = await loginStaff(t, 'admin.ma');
    expect((await execute(t.url, AuditTrailDocument, { first: 1 }, admin.headers)).errors).toBeUndefined();

    // What the bank's identity management does: change the row, nothing else.
    await setRoles('S0006', ['TELLER']);
    try {
      await expect.poll(async () => errorCode(await execute(t.url, AuditTrailDocument, { first: 1 }, admin.headers)), { timeout: 1000, interval: 20 }).toBe('FORBIDDEN');
    } finally {
      await setRoles('S0006', ['ADMIN']);
    }
    await expect.poll(async () => (await execute(t.url, AuditTrailDocument, { first: 1 }, admin.headers)).errors, { timeout: 1000, interval: 20 }).toBeUndefined();
  });

  if (postgresUrl()) {
    it('stops a removed role on every gateway instance at once', async () => {
      const other = await startTestGateway({ DATABASE_URL: t.database.url });
      try {
        const admin = await loginStaff(t, 'admin.ma');
        expect((await execute(other.url, AuditTrailDocument, { first: 1 }, admin.headers)).errors).toBeUndefined();
        await setRoles('S0006', ['TELLER']);
        await expect
          .poll(async () => errorCode(await execute(other.url, AuditTrailDocument, { first: 1 }, admin.headers)), { timeout: 1000, interval: 20 })
          .toBe('FORBIDDEN');
      } finally {
        await setRoles('S0006', ['ADMIN']);
        await other.close();
      }
    });
  }
});
