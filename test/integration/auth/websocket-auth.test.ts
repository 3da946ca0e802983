import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogoutDocument, MySessionsDocument, ServerTimeDocument } from '../../generated/graphql.js';
import { loginCustomer } from '../../support/auth.js';
import { execute, take, wsClient } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway({ ACCESS_TOKEN_TTL_SECONDS: '5' });
});
afterAll(() => t?.close());

/** Resolves with the close event the next time the client's socket closes. */
function nextClose(client: ReturnType<typeof wsClient>): Promise<{ code: number; reason: string; at: number }> {
  return new Promise((resolve) => {
    const off = client.on('closed', (event) => {
      off();
      const { code, reason } = event as { code: number; reason: string };
      resolve({ code, reason, at: Date.now() });
    });
  });
}

describe('Query.mySessions', () => {
  it('runs over graphql-ws as the viewer whose bearer token came in connectionParams', async () => {
    const session = await loginCustomer(t, 'wang.fang');
    const client = wsClient(t.wsUrl, { channel: 'APP', authorization: `Bearer ${session.accessToken}` });
    try {
      const [result] = await take(client, MySessionsDocument, 1);
      expect(result?.errors).toBeUndefined();
      expect(result?.data?.mySessions.find((s) => s.current)?.id).toBe(session.sessionId);
    } finally {
      await client.dispose();
    }
  });

  it('ends an open connection once its session was logged out, and refuses its token on a new one', async () => {
    const session = await loginCustomer(t, 'zhao.lei');
    const client = wsClient(t.wsUrl, { channel: 'APP', authorization: `Bearer ${session.accessToken}` });
    try {
      const [before] = await take(client, MySessionsDocument, 1);
      expect(before?.errors).toBeUndefined();
      const closed = nextClose(client);
      await execute(t.url, LogoutDocument, undefined, session.headers);
      expect((await closed).code).toBe(4403);
      await expect(take(client, MySessionsDocument, 1)).rejects.toMatchObject({ code: 4401 });
    } finally {
      await client.dispose();
    }
  });
});

describe('Subscription.serverTime', () => {
  it('closes the socket with 4401 when connectionParams carry an invalid token', async () => {
    const client = wsClient(t.wsUrl, { channel: 'APP', authorization: 'Bearer not.a.token' });
    try {
      const closed = nextClose(client);
      await expect(take(client, ServerTimeDocument, 1)).rejects.toMatchObject({ code: 4401 });
      expect((await closed).code).toBe(4401);
    } finally {
      await client.dispose();
    }
  });

  it('closes the socket with 4401 for the token of a logged-out session', async () => {
    const session = await loginCustomer(t, 'chen.jie');
    await execute(t.url, LogoutDocument, undefined, session.headers);
    const client = wsClient(t.wsUrl, { channel: 'APP', authorization: `Bearer ${session.accessToken}` });
    try {
      await expect(take(client, ServerTimeDocument, 1)).rejects.toMatchObject({ code: 4401 });
    } finally {
      await client.dispose();
    }
  });

  it('closes an open connection with 4403 when its access token expires', async () => {
    const session = await loginCustomer(t, 'liu.yang');
    const expiresAt = Date.parse(session.accessTokenExpiresAt);
    const client = wsClient(t.wsUrl, { channel: 'APP', authorization: `Bearer ${session.accessToken}` });
    try {
      const closed = nextClose(client);
      let ticks = 0;
      client.subscribe({ query: print(ServerTimeDocument) }, { next: () => void ticks++, error: () => {}, complete: () => {} });

      const { code, at } = await closed;
      expect(code).toBe(4403);
      expect(ticks).toBeGreaterThan(0);
      expect(at).toBeGreaterThanOrEqual(expiresAt - 50);
      expect(at).toBeLessThan(expiresAt + 1_500);
    } finally {
      await client.dispose();
    }
  });
});
