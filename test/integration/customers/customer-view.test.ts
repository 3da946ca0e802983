import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthorizeCreditBureauCheckDocument,
  GrantPartnerConsentDocument,
  MyAccountDocument,
  MyAccountsDocument,
  MyProfileDocument,
  MyRiskDocument,
  MyTransactionsDocument,
  MyViewDocument,
  PartnerAccessTokenDocument,
  RevokeCreditBureauCheckDocument,
  StaffCustomerViewDocument,
} from '../../generated/graphql.js';
import { DEMO_PARTNERS } from '../../../src/modules/auth/auth.seed.js';
import { loginCustomer, loginStaff } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { MyAccountsDocument as PartnerMyAccountsDocument, MyProfileDocument as PartnerMyProfileDocument } from '@bank/channel-gateway-client/partner';
import { localId } from '../../support/ids.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;
const sessions: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  t = await startTestGateway({ BREAKER_THRESHOLD: '1000' });
  for (const username of ['wang.fang', 'zhou.min', 'sun.mei', 'chen.jie', 'liu.yang']) {
    sessions[username] = (await loginCustomer(t, username)).headers;
  }
});
afterAll(() => t?.close());
afterEach(() => t.heal());

/** What a backend itself says, straight from the mock over HTTP. */
async function backend<T>(name: keyof TestGateway['backends'], path: string, body: unknown): Promise<T> {
  const response = await fetch(`${t.backends[name]}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return ((await response.json()) as { results: T[] }).results[0] as T;
}

async function stats(name: keyof TestGateway['backends']): Promise<{ total: number; byRoute: Record<string, number> }> {
  return (await fetch(`${t.backends[name]}/__admin/stats`)).json() as never;
}
async function resetStats(): Promise<void> {
  await Promise.all(Object.values(t.backends).map((url) => fetch(`${url}/__admin/stats`, { method: 'DELETE' })));
}

describe('Query.me', () => {
  it.each(['wang.fang', 'zhou.min', 'sun.mei', 'chen.jie', 'liu.yang'])(
    'returns the full view of %s, matching CRM, core banking and the bureau',
    async (username) => {
      const { data, errors } = await execute(t.url, MyViewDocument, undefined, sessions[username]);
      expect(errors).toBeUndefined();
      const me = data!.me;
      const crm = await backend<{ fullName: string; phone: string; idNumber: string; segment: string }>('crm', '/customers:batch', { customerIds: [me.customerNumber] });
      const accounts = await backend<{ accountId: string; balance: unknown; accountNumber: string }[]>('coreBanking', '/customers/accounts:batch', { customerIds: [me.customerNumber] });
      const report = await backend<{ score: number | null; thinFile: boolean }>('creditBureau', '/reports:batch', { customerIds: [me.customerNumber] });
      expect(me.profile).toMatchObject({ fullName: crm.fullName, phone: crm.phone, idNumber: crm.idNumber, segment: crm.segment, masked: false });
      expect(me.accounts?.map((a) => localId(a.id))).toEqual(accounts.map((a) => a.accountId));
      expect(me.accounts?.map((a) => a.balance)).toEqual(accounts.map((a) => a.balance));
      expect(me.accounts?.map((a) => a.accountNumber)).toEqual(accounts.map((a) => a.accountNumber));
      for (const account of me.accounts ?? []) expect(account.balance.amount).toMatch(/^-?\d+\.\d{2}$/);
      expect(me.creditProfile).toMatchObject({ score: report.score, thinFile: report.thinFile });
    },
  );

  it('shows Sun Mei a thin file with no score, and Zhou Min twenty accounts', async () => {
    const sun = await execute(t.url, MyViewDocument, undefined, sessions['sun.mei']);
    expect(sun.data?.me.creditProfile).toMatchObject({ thinFile: true, score: null });
    const zhou = await execute(t.url, MyAccountsDocument, undefined, sessions['zhou.min']);
    expect(zhou.data?.me.accounts).toHaveLength(20);
  });

  it('makes one call per backend resource, however many accounts (no N+1)', async () => {
    await resetStats();
    const { errors } = await execute(t.url, MyViewDocument, undefined, sessions['zhou.min']);
    expect(errors).toBeUndefined();
    expect((await stats('coreBanking')).byRoute).toEqual({ 'POST /customers/accounts:batch': 1 });
    expect((await stats('crm')).byRoute).toEqual({ 'POST /customers:batch': 1, 'POST /relationship-managers:batch': 1 });
  });

  it('buys a bureau report once and reuses it while fresh', async () => {
    await execute(t.url, MyViewDocument, undefined, sessions['liu.yang']);
    await resetStats();
    const second = await execute(t.url, MyViewDocument, undefined, sessions['liu.yang']);
    expect(second.data?.me.creditProfile?.score).toEqual(expect.any(Number));
    expect((await stats('creditBureau')).total).toBe(0);
  });

  it('refuses the credit profile once the customer withdraws the bureau authorization', async () => {
    const headers = sessions['chen.jie'];
    await execute(t.url, RevokeCreditBureauCheckDocument, undefined, headers);
    const refused = await execute(t.url, MyViewDocument, undefined, headers);
    expect(refused.data?.me.creditProfile).toBeNull();
    expect(refused.data?.me.profile).not.toBeNull();
    expect(refused.errors?.[0]).toMatchObject({ path: ['me', 'creditProfile'], extensions: { code: 'BUREAU_AUTHORIZATION_REQUIRED' } });
    await execute(t.url, AuthorizeCreditBureauCheckDocument, undefined, headers);
    expect((await execute(t.url, MyViewDocument, undefined, headers)).data?.me.creditProfile).not.toBeNull();
  });

  it('never shows a customer their risk internals', async () => {
    const response = await execute(t.url, MyRiskDocument, undefined, sessions['wang.fang']);
    expect(response.data?.me.riskProfile).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it.each([
    ['crm', { mode: 'down' }, 'UPSTREAM_UNAVAILABLE', 'profile'],
    ['coreBanking', { mode: 'timeout' }, 'UPSTREAM_TIMEOUT', 'accounts'],
    ['coreBanking', { mode: 'malformed' }, 'UPSTREAM_INVALID', 'accounts'],
    ['crm', { mode: 'error', errorStatus: 502 }, 'UPSTREAM_UNAVAILABLE', 'profile'],
  ] as const)('answers the rest when %s fails (%s): only its fields are null', async (name, faults, code, field) => {
    await t.fault(name, faults);
    const { status, data, errors } = await execute(t.url, MyViewDocument, undefined, sessions['wang.fang']);
    expect(status).toBe(200);
    expect(data?.me[field]).toBeNull();
    const other = field === 'profile' ? 'accounts' : 'profile';
    expect(data?.me[other]).not.toBeNull();
    expect(errors?.some((e) => e.path?.[1] === field && e.extensions?.code === code && e.extensions?.backend === name)).toBe(true);
  });
});

describe('Customer.account and Account.transactions', () => {
  it('pages through transactions newest first with cursors, resuming after any edge', async () => {
    const headers = sessions['wang.fang'];
    const accounts = (await execute(t.url, MyAccountsDocument, undefined, headers)).data!.me.accounts!;
    const accountId = accounts[0]!.id;
    const first = await execute(t.url, MyTransactionsDocument, { accountId, first: 5 }, headers);
    const page1 = first.data!.me.account!.transactions!;
    expect(page1.edges).toHaveLength(5);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const times = page1.edges.map((e) => Date.parse(e.node.bookedAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const second = await execute(t.url, MyTransactionsDocument, { accountId, first: 5, after: page1.pageInfo.endCursor }, headers);
    const page2 = second.data!.me.account!.transactions!;
    expect(page2.edges.map((e) => e.node.id)).not.toContain(page1.edges[4]!.node.id);
    // Resuming after the third edge gives the fourth and fifth, then page two's first.
    const middle = await execute(t.url, MyTransactionsDocument, { accountId, first: 3, after: page1.edges[2]!.cursor }, headers);
    expect(middle.data!.me.account!.transactions!.edges.map((e) => e.node.id)).toEqual([
      page1.edges[3]!.node.id,
      page1.edges[4]!.node.id,
      page2.edges[0]!.node.id,
    ]);
  });

  it('filters by direction and minimum amount', async () => {
    const headers = sessions['wang.fang'];
    const accountId = (await execute(t.url, MyAccountsDocument, undefined, headers)).data!.me.accounts![0]!.id;
    const response = await execute(
      t.url,
      MyTransactionsDocument,
      { accountId, first: 50, filter: { direction: 'IN', minAmount: '1000.00' } },
      headers,
    );
    const edges = response.data!.me.account!.transactions!.edges;
    expect(edges.length).toBeGreaterThan(0);
    for (const edge of edges) {
      expect(edge.node.direction).toBe('IN');
      expect(Number(edge.node.amount.amount)).toBeGreaterThanOrEqual(1000);
    }
  });

  it("answers another customer's account id exactly like a missing one", async () => {
    const zhouAccount = (await execute(t.url, MyAccountsDocument, undefined, sessions['zhou.min'])).data!.me.accounts![0]!.id;
    const foreign = await execute(t.url, MyAccountDocument, { id: zhouAccount }, sessions['wang.fang']);
    const missing = await execute(t.url, MyAccountDocument, { id: 'A-DOES-NOT-EXIST' }, sessions['wang.fang']);
    expect(foreign.data?.me.account).toBeNull();
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(foreign.errors?.[0]?.message).toBe(missing.errors?.[0]?.message);
    expect(JSON.stringify(foreign)).not.toContain('Zhou');
    const transactions = await execute(t.url, MyTransactionsDocument, { accountId: zhouAccount, first: 5 }, sessions['wang.fang']);
    expect(transactions.data?.me.account).toBeNull();
    expect(transactions.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('Query.me for a partner', () => {
  async function partnerHeaders(partnerId: string, scopes: string[]): Promise<Record<string, string>> {
    const partner = DEMO_PARTNERS.find((p) => p.id === partnerId)!;
    const consent = await execute(t.url, GrantPartnerConsentDocument, { partnerId, scopes }, sessions['wang.fang']);
    expect(consent.errors).toBeUndefined();
    const token = await execute(t.url, PartnerAccessTokenDocument, {
      input: { clientId: partner.id, clientSecret: partner.secret, consentId: consent.data!.grantPartnerConsent.id },
    });
    expect(token.errors).toBeUndefined();
    return { authorization: `Bearer ${token.data!.partnerAccessToken.accessToken}`, 'x-channel': 'PARTNER' };
  }

  it('masks every personal field without the profile:pii scope', async () => {
    const full = (await execute(t.url, MyProfileDocument, undefined, sessions['wang.fang'])).data!.me.profile!;
    const headers = await partnerHeaders('partner-travel', ['profile:read']);
    const { data, errors } = await execute(t.url, PartnerMyProfileDocument, undefined, headers);
    expect(errors).toBeUndefined();
    const masked = data!.me.profile!;
    expect(masked.masked).toBe(true);
    expect(masked.fullName).toBe(full.fullName.split(' ').map((p) => `${p[0]}***`).join(' '));
    expect(masked.phone).toBe(`${full.phone.slice(0, 3)}****${full.phone.slice(-4)}`);
    expect(masked.idNumber).toBe(`${full.idNumber.slice(0, 3)}${'*'.repeat(13)}${full.idNumber.slice(-2)}`);
    expect(masked.email).toBe(`${full.email[0]}***${full.email.slice(full.email.indexOf('@'))}`);
    expect(masked.dateOfBirth).toBe(`${full.dateOfBirth.slice(0, 4)}-**-**`);
    expect(masked.address).toEqual({ line1: '***', city: full.address.city, province: full.address.province, postalCode: '***' });
    // Not one unmasked value leaks anywhere in the response.
    const text = JSON.stringify(data);
    for (const secret of [full.fullName, full.phone, full.idNumber, full.email, full.address.line1]) expect(text).not.toContain(secret);
  });

  it('shows personal data in full with the profile:pii scope', async () => {
    const full = (await execute(t.url, MyProfileDocument, undefined, sessions['wang.fang'])).data!.me.profile!;
    const headers = await partnerHeaders('partner-insure', ['profile:read', 'profile:pii']);
    const { data } = await execute(t.url, PartnerMyProfileDocument, undefined, headers);
    expect(data!.me.profile).toEqual(full);
  });

  it('refuses accounts without accounts:read, and masks account numbers with it', async () => {
    const noAccounts = await partnerHeaders('partner-insure', ['profile:read']);
    const refused = await execute(t.url, PartnerMyAccountsDocument, undefined, noAccounts);
    expect(refused.data?.me.accounts).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const withAccounts = await partnerHeaders('partner-travel', ['profile:read', 'accounts:read']);
    const { data } = await execute(t.url, PartnerMyAccountsDocument, undefined, withAccounts);
    for (const account of data!.me.accounts!) expect(account.accountNumber).toMatch(/^\*+\d{4}$/);
  });
});

describe('Query.customer', () => {
  it('lets a teller serve a customer without seeing credit or risk', async () => {
    const teller = await loginStaff(t, 'teller.li');
    const { data, errors } = await execute(t.url, StaffCustomerViewDocument, { id: 'C000003' }, teller.headers);
    expect(data?.customer?.profile?.masked).toBe(false);
    expect(data?.customer?.accounts?.length).toBeGreaterThan(0);
    expect(data?.customer?.creditProfile).toBeNull();
    expect(data?.customer?.riskProfile).toBeNull();
    expect(errors?.map((e) => [e.path?.[1], e.extensions?.code])).toEqual(
      expect.arrayContaining([['creditProfile', 'FORBIDDEN'], ['riskProfile', 'FORBIDDEN']]),
    );
  });

  it("shows a reviewer Chen Jie's open litigation and Zhao Lei's watch-list hit", async () => {
    const reviewer = await loginStaff(t, 'reviewer.wu');
    const chen = await execute(t.url, StaffCustomerViewDocument, { id: 'C000003' }, reviewer.headers);
    expect(chen.data?.customer?.riskProfile?.litigation.some((l) => l.status === 'OPEN')).toBe(true);
    const zhao = await execute(t.url, StaffCustomerViewDocument, { id: 'C000002' }, reviewer.headers);
    expect(zhao.data?.customer?.riskProfile).toMatchObject({ rating: 'HIGH', amlStatus: 'HIT' });
    expect(zhao.data?.customer?.riskProfile?.watchlistHits.length).toBeGreaterThan(0);
  });

  // customer(id) checks the customer exists (CRM) and starts the reads of the selected accounts and
  // risk profile in the same round trip; the fields then use those answers (bench/README.md, figure 2).
  it('reads the profile, accounts and risk profile once each for a reviewer', async () => {
    const reviewer = await loginStaff(t, 'reviewer.wu');
    await resetStats();
    const { data, errors } = await execute(t.url, StaffCustomerViewDocument, { id: 'C000003' }, reviewer.headers);
    expect(errors).toBeUndefined();
    expect(data?.customer?.accounts?.length).toBeGreaterThan(0);
    expect(data?.customer?.riskProfile?.rating).toBeDefined();
    expect((await stats('coreBanking')).byRoute).toEqual({ 'POST /customers/accounts:batch': 1 });
    expect((await stats('risk')).byRoute).toEqual({ 'POST /profiles:batch': 1 });
    expect((await stats('crm')).byRoute['POST /customers:batch']).toBe(1);
  });

  it("never calls the risk platform for a teller's query, which may not see it", async () => {
    const teller = await loginStaff(t, 'teller.li');
    await resetStats();
    await execute(t.url, StaffCustomerViewDocument, { id: 'C000003' }, teller.headers);
    expect((await stats('risk')).total).toBe(0);
  });

  it('reads a failing core banking once for the accounts field, not again after the existence check', async () => {
    const reviewer = await loginStaff(t, 'reviewer.wu');
    await t.fault('coreBanking', { mode: 'error', errorStatus: 503 });
    await resetStats();
    const mine = await execute(t.url, MyAccountsDocument, undefined, sessions['chen.jie']);
    expect(mine.data?.me.accounts).toBeNull();
    const oneRead = (await stats('coreBanking')).total;
    await resetStats();
    const { data, errors } = await execute(t.url, StaffCustomerViewDocument, { id: 'C000003' }, reviewer.headers);
    expect(data?.customer?.profile).not.toBeNull();
    expect(data?.customer?.accounts).toBeNull();
    expect(errors?.find((e) => e.path?.[1] === 'accounts')?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', backend: 'coreBanking' });
    expect((await stats('coreBanking')).total).toBe(oneRead);
  });

  it('answers NOT_FOUND for an unknown number even while the reads started beside the check fail', async () => {
    const reviewer = await loginStaff(t, 'reviewer.wu');
    await t.fault('coreBanking', { mode: 'error', errorStatus: 503 });
    await t.fault('risk', { mode: 'error', errorStatus: 503 });
    const response = await execute(t.url, StaffCustomerViewDocument, { id: 'C999999' }, reviewer.headers);
    expect(response.data?.customer).toBeNull();
    expect(response.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  });

  it('answers an unknown customer number with NOT_FOUND', async () => {
    const teller = await loginStaff(t, 'teller.li');
    const response = await execute(t.url, StaffCustomerViewDocument, { id: 'C999999' }, teller.headers);
    expect(response.data?.customer).toBeNull();
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('is closed to customers, partners and staff roles without customer work', async () => {
    const ops = await loginStaff(t, 'ops.huang');
    const admin = await loginStaff(t, 'admin.ma');
    for (const headers of [sessions['wang.fang'], ops.headers, admin.headers]) {
      const response = await execute(t.url, StaffCustomerViewDocument, { id: 'C000002' }, headers);
      expect(response.data?.customer ?? null).toBeNull();
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const anonymous = await execute(t.url, StaffCustomerViewDocument, { id: 'C000002' });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('per-backend timeouts', () => {
  let slowCrm: TestGateway;
  beforeAll(async () => {
    // Everyone may take 3 s, except the CRM, which gets 150 ms per attempt.
    slowCrm = await startTestGateway({ BACKEND_TIMEOUT_MS: '3000', CRM_TIMEOUT_MS: '150', BREAKER_THRESHOLD: '1000' });
  });
  afterAll(() => slowCrm?.close());

  it('times out a backend on its own timeout while a slower one within the general timeout answers', async () => {
    const { headers } = await loginCustomer(slowCrm, 'wang.fang');
    await slowCrm.fault('crm', { delayMs: 400 });
    await slowCrm.fault('coreBanking', { delayMs: 400 });
    try {
      const { status, data, errors } = await execute(slowCrm.url, MyViewDocument, undefined, headers);
      expect(status).toBe(200);
      expect(data?.me.profile).toBeNull();
      expect(errors?.some((e) => e.path?.[1] === 'profile' && e.extensions?.code === 'UPSTREAM_TIMEOUT' && e.extensions?.backend === 'crm')).toBe(true);
      expect(data?.me.accounts?.length).toBeGreaterThan(0);
    } finally {
      await slowCrm.heal();
    }
  });
});
