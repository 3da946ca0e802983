/**
 * The daily operations report beyond the live figures: reconciliation with core banking's postings
 * (a mismatch made on purpose on each side), stored reports (regeneration idempotent by checksum),
 * and the CSV download with its staff-only access.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GenerateOperationsReportDocument, OperationsDailyReportDocument, SubmitTransferDocument } from '../../generated/graphql.js';
import { errorCode, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';
import { localId } from '../../support/ids.js';
import { seedAlert } from '../alerts/alerts-kit.js';

let t: TestGateway;
let ops: Record<string, string>;
let admin: Record<string, string>;

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
/** A random finished day long ago, so runs sharing a database never meet. */
const pastDay = () => `20${10 + Math.floor(Math.random() * 10)}-0${1 + Math.floor(Math.random() * 9)}-${String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')}`;
/** Noon of a local day in Asia/Shanghai (UTC+8, no daylight saving). */
const noonOf = (date: string) => new Date(`${date}T04:00:00.000Z`);

beforeAll(async () => {
  t = await sharedGateway();
  ops = (await loginStaff(t, 'ops.huang')).headers;
  admin = (await loginStaff(t, 'admin.ma')).headers;
});
afterEach(() => t.heal());

const report = async (date: string, headers = ops) => {
  const response = await execute(t.url, OperationsDailyReportDocument, { date }, headers);
  expect(response.errors).toBeUndefined();
  return response.data!.operationsDailyReport;
};

async function postedTransfer(): Promise<string> {
  const wang = (await loginCustomer(t, 'wang.fang')).headers;
  const response = await execute(
    t.url,
    SubmitTransferDocument,
    { input: { fromAccountId: 'C000001-A01', payeeAccountNumber: '6222021234567890123', payeeName: 'Zhang San', amount: '100.00', currency: 'CNY' }, idempotencyKey: `rc-${randomUUID()}` },
    wang,
  );
  expect(response.data?.submitTransfer.status).toBe('POSTED');
  return localId(response.data!.submitTransfer.id);
}

describe('operationsDailyReport.reconciliation', () => {
  it('matches a posted transfer with core banking, then lists an amount changed in the gateway, a posting only core banking has and a transfer only the gateway has', async () => {
    const before = await report(today());
    const id = await postedTransfer();
    const reference = `transfer:${id}`;
    const matched = await report(today());
    expect(matched.generatedAt).toBeNull();
    expect(matched.reconciliation.matched).toBe(before.reconciliation.matched + 1);
    const listed = (r: typeof matched) => [...r.reconciliation.gatewayOnly, ...r.reconciliation.coreOnly, ...r.reconciliation.amountMismatches].map((i) => i.reference);
    expect(listed(matched)).not.toContain(reference);

    const db = t.gateway.database.db;
    await db.execute(sql`update transfers set amount = '100.01' where id = ${id}`);
    const coreOnlyRef = `transfer:${randomUUID()}`;
    const injected = await fetch(`${t.backends.coreBanking}/__admin/postings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reference: coreOnlyRef, fromAccountId: 'C000001-A01', amount: { amount: '42.00', currency: 'CNY' } }),
    });
    expect(injected.status).toBe(201);
    const ghost = randomUUID();
    await db.execute(sql`insert into transfers (id, customer_id, from_account_id, payee_account_number, payee_name, amount, currency, channel, status, decision, score, signals, seq, idempotency_key, request_hash, created_at, updated_at)
      select ${ghost}, customer_id, from_account_id, payee_account_number, payee_name, '7.50', currency, channel, 'POSTED', decision, score, signals, seq, ${`ghost-${ghost}`}, request_hash, now(), now() from transfers where id = ${id}`);

    const after = await report(today());
    const r = after.reconciliation;
    expect(r.status).toBe('MISMATCHED');
    expect(r.matched).toBe(before.reconciliation.matched);
    expect(r.amountMismatches).toContainEqual({
      reference,
      coreTransferId: expect.any(String),
      gatewayAmount: { amount: '100.01', currency: 'CNY' },
      coreAmount: { amount: '100.00', currency: 'CNY' },
    });
    expect(r.coreOnly).toContainEqual({ reference: coreOnlyRef, coreTransferId: expect.any(String), gatewayAmount: null, coreAmount: { amount: '42.00', currency: 'CNY' } });
    expect(r.gatewayOnly).toContainEqual({ reference: `transfer:${ghost}`, coreTransferId: null, gatewayAmount: { amount: '7.50', currency: 'CNY' }, coreAmount: null });
    expect(after.exceptions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ subject: reference, status: 'AMOUNT_MISMATCH' }),
        expect.objectContaining({ subject: coreOnlyRef, status: 'CORE_ONLY' }),
        expect.objectContaining({ subject: `transfer:${ghost}`, status: 'GATEWAY_ONLY' }),
      ]),
    );
    // Put the gateway's rows back for the files after this one.
    await db.execute(sql`update transfers set amount = '100.00' where id = ${id}`);
    await db.execute(sql`update transfers set status = 'FAILED' where id = ${ghost}`);
  });

  it('says UNAVAILABLE with the reason (and an exception) when core banking is down, never "no mismatch"', async () => {
    await t.fault('coreBanking', { mode: 'down', routes: ['GET /postings'] });
    const r = await report(today());
    expect(r.reconciliation).toMatchObject({ status: 'UNAVAILABLE', matched: 0, gatewayOnly: [], coreOnly: [], amountMismatches: [] });
    expect(r.reconciliation.reason).toMatch(/^core banking: UPSTREAM_/);
    expect(r.exceptions).toContainEqual(expect.objectContaining({ subject: 'reconciliation', status: 'UNAVAILABLE' }));
  });
});

describe('Mutation.generateOperationsReport', () => {
  it('stores a finished day once: the same content is UNCHANGED (same generatedAt), changed content UPDATED; the query then serves the stored report', async () => {
    const day = pastDay();
    const generate = async () => {
      const response = await execute(t.url, GenerateOperationsReportDocument, { date: day }, admin);
      expect(response.errors).toBeUndefined();
      return response.data!.generateOperationsReport;
    };
    const first = await generate();
    expect(first.outcome).toBe('CREATED');
    expect(first.report).toMatchObject({ date: day, generatedBy: expect.stringMatching(/^staff:/), checksum: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(first.report.generatedAt).not.toBeNull();

    const again = await generate();
    expect(again.outcome).toBe('UNCHANGED');
    expect(again.report.generatedAt).toBe(first.report.generatedAt);
    expect(again.report.checksum).toBe(first.report.checksum);

    // A late record of that day changes its content.
    const alertId = await seedAlert(t, {}, noonOf(day));
    const changed = await generate();
    expect(changed.outcome).toBe('UPDATED');
    expect(changed.report.checksum).not.toBe(first.report.checksum);
    expect(new Date(changed.report.generatedAt!).getTime()).toBeGreaterThan(new Date(first.report.generatedAt!).getTime());
    expect(changed.report.exceptions).toContainEqual({ subject: `alert:${alertId}`, status: 'OPEN', why: 'a risk officer acknowledges' });

    const served = await report(day);
    expect(served).toEqual(changed.report);
    const rows = await t.gateway.database.db.execute(sql`select count(*)::int as n from daily_reports where date = ${day}`);
    expect((rows as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
  });

  it('refuses today, a malformed day (BAD_USER_INPUT) and a teller (FORBIDDEN), storing nothing', async () => {
    for (const date of [today(), '2026-13-01', 'yesterday']) {
      const response = await execute(t.url, GenerateOperationsReportDocument, { date }, ops);
      expect(errorCode(response)).toBe('BAD_USER_INPUT');
    }
    const teller = (await loginStaff(t, 'teller.li')).headers;
    const day = pastDay();
    expect(errorCode(await execute(t.url, GenerateOperationsReportDocument, { date: day }, teller))).toBe('FORBIDDEN');
    const rows = await t.gateway.database.db.execute(sql`select count(*)::int as n from daily_reports where date in (${today()}, ${day})`);
    expect((rows as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
  });
});

describe('GET /reports/operations/<date>.csv', () => {
  const csvUrl = (date: string) => t.url.replace(/\/graphql$/, `/reports/operations/${date}.csv`);

  it('serves the day as CSV sections to an operations analyst, from the stored report when there is one', async () => {
    const day = pastDay();
    const alertId = await seedAlert(t, { kind: 'TRANSFER_HELD' }, noonOf(day));
    await execute(t.url, GenerateOperationsReportDocument, { date: day }, ops);
    const response = await fetch(csvUrl(day), { headers: { authorization: ops.authorization! } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="operations-${day}.csv"`);
    const text = await response.text();
    const lines = text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('section,key,value,detail,extra');
    expect(lines).toContain(`report,date,${day}`);
    expect(lines).toContain('report,source,STORED');
    expect(lines).toContain('reconciliation,status,RECONCILED,');
    expect(lines).toContain('alerts_by_kind,TRANSFER_HELD,1');
    expect(lines).toContain(`exception,alert:${alertId},OPEN,a risk officer acknowledges`);
  });

  it('computes today live for an administrator', async () => {
    const response = await fetch(csvUrl(today()), { headers: { authorization: admin.authorization! } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('report,source,LIVE');
  });

  it('answers 401 without a token, 403 to a teller and a customer, 400 for a malformed or future date', async () => {
    const anonymous = await fetch(csvUrl(today()));
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect((await fetch(csvUrl(today()), { headers: { authorization: 'Bearer not-a-token' } })).status).toBe(401);
    for (const headers of [(await loginStaff(t, 'teller.li')).headers, (await loginCustomer(t, 'wang.fang')).headers]) {
      const refused = await fetch(csvUrl(today()), { headers: { authorization: headers.authorization! } });
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('FORBIDDEN');
    }
    for (const date of ['2026-02-30', 'not-a-date', '2999-01-01', '%E0%A4%A']) {
      const bad = await fetch(csvUrl(date), { headers: { authorization: ops.authorization! } });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});
