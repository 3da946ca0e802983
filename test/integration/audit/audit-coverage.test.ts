/**
 * The sensitive actions of the other modules land in the audit trail, and the chain holds.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuditTrailDocument,
  GrantPartnerConsentDocument,
  LoginDocument,
  SubmitTransferDocument,
  VerifyAuditChainDocument,
} from '../../generated/graphql.js';
import { loginCustomer, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;

beforeAll(async () => {
  // A gateway of its own: the test reads the whole trail (first 200) and the chain's full length.
  t = await startTestGateway({ BACKEND_TIMEOUT_MS: '3000' });
});
afterAll(() => t?.close());

describe('audit trail coverage', () => {
  it('records logins and their failures, consent changes and transfer decisions, and the chain verifies', async () => {
    const admin = (await loginStaff(t, 'admin.ma')).headers;
    const wang = (await loginCustomer(t, 'wang.fang')).headers;
    await execute(t.url, LoginDocument, { input: { username: 'wang.fang', password: 'wrong', channel: 'WEB', deviceId: 'audit-device-01' } });
    await execute(t.url, GrantPartnerConsentDocument, { partnerId: 'partner-travel', scopes: ['profile:read'] }, wang);
    const transfer = await execute(
      t.url,
      SubmitTransferDocument,
      { input: { fromAccountId: 'C000001-A01', payeeAccountNumber: '6222020000000000666', payeeName: 'Mule', amount: '200.00', currency: 'CNY' }, idempotencyKey: `a-${randomUUID()}` },
      wang,
    );
    expect(transfer.data?.submitTransfer.status).toBe('BLOCKED');

    const trail = await execute(t.url, AuditTrailDocument, { first: 200 }, admin);
    const actions = trail.data!.auditTrail.edges.map((e) => [e.node.actor, e.node.action]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['staff:S0006', 'LOGIN_SUCCEEDED'],
        ['customer:C000001', 'LOGIN_SUCCEEDED'],
        ['anonymous', 'LOGIN_FAILED'],
        ['customer:C000001', 'CONSENT_GRANTED'],
        ['customer:C000001', 'TRANSFER_BLOCK'],
      ]),
    );
    // Passwords never reach the trail.
    expect(JSON.stringify(trail.data)).not.toContain('wrong');
    const report = await execute(t.url, VerifyAuditChainDocument, undefined, admin);
    expect(report.data?.verifyAuditChain).toMatchObject({ ok: true, brokenAtSeq: null });
    expect(report.data?.verifyAuditChain.checked).toBe(trail.data!.auditTrail.edges.length);
  });
});
