/**
 * The corporate annual inspection: the CRM's registration data against the business registry (the
 * sixth mock backend, where Huaxin deliberately differs), on demand by an administrator and on the
 * schedule — each due company once with two instances on one PostgreSQL database — and in the
 * daily operations report. A registry outage is reported as such, never as "no mismatch".
 */
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OperationsDailyReportDocument, RunAnnualInspectionDocument } from '../../generated/graphql.js';
import { corporateInspections } from '../../../src/modules/health/inspection.tables.js';
import { errorCode, loginStaff } from '../../support/auth.js';
import { postgresUrl } from '../../support/database.js';
import { execute } from '../../support/graphql-client.js';
import { sharedGateway, startTestGateway, type TestGateway } from '../../support/gateway.js';

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

describe('Mutation.runAnnualInspection', () => {
  let t: TestGateway;
  let admin: Record<string, string>;
  let ops: Record<string, string>;
  beforeAll(async () => {
    t = await sharedGateway();
    admin = (await loginStaff(t, 'admin.ma')).headers;
    ops = (await loginStaff(t, 'ops.huang')).headers;
  });
  afterEach(() => t.heal());

  const run = async () => {
    const response = await execute(t.url, RunAnnualInspectionDocument, {}, admin);
    expect(response.errors).toBeUndefined();
    return response.data!.runAnnualInspection;
  };
  const report = async () => (await execute(t.url, OperationsDailyReportDocument, { date: today() }, ops)).data!.operationsDailyReport;

  it('lists Huaxin’s differences from the registry, finds Jiangnan matching, and puts the run in today’s report', async () => {
    const result = await run();
    expect(result.reason).toBeNull();
    const byId = new Map(result.companies.map((c) => [c.companyId, c]));
    expect([...byId.keys()].sort()).toEqual(['CO000001', 'CO000002']);
    expect(byId.get('CO000002')).toMatchObject({ outcome: 'MATCHED', mismatches: [], note: null, runBy: expect.stringMatching(/^staff:/) });
    expect(byId.get('CO000001')!.outcome).toBe('MISMATCHED');
    expect(byId.get('CO000001')!.mismatches).toEqual([
      { field: 'legalRepresentative', bank: '', registry: 'Gao Jun' },
      {
        field: 'registeredAddress',
        bank: 'No. 1500 Zhangjiang Road, Building 3, Shanghai, Shanghai, 201203',
        registry: 'No. 2000 Zhangjiang Road, Building 5, Shanghai, Shanghai, 201203',
      },
    ]);
    const stored = await t.gateway.database.db.select().from(corporateInspections).where(eq(corporateInspections.inspectedAt, new Date(result.inspectedAt)));
    expect(stored.map((r) => `${r.companyId} ${r.outcome}`).sort()).toEqual(['CO000001 MISMATCHED', 'CO000002 MATCHED']);

    const day = await report();
    expect(day.inspections.filter((i) => i.inspectedAt === result.inspectedAt).map((i) => i.companyId).sort()).toEqual(['CO000001', 'CO000002']);
    expect(day.exceptions).toContainEqual(expect.objectContaining({ subject: 'company:CO000001', status: 'REGISTRATION_MISMATCH' }));
    expect(day.exceptions.some((e) => e.subject === 'company:CO000002')).toBe(false);

    // The CSV download lists each difference on its own row (quotes doubled inside quoted cells).
    const csv = await (await fetch(t.url.replace(/\/graphql$/, `/reports/operations/${today()}.csv`), { headers: { authorization: ops.authorization! } })).text();
    expect(csv.split('\r\n')).toContain(`inspection,CO000001,MISMATCHED,"legalRepresentative: bank """"","registry ""Gao Jun"""`);
  });

  it('says UNAVAILABLE with the reason for every company when the registry is down, and the report says so too', async () => {
    await t.fault('businessRegistry', { mode: 'down' });
    const result = await run();
    expect(result.companies.map((c) => c.outcome)).toEqual(['UNAVAILABLE', 'UNAVAILABLE']);
    expect(result.companies.every((c) => c.mismatches.length === 0 && /^business registry: UPSTREAM_/.test(c.note ?? ''))).toBe(true);
    const day = await report();
    for (const id of ['CO000001', 'CO000002']) {
      expect(day.exceptions).toContainEqual(expect.objectContaining({ subject: `company:${id}`, status: 'INSPECTION_UNAVAILABLE' }));
    }
  });

  it('is for administrators only', async () => {
    for (const who of ['ops.huang', 'teller.li'] as const) {
      const headers = (await loginStaff(t, who)).headers;
      expect(errorCode(await execute(t.url, RunAnnualInspectionDocument, {}, headers))).toBe('FORBIDDEN');
    }
  });
});

describe('the scheduled annual inspection', () => {
  const ENV = { REPORT_SCHEDULE_INTERVAL_MS: '0', BACKEND_TIMEOUT_MS: '3000', BREAKER_THRESHOLD: '1000' };
  let a: TestGateway;
  let b: TestGateway | undefined;
  beforeAll(async () => {
    a = await startTestGateway(ENV);
    if (postgresUrl()) b = await startTestGateway({ ...ENV, DATABASE_URL: a.database.url });
  });
  afterEach(() => a.heal());
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const race = async () => {
    const gateways = [a, ...(b ? [b] : [])];
    await Promise.all(gateways.flatMap((g) => [g.gateway.services.inspection.runDue(), g.gateway.services.inspection.runDue(), g.gateway.reportSchedule.runOnce()]));
  };
  const rows = () => a.gateway.database.db.select().from(corporateInspections);

  it('keeps a company due while the registry is down, then inspects each due company once, and not again within the year', async () => {
    await a.fault('businessRegistry', { mode: 'down' });
    await race();
    const down = await rows();
    expect(down.length).toBeGreaterThan(0);
    expect(down.every((r) => r.outcome === 'UNAVAILABLE' && r.runBy === 'scheduler')).toBe(true);

    await a.heal();
    await race();
    const done = (await rows()).filter((r) => r.outcome !== 'UNAVAILABLE');
    expect(done.map((r) => `${r.companyId} ${r.outcome}`).sort()).toEqual(['CO000001 MISMATCHED', 'CO000002 MATCHED']);

    await race();
    expect((await rows()).filter((r) => r.outcome !== 'UNAVAILABLE')).toHaveLength(2);
  });
});
