/**
 * Every backend answer is classified once, and a request spends at most its budget, over the wire:
 * real HTTP to /graphql, real mock backends answering 429 / 4xx / slowly.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApplyForLoanDocument,
  LoginDocument,
  MyViewDocument,
  RequestLoginOtpDocument,
  StaffCustomerViewDocument,
  WithdrawLoanApplicationDocument,
} from '../generated/graphql.js';
import { eq } from 'drizzle-orm';
import { creditReportCache } from '../../src/modules/customers/customers.tables.js';
import type { BackendName } from '../../src/platform/config.js';
import { DEMO_PASSWORD } from '../../src/modules/auth/auth.seed.js';
import { loginCustomer, loginStaff, newDeviceId } from '../support/auth.js';
import { execute, take, wsClient, type GraphQLResponse } from '../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../support/gateway.js';

let t: TestGateway;
let customer: Record<string, string>;
let staff: Record<string, string>;

beforeAll(async () => {
  t = await sharedGateway();
  customer = (await loginCustomer(t, 'wang.fang')).headers;
  staff = (await loginStaff(t, 'risk.zhang')).headers;
});

/**
 * One operation per backend, and the path of the field that backend feeds. The business registry
 * feeds no field: the annual inspection reports its outages in its results
 * (test/integration/health/annual-inspection.test.ts).
 */
const probes: Record<Exclude<BackendName, 'businessRegistry'>, () => Promise<{ response: GraphQLResponse<unknown>; path: string[] }>> = {
  crm: async () => ({ response: await execute(t.url, MyViewDocument, undefined, customer), path: ['me', 'profile'] }),
  coreBanking: async () => ({ response: await execute(t.url, MyViewDocument, undefined, customer), path: ['me', 'accounts'] }),
  creditBureau: async () => {
    // A report bought earlier is reused while fresh: drop it so that the bureau is asked.
    await t.gateway.database.db.delete(creditReportCache).where(eq(creditReportCache.customerId, 'C000001'));
    return {
      response: await execute(t.url, StaffCustomerViewDocument, { id: 'C000001' }, staff),
      path: ['customer', 'creditProfile'],
    };
  },
  risk: async () => ({
    response: await execute(t.url, StaffCustomerViewDocument, { id: 'C000001' }, staff),
    path: ['customer', 'riskProfile'],
  }),
  identity: async () => {
    const login = await execute(t.url, LoginDocument, {
      input: { username: 'zhao.lei', password: DEMO_PASSWORD, channel: 'APP', deviceId: newDeviceId() },
    });
    const challenge = login.data?.login.__typename === 'OtpRequired' ? login.data.login.challenge.challengeId : undefined;
    expect(challenge).toBeDefined();
    return { response: await execute(t.url, RequestLoginOtpDocument, { challengeId: challenge! }), path: ['requestLoginOtp'] };
  },
};

const backends = Object.keys(probes) as (keyof typeof probes)[];

function errorAt(response: GraphQLResponse<unknown>, path: string[]) {
  return response.errors?.find((e) => JSON.stringify(e.path) === JSON.stringify(path));
}

describe('a backend that throttles (429 with Retry-After)', () => {
  it.each(backends)('%s: the field is null with UPSTREAM_THROTTLED, the backend and when to retry', async (backend) => {
    await t.fault(backend, { mode: 'error', errorStatus: 429, retryAfterSeconds: 60 });
    const { response, path } = await probes[backend]();
    expect(errorAt(response, path)?.extensions).toMatchObject({ code: 'UPSTREAM_THROTTLED', backend, retryAfterSeconds: 60 });
  });

  it('is asked again after Retry-After while the request has budget left, and the field is answered', async () => {
    await t.fault('crm', { mode: 'error', errorStatus: 429, retryAfterSeconds: 1 });
    setTimeout(() => void t.heal(), 300);
    const started = performance.now();
    const { data, errors } = await execute(t.url, MyViewDocument, undefined, customer);
    expect(errors).toBeUndefined();
    expect(data?.me.profile?.fullName).toEqual(expect.any(String));
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
  });
});

describe('a backend that refuses a request it should not (an unexpected 4xx)', () => {
  it.each(backends)('%s: the field is null with UPSTREAM_INVALID and the backend', async (backend) => {
    await t.fault(backend, { mode: 'error', errorStatus: 400 });
    const { response, path } = await probes[backend]();
    expect(errorAt(response, path)?.extensions).toMatchObject({ code: 'UPSTREAM_INVALID', backend });
    expect(response.errors?.map((e) => e.extensions?.code)).not.toContain('INTERNAL_SERVER_ERROR');
  });
});

describe('a loan decision whose inputs are throttled or refused', () => {
  it.each([
    ['429', { mode: 'error', errorStatus: 429, retryAfterSeconds: 60 }],
    ['422', { mode: 'error', errorStatus: 422 }],
  ] as const)('goes to a reviewer when risk answers %s, never stays CHECKING', async (_status, fault) => {
    await t.fault('risk', fault);
    const { data, errors } = await execute(
      t.url,
      ApplyForLoanDocument,
      {
        input: { productCode: 'PERSONAL_CONSUMER', amount: '30000.00', currency: 'CNY', termMonths: 24, purpose: 'Home renovation' },
        idempotencyKey: `key-${randomUUID()}`,
      },
      customer,
    );
    expect(errors).toBeUndefined();
    expect(data?.applyForLoan.status).toBe('MANUAL_REVIEW');
    await execute(t.url, WithdrawLoanApplicationDocument, { id: data!.applyForLoan.id, reason: 'test clean-up' }, customer);
  });
});

describe('one budget per request', () => {
  it('answers within the query budget (2.5 s) + 10% when a backend takes 5 s; its fields are null with UPSTREAM_TIMEOUT', async () => {
    await t.fault('crm', { delayMs: 5000 });
    const started = performance.now();
    const { data, errors } = await execute(t.url, MyViewDocument, undefined, customer);
    const took = performance.now() - started;
    expect(took).toBeLessThan(2750);
    expect(took).toBeGreaterThan(2000);
    expect(data?.me.profile).toBeNull();
    expect(data?.me.accounts?.length).toBeGreaterThan(0);
    expect(errors?.find((e) => e.path?.join('.') === 'me.profile')?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', backend: 'crm' });
  });

  it('holds over a WebSocket too: a query there answers within the budget + 10%', async () => {
    await t.fault('crm', { delayMs: 5000 });
    const client = wsClient(t.wsUrl, { authorization: customer.authorization });
    try {
      const started = performance.now();
      const [result] = await take(client, MyViewDocument, 1);
      expect(performance.now() - started).toBeLessThan(2750);
      expect(result?.data?.me.profile).toBeNull();
      expect(result?.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_TIMEOUT', backend: 'crm' });
    } finally {
      await client.dispose();
    }
  });
});
