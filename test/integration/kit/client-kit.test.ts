/**
 * The client kit (@bank/channel-gateway-client) used the way a channel team uses it: its typed
 * documents sent by hash (trusted documents), its headers, its session refresh, its subscriptions.
 */
import { print } from 'graphql';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAppClient,
  LoginDocument,
  MyAccountsDocument,
  ProductsDocument as AppProductsDocument,
  RequestLoginOtpDocument,
  ServerTimeDocument,
  VerifyLoginOtpDocument,
  type GatewayClient,
  type SessionTokens,
} from '@bank/channel-gateway-client/app';
import { createPartnerClient, ProductsDocument as PartnerProductsDocument } from '@bank/channel-gateway-client/partner';
import { StaffCustomerViewDocument } from '@bank/channel-gateway-client/staff';
import { ERROR_CATALOGUE } from '@bank/channel-gateway-client';
import { DEMO_PASSWORD } from '../../../src/modules/auth/auth.seed.js';
import { lastOtp, newDeviceId } from '../../support/auth.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;
beforeAll(async () => {
  t = await sharedGateway();
});

/** Logs in on the APP channel with the kit's own documents, as the app does. */
async function appLogin(client: GatewayClient, username: string): Promise<SessionTokens> {
  const login = await client.execute(LoginDocument, { input: { username, password: DEMO_PASSWORD, channel: 'APP', deviceId: newDeviceId() } });
  expect(login.errors).toBeUndefined();
  if (login.data!.login.__typename === 'SignedIn') return login.data!.login.tokens;
  if (login.data!.login.__typename !== 'OtpRequired') throw new Error('unexpected login answer');
  const { challengeId } = login.data!.login.challenge;
  expect((await client.execute(RequestLoginOtpDocument, { challengeId })).errors).toBeUndefined();
  const verified = await client.execute(VerifyLoginOtpDocument, { challengeId, code: await lastOtp(t) });
  expect(verified.errors).toBeUndefined();
  return verified.data!.verifyLoginOtp;
}

describe('the client kit on the APP channel', () => {
  let client: GatewayClient;
  const seen: (SessionTokens | undefined)[] = [];
  beforeAll(() => {
    client = createAppClient({ url: t.url, webSocketImpl: WebSocket, onTokens: (tokens) => seen.push(tokens) });
  });
  afterAll(() => client?.dispose());

  it('logs in and reads the customer\'s accounts with typed documents sent by hash', async () => {
    client.setTokens(await appLogin(client, 'wang.fang'));
    const accounts = await client.execute(MyAccountsDocument);
    expect(accounts.status).toBe(200);
    expect(accounts.errors).toBeUndefined();
    expect(accounts.data?.me.accounts?.length).toBeGreaterThan(0);
    expect(accounts.data?.me.accounts?.[0]?.balance.amount).toMatch(/^-?\d+(\.\d+)?$/);
  });

  it('refreshes a dead access token once, rotates the refresh token, and retries the request', async () => {
    const tokens = await appLogin(client, 'zhao.lei');
    client.setTokens({ accessToken: 'expired.or.forged', refreshToken: tokens.refreshToken });
    const before = seen.length;
    // Three requests meet the 401 together: one refresh serves them all (a second would reuse the old token).
    const results = await Promise.all([1, 2, 3].map(() => client.execute(MyAccountsDocument)));
    for (const result of results) expect(result.errors).toBeUndefined();
    const rotated = seen.slice(before);
    expect(rotated).toHaveLength(1);
    expect(rotated[0]?.refreshToken).toBeTruthy();
    expect(rotated[0]?.refreshToken).not.toBe(tokens.refreshToken);
  });

  it('ends the session (onTokens(undefined)) when the refresh token is refused', async () => {
    client.setTokens({ accessToken: 'expired.or.forged', refreshToken: 'not-a-refresh-token' });
    const result = await client.execute(MyAccountsDocument);
    expect(result.status).toBe(401);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(client.tokens).toBeUndefined();
    expect(seen.at(-1)).toBeUndefined();
  });

  it('sends the channel and a request id with every request; errors carry catalogue codes', async () => {
    const result = await client.execute(AppProductsDocument, { kind: null }, { headers: { 'x-request-id': 'kit-trace-12345' } });
    expect(result.requestId).toBe('kit-trace-12345');
    const refused = await createAppClient({ url: t.url, tokens: { accessToken: 'forged' } }).execute(MyAccountsDocument);
    const code = refused.errors?.[0]?.extensions?.code;
    expect(code && ERROR_CATALOGUE[code].retryable).toBe(false);
  });

  it('subscribes over graphql-ws by hash', async () => {
    const ticks = await new Promise<string[]>((resolve, reject) => {
      const got: string[] = [];
      const stop = client.subscribe(ServerTimeDocument, {}, {
        next: (data) => {
          got.push(data.serverTime);
          if (got.length === 2) {
            stop();
            resolve(got);
          }
        },
        error: reject,
      });
    });
    expect(ticks).toHaveLength(2);
    expect(Date.parse(ticks[1]!)).toBeGreaterThanOrEqual(Date.parse(ticks[0]!));
  });
});

describe('trusted documents on the PARTNER channel', () => {
  it('runs an operation released for partners, sent by hash through the partner kit', async () => {
    const partner = createPartnerClient({ url: t.url });
    const result = await partner.execute(PartnerProductsDocument, {});
    expect(result.errors).toBeUndefined();
    expect(result.data?.products?.length).toBeGreaterThan(0);
  });

  it('refuses a document body from a partner with PERSISTED_QUERY_NOT_ALLOWED, even a released one', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-channel': 'PARTNER' },
      body: JSON.stringify({ query: print(PartnerProductsDocument) }),
    });
    const body = (await response.json()) as { data?: unknown; errors: { extensions: { code: string } }[] };
    expect(response.status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
  });

  it('refuses an unlisted hash and a hash released only for staff', async () => {
    const staffOnly = (StaffCustomerViewDocument as { __meta__?: { hash: string } }).__meta__!.hash;
    for (const documentId of [`sha256:${'0'.repeat(64)}`, staffOnly]) {
      const response = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-channel': 'PARTNER' },
        body: JSON.stringify({ documentId, variables: { id: 'C000001' } }),
      });
      const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
      expect(body.errors[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    }
  });

  it('refuses a document body from a partner subscription too', async () => {
    const partner = createPartnerClient({ url: t.url, webSocketImpl: WebSocket, documents: 'text', wsRetryAttempts: 0 });
    const error = await new Promise<unknown>((resolve) => {
      partner.subscribe(ServerTimeDocument, {}, { next: () => resolve(undefined), error: resolve });
    });
    await partner.dispose();
    expect(JSON.stringify(error)).toContain('PERSISTED_QUERY_NOT_ALLOWED');
  });

  it('lets first-party channels send a document body', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-channel': 'WEB' },
      body: JSON.stringify({ query: '{ products { code } }' }),
    });
    expect(response.status).toBe(200);
  });
});
