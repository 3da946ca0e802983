import { asc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditTrailDocument, VerifyAuditChainDocument } from '../../generated/graphql.js';
import { auditEntries } from '../../../src/modules/audit/audit.tables.js';
import { verifyChain } from '../../../src/modules/audit/audit.rules.js';
import { errorCode, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;
const sessions: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  // A gateway of its own: these tests count every audit entry and break the chain on purpose.
  t = await startTestGateway();
  sessions.admin = (await loginStaff(t, 'admin.ma')).headers;
  sessions.risk = (await loginStaff(t, 'risk.zhang')).headers;
  sessions.teller = (await loginStaff(t, 'teller.li')).headers;
  sessions.customer = (await loginCustomer(t, 'wang.fang')).headers;
});
afterAll(() => t?.close());

/** Every stored entry, oldest first, straight from the table. */
async function storedEntries() {
  return t.gateway.database.db.select().from(auditEntries).orderBy(asc(auditEntries.seq));
}

describe('AuditService.record', () => {
  it('numbers entries 1..n without holes and links them, even when 50 are recorded at once', async () => {
    const audit = t.gateway.services.audit;
    await audit.record({ actor: 'anonymous', action: 'LOGIN_FAILED', detail: { username: 'nobody', reason: 'UNKNOWN_USER' } });
    await audit.record({ actor: 'customer:C000001', action: 'CONSENT_GRANTED', subject: 'partner:P01', detail: { scopes: ['profile:read'] } });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        audit.record({ actor: 'staff:S0002', action: 'LOAN_DECIDED', subject: `loan:${i}`, detail: { decision: 'APPROVED', at: new Date(0), i } }),
      ),
    );
    const entries = await storedEntries();
    expect(entries.length).toBeGreaterThanOrEqual(52);
    expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
    expect(verifyChain(entries)).toEqual({ ok: true, checked: entries.length });
  });

  it('commits with the caller transaction and leaves no hole when it rolls back', async () => {
    const { db } = t.gateway.database;
    const before = (await storedEntries()).length;
    await expect(
      db.transaction(async (tx) => {
        await t.gateway.services.audit.record({ actor: 'staff:S0006', action: 'ROLLED_BACK' }, tx);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const kept = await db.transaction((tx) => t.gateway.services.audit.record({ actor: 'staff:S0006', action: 'COMMITTED' }, tx));
    const entries = await storedEntries();
    expect(entries.map((e) => e.action)).not.toContain('ROLLED_BACK');
    expect(kept.seq).toBe(before + 1);
    expect(verifyChain(entries).ok).toBe(true);
  });
});

describe('Query.auditTrail', () => {
  it('pages through every entry oldest first by seq', async () => {
    const total = (await storedEntries()).length;
    const seen: number[] = [];
    let afterSeq: number | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const { data, errors } = await execute(t.url, AuditTrailDocument, { first: 7, afterSeq }, sessions.admin);
      expect(errors).toBeUndefined();
      const { edges, pageInfo } = data!.auditTrail;
      seen.push(...edges.map((edge) => edge.node.seq));
      expect(edges.every((edge) => edge.cursor === String(edge.node.seq))).toBe(true);
      if (!pageInfo.hasNextPage) break;
      expect(edges).toHaveLength(7);
      afterSeq = Number(pageInfo.endCursor);
    }
    expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  it('filters by exact actor and action and returns detail as canonical JSON', async () => {
    const { data, errors } = await execute(t.url, AuditTrailDocument, { first: 200, action: 'CONSENT_GRANTED', actor: 'customer:C000001' }, sessions.admin);
    expect(errors).toBeUndefined();
    const nodes = data!.auditTrail.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(1);
    expect(nodes[0]).toMatchObject({ subject: 'partner:P01', detail: '{"scopes":["profile:read"]}' });
    expect(data!.auditTrail.pageInfo).toEqual({ hasNextPage: false, endCursor: String(nodes[0]!.seq) });
  });

  it('refuses a page size outside 1..200', async () => {
    const response = await execute(t.url, AuditTrailDocument, { first: 0 }, sessions.admin);
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
  });
});

describe('Query.verifyAuditChain', () => {
  it('reports an intact chain with every entry checked', async () => {
    const total = (await storedEntries()).length;
    const { data, errors } = await execute(t.url, VerifyAuditChainDocument, undefined, sessions.admin);
    expect(errors).toBeUndefined();
    expect(data!.verifyAuditChain).toEqual({ ok: true, checked: total, brokenAtSeq: null, reason: null });
  });

  it('finds a row edited directly in the database', async () => {
    await t.gateway.database.db.execute(sql`update audit_entries set detail = '{"decision":"DECLINED"}'::jsonb where seq = 7`);
    const { data, errors } = await execute(t.url, VerifyAuditChainDocument, undefined, sessions.admin);
    expect(errors).toBeUndefined();
    expect(data!.verifyAuditChain).toEqual({ ok: false, checked: 0, brokenAtSeq: 7, reason: 'HASH_MISMATCH' });
  });
});

describe('audit trail access', () => {
  it.each(['customer', 'teller', 'risk'])('refuses a %s both fields with FORBIDDEN', async (who) => {
    const trail = await execute(t.url, AuditTrailDocument, {}, sessions[who]);
    const verify = await execute(t.url, VerifyAuditChainDocument, undefined, sessions[who]);
    expect([errorCode(trail), errorCode(verify)]).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect([trail.data, verify.data]).toEqual([null, null]);
  });

  it('refuses an anonymous caller both fields with UNAUTHENTICATED', async () => {
    const trail = await execute(t.url, AuditTrailDocument, {});
    const verify = await execute(t.url, VerifyAuditChainDocument);
    expect([errorCode(trail), errorCode(verify)]).toEqual(['UNAUTHENTICATED', 'UNAUTHENTICATED']);
  });
});
