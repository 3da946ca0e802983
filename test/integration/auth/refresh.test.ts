import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LogoutDocument,
  LogoutEverywhereDocument,
  MySessionsDocument,
  RefreshSessionDocument,
  RevokeSessionDocument,
} from '../../generated/graphql.js';
import { bearer, errorCode, expectTokenRefused, loginCustomer } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { postgresUrl } from '../../support/database.js';
import { createSessionsRepository } from '../../../src/modules/auth/sessions.repository.js';

let t: TestGateway;

const GRACE_MS = 1500;

beforeAll(async () => {
  // A gateway of its own: these tests list every live session of a demo customer.
  t = await startTestGateway({ REFRESH_GRACE_MS: String(GRACE_MS) });
});
afterAll(() => t?.close());

const refresh = (refreshToken: string) => execute(t.url, RefreshSessionDocument, { refreshToken });
const mySessions = (accessToken: string) => execute(t.url, MySessionsDocument, undefined, bearer(accessToken));

describe('Mutation.refreshSession', () => {
  it('returns a new pair for the same session whose access token works', async () => {
    const session = await loginCustomer(t, 'wang.fang');
    const response = await refresh(session.refreshToken);
    expect(response.errors).toBeUndefined();
    const next = response.data!.refreshSession;
    expect(next.sessionId).toBe(session.sessionId);
    expect(next.refreshToken).not.toBe(session.refreshToken);
    expect(next.accessToken).not.toBe(session.accessToken);
    const sessions = await mySessions(next.accessToken);
    expect(sessions.data?.mySessions.find((s) => s.current)?.id).toBe(session.sessionId);
  });

  it('ends the whole session when a used refresh token comes back: REFRESH_TOKEN_REUSED, then nothing of it works', async () => {
    const session = await loginCustomer(t, 'zhao.lei');
    const first = await refresh(session.refreshToken);
    const newest = first.data!.refreshSession;

    await sleep(GRACE_MS + 200);
    const reused = await refresh(session.refreshToken);
    expect(errorCode(reused)).toBe('REFRESH_TOKEN_REUSED');
    expect(reused.data).toBeNull();

    expect(errorCode(await refresh(newest.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    expectTokenRefused(await mySessions(newest.accessToken));
    expectTokenRefused(await mySessions(session.accessToken));
  });

  it('gives two refreshes of the same token at once the same new pair, and keeps the session', async () => {
    const session = await loginCustomer(t, 'zhao.lei');
    const [a, b] = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
    expect(a.errors).toBeUndefined();
    expect(b.errors).toBeUndefined();
    expect(b.data?.refreshSession).toEqual(a.data?.refreshSession);
    const pair = a.data!.refreshSession;
    expect(pair.refreshToken).not.toBe(session.refreshToken);
    expect((await mySessions(pair.accessToken)).status).toBe(200);
    // The new refresh token still works once.
    const next = await refresh(pair.refreshToken);
    expect(next.errors).toBeUndefined();
  });

  it('gives a second tab that refreshes a moment later (inside the grace window) the same pair', async () => {
    const session = await loginCustomer(t, 'zhao.lei');
    const first = await refresh(session.refreshToken);
    const second = await refresh(session.refreshToken);
    expect(second.data?.refreshSession).toEqual(first.data?.refreshSession);
  });

  it('treats the old token as stolen once its successor was used, even inside the grace window', async () => {
    const session = await loginCustomer(t, 'zhao.lei');
    const first = (await refresh(session.refreshToken)).data!.refreshSession;
    expect((await refresh(first.refreshToken)).errors).toBeUndefined();
    expect(errorCode(await refresh(session.refreshToken))).toBe('REFRESH_TOKEN_REUSED');
  });

  it('refuses a refresh token it never issued with INVALID_REFRESH_TOKEN', async () => {
    const response = await refresh(randomBytes(32).toString('base64url'));
    expect(errorCode(response)).toBe('INVALID_REFRESH_TOKEN');
    expect(response.data).toBeNull();
  });

  it('refuses the refresh token of a logged-out session with INVALID_REFRESH_TOKEN', async () => {
    const session = await loginCustomer(t, 'chen.jie');
    await execute(t.url, LogoutDocument, undefined, session.headers);
    expect(errorCode(await refresh(session.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
  });
});

describe('Mutation.logout', () => {
  it('ends only the session it is made with', async () => {
    const app = await loginCustomer(t, 'liu.yang', { channel: 'APP' });
    const web = await loginCustomer(t, 'liu.yang', { channel: 'WEB' });

    const response = await execute(t.url, LogoutDocument, undefined, app.headers);
    expect(response.data?.logout).toBe(true);

    expectTokenRefused(await mySessions(app.accessToken));
    expect(errorCode(await refresh(app.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    const stillIn = await mySessions(web.accessToken);
    expect(stillIn.errors).toBeUndefined();
    expect(stillIn.data?.mySessions.map((s) => s.id)).toEqual([web.sessionId]);
  });
});

describe('Mutation.logoutEverywhere', () => {
  it('ends every session of the customer on every channel and says how many', async () => {
    const sessions = [
      await loginCustomer(t, 'sun.mei', { channel: 'APP' }),
      await loginCustomer(t, 'sun.mei', { channel: 'WEB' }),
      await loginCustomer(t, 'sun.mei', { channel: 'APP' }),
    ];
    const bystander = await loginCustomer(t, 'zhou.min');

    const response = await execute(t.url, LogoutEverywhereDocument, undefined, sessions[1]!.headers);
    expect(response.errors).toBeUndefined();
    expect(response.data?.logoutEverywhere.sessionsEnded).toBe(3);

    for (const session of sessions) {
      expectTokenRefused(await mySessions(session.accessToken));
      expect(errorCode(await refresh(session.refreshToken))).toBe('INVALID_REFRESH_TOKEN');
    }
    expect((await mySessions(bystander.accessToken)).status).toBe(200);
  });
});

describe('Query.mySessions', () => {
  it('lists each live session with its channel and device, and marks the one asking as current', async () => {
    const app = await loginCustomer(t, 'li.na', { channel: 'APP' });
    const web = await loginCustomer(t, 'li.na', { channel: 'WEB' });

    const response = await mySessions(web.accessToken);
    expect(response.errors).toBeUndefined();
    const listed = [...response.data!.mySessions].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    expect(listed).toEqual([
      expect.objectContaining({ id: app.sessionId, channel: 'APP', deviceId: app.deviceId, current: false }),
      expect.objectContaining({ id: web.sessionId, channel: 'WEB', deviceId: web.deviceId, current: true }),
    ]);
  });
});

describe('Mutation.revokeSession', () => {
  it("ends another of the customer's own sessions", async () => {
    const phone = await loginCustomer(t, 'wang.fang', { channel: 'APP' });
    const laptop = await loginCustomer(t, 'wang.fang', { channel: 'WEB' });

    const response = await execute(t.url, RevokeSessionDocument, { id: laptop.sessionId }, phone.headers);
    expect(response.errors).toBeUndefined();
    expect(response.data?.revokeSession).toBe(true);

    expectTokenRefused(await mySessions(laptop.accessToken));
    const left = await mySessions(phone.accessToken);
    expect(left.data?.mySessions.map((s) => s.id)).not.toContain(laptop.sessionId);
    expect(left.data?.mySessions.map((s) => s.id)).toContain(phone.sessionId);
  });

  it("answers another customer's session id with NOT_FOUND exactly as an id that does not exist", async () => {
    const me = await loginCustomer(t, 'chen.jie');
    const other = await loginCustomer(t, 'zhou.min');

    const foreign = await execute(t.url, RevokeSessionDocument, { id: other.sessionId }, me.headers);
    const missing = await execute(t.url, RevokeSessionDocument, { id: randomUUID() }, me.headers);
    expect(errorCode(foreign)).toBe('NOT_FOUND');
    expect(foreign.data).toBeNull();
    expect({ message: foreign.errors?.[0]?.message, code: errorCode(foreign), status: foreign.status }).toEqual({
      message: missing.errors?.[0]?.message,
      code: errorCode(missing),
      status: missing.status,
    });
    expect((await mySessions(other.accessToken)).status).toBe(200);
  });

  it('answers a session id that is not a UUID with NOT_FOUND too', async () => {
    const me = await loginCustomer(t, 'chen.jie');
    const response = await execute(t.url, RevokeSessionDocument, { id: 'not-a-session-id' }, me.headers);
    expect(errorCode(response)).toBe('NOT_FOUND');
  });
});

// authenticate keeps live sessions in memory for AUTH_CACHE_TTL_MS (5 s by default): revocations
// must still reach a session that was used a moment ago, on this instance and on any other.
describe('revoking a session that was just used', () => {
  it('refuses its token on the very next request after logout', async () => {
    const session = await loginCustomer(t, 'liu.yang');
    expect((await mySessions(session.accessToken)).status).toBe(200);
    await execute(t.url, LogoutDocument, undefined, session.headers);
    expectTokenRefused(await mySessions(session.accessToken));
  });

  it("refuses its token at once when the revocation is committed by another instance (the commit's NOTIFY evicts it)", async () => {
    const session = await loginCustomer(t, 'sun.mei');
    expect((await mySessions(session.accessToken)).status).toBe(200);
    // What another gateway instance on the same database does; nothing in this instance is told directly.
    const elsewhere = createSessionsRepository(t.gateway.database.db);
    expect(await elsewhere.revokeSessions({ kind: 'CUSTOMER', id: 'C000005' }, 'LOGOUT', new Date(), session.sessionId)).toBe(1);
    // Well inside the 5 s the cached copy would otherwise live.
    await expect.poll(async () => (await mySessions(session.accessToken)).status, { timeout: 1000, interval: 20 }).toBe(401);
  });

  if (postgresUrl()) {
    it('refuses its token here at once after a logout through another gateway instance', async () => {
      const other = await startTestGateway({ DATABASE_URL: t.database.url });
      try {
        const session = await loginCustomer(t, 'zhou.min');
        expect((await mySessions(session.accessToken)).status).toBe(200);
        const loggedOut = await execute(other.url, LogoutDocument, undefined, session.headers);
        expect(loggedOut.data?.logout).toBe(true);
        await expect.poll(async () => (await mySessions(session.accessToken)).status, { timeout: 1000, interval: 20 }).toBe(401);
      } finally {
        await other.close();
      }
    });
  }
});
