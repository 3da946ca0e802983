import { randomUUID } from 'node:crypto';
import { print } from 'graphql';
import type { Client } from 'graphql-ws';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApproveQrLoginDocument,
  MySessionsDocument,
  QrLoginRequestDocument,
  QrLoginStatusDocument,
  StartQrLoginDocument,
  type QrLoginStatusSubscription,
  type StartQrLoginMutation,
} from '../../generated/graphql.js';
import { bearer, errorCode, executeFrom, loginCustomer } from '../../support/auth.js';
import { execute, take, wsClient } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { postgresUrl } from '../../support/database.js';

const QR_LOGIN_TTL_SECONDS = 5;

let t: TestGateway;
/** The customer's app, where QR codes are scanned and approved. */
let app: Awaited<ReturnType<typeof loginCustomer>>;
let web: Client;

const QR_STARTS_PER_ADDRESS_PER_MINUTE = 4;

beforeAll(async () => {
  t = await startTestGateway({
    QR_LOGIN_TTL_SECONDS: String(QR_LOGIN_TTL_SECONDS),
    QR_STARTS_PER_ADDRESS_PER_MINUTE: String(QR_STARTS_PER_ADDRESS_PER_MINUTE),
  });
  app = await loginCustomer(t, 'wang.fang', { channel: 'APP' });
  web = wsClient(t.wsUrl, { channel: 'WEB' });
});
afterAll(async () => {
  await web?.dispose();
  await t?.close();
});

type Ticket = StartQrLoginMutation['startQrLogin'];

let pages = 0;
/** Each page asks from its own loopback address, so the per-address start limit is only met where a test means it. */
const nextPageAddress = () => `127.0.5.${++pages}`;

async function startQrLogin(channel = 'WEB', from = nextPageAddress()): Promise<Ticket> {
  const response = await executeFrom(from, t.url, StartQrLoginDocument, undefined, { 'x-channel': channel });
  expect(response.errors).toBeUndefined();
  return response.data!.startQrLogin;
}

const approve = (id: string, headers: Record<string, string> = app.headers) =>
  execute(t.url, ApproveQrLoginDocument, { id }, headers);

/** The waiting page following its ticket over graphql-ws. */
function follow(ticket: { id: string; secret: string }) {
  return web.iterate<QrLoginStatusSubscription>({
    query: print(QrLoginStatusDocument),
    variables: { id: ticket.id, secret: ticket.secret },
  });
}

/** A ticket the app approved and the page already turned into its session. */
async function completedTicket(): Promise<Ticket> {
  const ticket = await startQrLogin();
  expect((await approve(ticket.id)).data?.approveQrLogin).toBe(true);
  const [update] = await take(web, QrLoginStatusDocument, 1, { id: ticket.id, secret: ticket.secret });
  expect(update?.data?.qrLoginStatus.status).toBe('APPROVED');
  return ticket;
}

/** The `extensions.code` a subscription was refused with. */
async function refusalCode(ticket: { id: string; secret: string }): Promise<unknown> {
  const refusal = await take(web, QrLoginStatusDocument, 1, { id: ticket.id, secret: ticket.secret }).then(
    (results) => ({ unexpectedResults: results }),
    (error: unknown) => error,
  );
  return (refusal as { extensions?: { code?: unknown } }[])[0]?.extensions?.code ?? refusal;
}

describe('Mutation.startQrLogin', () => {
  it('gives the waiting page a ticket whose QR content names the ticket but not its secret', async () => {
    const ticket = await startQrLogin();
    expect(ticket.qrContent).toContain(ticket.id);
    expect(ticket.qrContent).not.toContain(ticket.secret);
    const lifetime = Date.parse(ticket.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(QR_LOGIN_TTL_SECONDS * 1000);
  });

  it('refuses to start a QR login from the APP channel with BAD_USER_INPUT', async () => {
    const response = await execute(t.url, StartQrLoginDocument, undefined, { 'x-channel': 'APP' });
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
  });
});

describe('startQrLogin limits', () => {
  it(`lets one address start at most QR_STARTS_PER_ADDRESS_PER_MINUTE tickets a minute, even at once, while other addresses still can`, async () => {
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => executeFrom('127.0.6.1', t.url, StartQrLoginDocument, undefined, { 'x-channel': 'WEB' })),
    );
    expect(answers.filter((a) => a.data?.startQrLogin.id)).toHaveLength(QR_STARTS_PER_ADDRESS_PER_MINUTE);
    const refused = answers.filter((a) => errorCode(a) === 'TOO_MANY_ATTEMPTS');
    expect(refused).toHaveLength(10 - QR_STARTS_PER_ADDRESS_PER_MINUTE);
    expect(refused[0]?.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect((await startQrLogin('WEB', '127.0.6.2')).id).toBeTruthy();
  });
});

describe('Query.qrLoginRequest', () => {
  it('shows the app what it is about to approve: the channel, the address it was asked from, when, and until when', async () => {
    const ticket = await startQrLogin('BRANCH', '127.0.6.3');
    const shown = await execute(t.url, QrLoginRequestDocument, { id: ticket.id }, app.headers);
    expect(shown.errors).toBeUndefined();
    expect(shown.data?.qrLoginRequest).toMatchObject({ id: ticket.id, channel: 'BRANCH', requestedFrom: '127.0.6.3', expiresAt: ticket.expiresAt });
    const askedAgo = Date.now() - Date.parse(shown.data!.qrLoginRequest.requestedAt);
    expect(askedAgo).toBeGreaterThanOrEqual(0);
    expect(askedAgo).toBeLessThan(QR_LOGIN_TTL_SECONDS * 1000);
  });

  it('shows nothing of a ticket already approved (QR_ALREADY_USED), nor to a WEB session (FORBIDDEN)', async () => {
    const ticket = await startQrLogin();
    const webSession = await loginCustomer(t, 'wang.fang', { channel: 'WEB', deviceId: app.deviceId });
    expect(errorCode(await execute(t.url, QrLoginRequestDocument, { id: ticket.id }, webSession.headers))).toBe('FORBIDDEN');
    await approve(ticket.id);
    expect(errorCode(await execute(t.url, QrLoginRequestDocument, { id: ticket.id }, app.headers))).toBe('QR_ALREADY_USED');
  });
});

if (postgresUrl()) {
  describe('QR hand-off across gateway instances', () => {
    it('hands the session to a page waiting on another instance than the one the app approved on', async () => {
      const other = await startTestGateway({ DATABASE_URL: t.database.url, QR_LOGIN_TTL_SECONDS: String(QR_LOGIN_TTL_SECONDS) });
      const page = wsClient(other.wsUrl, { channel: 'WEB' });
      try {
        const response = await execute(other.url, StartQrLoginDocument, undefined, { 'x-channel': 'WEB' });
        const ticket = response.data!.startQrLogin;
        const updates = page.iterate<QrLoginStatusSubscription>({ query: print(QrLoginStatusDocument), variables: { id: ticket.id, secret: ticket.secret } });
        const first = await updates.next();
        expect(first.value?.data?.qrLoginStatus.status).toBe('PENDING');
        // The app reaches the first instance.
        expect((await approve(ticket.id)).data?.approveQrLogin).toBe(true);
        const second = await updates.next();
        expect(second.value?.data?.qrLoginStatus.status).toBe('APPROVED');
        expect(decodeJwt(second.value!.data!.qrLoginStatus.session!.accessToken)).toMatchObject({ sub: 'C000001', channel: 'WEB' });
        await updates.return?.();
      } finally {
        await page.dispose();
        await other.close();
      }
    });
  });
}

describe('Subscription.qrLoginStatus', () => {
  it('tells the page PENDING, then APPROVED with a WEB session of its own once the app approves', async () => {
    const ticket = await startQrLogin();
    const updates = follow(ticket);

    const pending = await updates.next();
    expect(pending.value?.data?.qrLoginStatus).toEqual({ status: 'PENDING', expiresAt: ticket.expiresAt, session: null });

    expect((await approve(ticket.id)).data?.approveQrLogin).toBe(true);
    const approved = await updates.next();
    expect(approved.value?.data?.qrLoginStatus.status).toBe('APPROVED');
    expect((await updates.next()).done).toBe(true);

    const session = approved.value!.data!.qrLoginStatus.session!;
    expect(session.sessionId).not.toBe(app.sessionId);
    expect(decodeJwt(session.accessToken)).toMatchObject({ sub: 'C000001', channel: 'WEB' });
    const sessions = await execute(t.url, MySessionsDocument, undefined, bearer(session.accessToken, 'WEB'));
    expect(sessions.errors).toBeUndefined();
    expect(sessions.data?.mySessions.find((s) => s.current)).toMatchObject({ id: session.sessionId, channel: 'WEB' });
  });

  it('hands the session over when the page subscribes only after the approval', async () => {
    const ticket = await startQrLogin();
    await approve(ticket.id);
    const results = await take(web, QrLoginStatusDocument, 2, { id: ticket.id, secret: ticket.secret });
    expect(results.map((r) => r.data?.qrLoginStatus.status)).toEqual(['APPROVED']);
    expect(results[0]?.data?.qrLoginStatus.session?.accessToken).toBeTruthy();
  });

  it('refuses to follow a ticket that already produced its session with QR_ALREADY_USED', async () => {
    const ticket = await completedTicket();
    expect(await refusalCode(ticket)).toBe('QR_ALREADY_USED');
  });

  it('answers a wrong secret with NOT_FOUND, exactly as a ticket that does not exist', async () => {
    const ticket = await startQrLogin();
    expect(await refusalCode({ id: ticket.id, secret: 'guessed-secret' })).toBe('NOT_FOUND');
    expect(await refusalCode({ id: randomUUID(), secret: ticket.secret })).toBe('NOT_FOUND');
  });

  it('answers a ticket id that is not a UUID with NOT_FOUND too', async () => {
    expect(await refusalCode({ id: 'not-a-ticket', secret: 'whatever' })).toBe('NOT_FOUND');
  });

  it('tells the page EXPIRED when nobody approves in QR_LOGIN_TTL_SECONDS, and a late approval gets QR_EXPIRED', async () => {
    const ticket = await startQrLogin();
    const updates = follow(ticket);
    expect((await updates.next()).value?.data?.qrLoginStatus.status).toBe('PENDING');

    const expired = await updates.next();
    expect(expired.value?.data?.qrLoginStatus).toEqual({ status: 'EXPIRED', expiresAt: null, session: null });
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(ticket.expiresAt));
    expect((await updates.next()).done).toBe(true);

    const late = await approve(ticket.id);
    expect(errorCode(late)).toBe('QR_EXPIRED');
    expect(late.data).toBeNull();
  });
});

describe('Mutation.approveQrLogin', () => {
  it('refuses a second approval with QR_ALREADY_USED, before and after the page took its session', async () => {
    const ticket = await startQrLogin();
    expect((await approve(ticket.id)).data?.approveQrLogin).toBe(true);
    expect(errorCode(await approve(ticket.id))).toBe('QR_ALREADY_USED');

    const completed = await completedTicket();
    expect(errorCode(await approve(completed.id))).toBe('QR_ALREADY_USED');
  });

  it('refuses a customer session opened on WEB with FORBIDDEN', async () => {
    const ticket = await startQrLogin();
    const browser = await loginCustomer(t, 'zhao.lei', { channel: 'WEB' });
    const response = await approve(ticket.id, browser.headers);
    expect(errorCode(response)).toBe('FORBIDDEN');
    expect(response.data).toBeNull();
  });

  it('refuses an anonymous caller with UNAUTHENTICATED', async () => {
    const ticket = await startQrLogin();
    const response = await approve(ticket.id, {});
    expect(errorCode(response)).toBe('UNAUTHENTICATED');
    expect(response.data).toBeNull();
  });

  it('answers a ticket that does not exist with NOT_FOUND', async () => {
    expect(errorCode(await approve(randomUUID()))).toBe('NOT_FOUND');
  });

  it('answers a ticket id that is not a UUID with NOT_FOUND too', async () => {
    expect(errorCode(await approve('not-a-ticket'))).toBe('NOT_FOUND');
  });
});
