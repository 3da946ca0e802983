import { beforeAll, describe, expect, it } from 'vitest';
import { ServiceRequestDocument, ServiceStepTimingsDocument, ServiceTemplatesDocument, TellerThroughputDocument } from '../../generated/graphql.js';
import { SERVICE_TEMPLATES } from '../../../src/modules/services/services.catalogue.js';
import { errorCode, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { sharedGateway } from '../../support/gateway.js';
import { atCounter, crmChangesOf, selfService, serviceOrdersOf, tellerAt } from './kit.js';

beforeAll(async () => {
  await sharedGateway();
});

describe('Query.serviceTemplates', () => {
  it('lists at least twelve services a customer can start in the app, and the teller-only ones at the counter', async () => {
    const t = await sharedGateway();
    const customer = await loginCustomer(t, 'wang.fang');
    const app = await execute(t.url, ServiceTemplatesDocument, {}, customer.headers);
    expect(app.errors).toBeUndefined();
    const codes = app.data!.serviceTemplates.map((s) => s.code);
    expect(codes.length).toBeGreaterThanOrEqual(12);
    expect(codes).toContain('REPORT_LOST_CARD');
    expect(codes).not.toContain('UPDATE_ID_EXPIRY');
    const teller = await loginStaff(t, 'teller.li');
    const desk = await execute(t.url, ServiceTemplatesDocument, { channel: 'TELLER' }, teller.headers);
    expect(desk.data!.serviceTemplates.map((s) => s.code)).toContain('UPDATE_ID_EXPIRY');
    // A customer cannot list what a teller starts.
    const asked = await execute(t.url, ServiceTemplatesDocument, { channel: 'TELLER' }, customer.headers);
    expect(asked.data!.serviceTemplates).toEqual([]);
  });
});

describe('every template end to end', () => {
  const selfServed = SERVICE_TEMPLATES.filter((s) => s.identityLevel !== 'TELLER_VERIFIED_ID' && s.startChannels.includes('APP'));

  it.each(selfServed.map((s) => [s.code]))('runs %s in the app: four timed steps, executed once in the backend', async (code) => {
    const t = await sharedGateway();
    const customer = await loginCustomer(t, 'wang.fang');
    const template = SERVICE_TEMPLATES.find((s) => s.code === code)!;
    const before = template.action.backend === 'CRM' ? (await crmChangesOf(t, 'C000001')).length : (await serviceOrdersOf(t, 'C000001')).length;
    const { id, confirmed } = await selfService(t, customer.headers, code);
    expect(confirmed.errors).toBeUndefined();
    const done = confirmed.data!.confirmServiceRequest;
    expect(done.status).toBe('DONE');
    expect(done.outcomeReference).toBeTruthy();
    expect(done.steps.map((s) => s.step)).toEqual(['VERIFY_IDENTITY', 'PREFILL', 'CONFIRM', 'PROCESS']);
    expect(done.steps.every((s) => s.endedAt !== null)).toBe(true);
    const after = template.action.backend === 'CRM' ? await crmChangesOf(t, 'C000001') : await serviceOrdersOf(t, 'C000001');
    expect(after.length).toBe(before + 1);
    const read = await execute(t.url, ServiceRequestDocument, { id }, customer.headers);
    expect(read.data!.serviceRequest.status).toBe('DONE');
  });

  it.each(SERVICE_TEMPLATES.map((s) => [s.code]))('runs %s at a branch counter with a teller-checked ID', async (code) => {
    const t = await sharedGateway();
    const desk = await tellerAt(t, 'BJ-001');
    const { confirmed } = await atCounter(t, desk, 'C000001', code);
    expect(confirmed.errors).toBeUndefined();
    const done = confirmed.data!.confirmServiceRequest;
    expect(done).toMatchObject({ status: 'DONE', verifiedBy: 'TELLER', branchId: 'BJ-001', startedOn: 'BRANCH_TERMINAL' });
    expect(done.steps.every((s) => s.channel === 'BRANCH_TERMINAL' && s.branchId === 'BJ-001')).toBe(true);
  });

  it('refuses to finish a teller-verified template from the app: it needs the branch', async () => {
    const t = await sharedGateway();
    const customer = await loginCustomer(t, 'wang.fang');
    const { confirmed } = await selfService(t, customer.headers, 'CLOSE_ACCOUNT');
    expect(errorCode(confirmed)).toBe('BRANCH_VERIFICATION_REQUIRED');
  });
});

describe('Query.serviceStepTimings', () => {
  it('gives p50/p90 per step and overall against the target, and teller throughput, to operations only', async () => {
    const t = await sharedGateway();
    const desk = await tellerAt(t, 'SH-002');
    const from = new Date(Date.now() - 60_000).toISOString();
    for (let i = 0; i < 2; i++) expect((await atCounter(t, desk, 'C000001', 'REPORT_LOST_CARD')).confirmed.errors).toBeUndefined();
    const to = new Date(Date.now() + 60_000).toISOString();
    const ops = await loginStaff(t, 'ops.huang');
    const timings = await execute(t.url, ServiceStepTimingsDocument, { templateCode: 'REPORT_LOST_CARD', from, to }, ops.headers);
    expect(timings.errors).toBeUndefined();
    const report = timings.data!.serviceStepTimings;
    expect(report.targetSeconds).toBe(180);
    expect(report.steps.map((s) => s.step)).toEqual(['VERIFY_IDENTITY', 'PREFILL', 'CONFIRM', 'PROCESS']);
    expect(report.overall.count).toBeGreaterThanOrEqual(2);
    expect(report.p90WithinTarget).toBe(true);
    const throughput = await execute(t.url, TellerThroughputDocument, { from, to, branchId: 'SH-002' }, ops.headers);
    expect(throughput.data!.tellerThroughput).toEqual([expect.objectContaining({ tellerId: 'S0001', branchId: 'SH-002', done: 2 })]);
    const teller = await loginStaff(t, 'teller.li');
    expect(errorCode(await execute(t.url, ServiceStepTimingsDocument, { templateCode: 'REPORT_LOST_CARD', from, to }, teller.headers))).toBe('FORBIDDEN');
  });
});
