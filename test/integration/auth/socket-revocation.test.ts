/**
 * A WebSocket lives on the grant it connected with: when that grant ends — logout, a revoked
 * session, logout everywhere, a reused refresh token, a withdrawn partner consent, a staff role
 * removed — the socket is closed with 4403 at once, on every gateway instance. With DATABASE_URL
 * the sockets sit on a second gateway instance and the revocation is made through the first.
 */
import { print, type DocumentNode } from 'graphql';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GrantPartnerConsentDocument,
  LoanReviewQueueChangedDocument,
  LogoutDocument,
  LogoutEverywhereDocument,
  MyLoanApplicationsUpdatedDocument,
  PartnerAccessTokenDocument,
  RefreshSessionDocument,
  RevokePartnerConsentDocument,
  RevokeSessionDocument,
  ServerTimeDocument,
} from '../../generated/graphql.js';
import { DEMO_PARTNERS } from '../../../src/modules/auth/auth.seed.js';
import { AUTH_REVOKED_CHANNEL } from '../../../src/modules/auth/grant-cache.js';
import { loginCustomer, loginStaff } from '../../support/auth.js';
import { postgresUrl } from '../../support/database.js';
import { execute, take, wsClient } from '../../support/graphql-client.js';
import { ServerTimeDocument as PartnerServerTimeDocument } from '@bank/channel-gateway-client/partner';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;
/** Where the sockets are: another instance on PostgreSQL, the same one on PGlite. */
let peer: TestGateway;

beforeAll(async () => {
  // No refresh grace window here: a replayed refresh token is reuse at once.
  t = await startTestGateway({ REFRESH_GRACE_MS: '0' });
  peer = postgresUrl() ? await startTestGateway({ DATABASE_URL: t.database.url, REFRESH_GRACE_MS: '0' }) : t;
});
afterAll(async () => {
  if (peer && peer !== t) await peer.close();
  await t?.close();
});

/** Well under what any token or cache lifetime would give; "at once" with room for a busy machine. */
const AT_ONCE_MS = 2_000;

interface OpenSocket {
  client: ReturnType<typeof wsClient>;
  /** The close code, when the server closes the socket. */
  closed: Promise<number>;
}

/** Connects to `peer` with `token` and opens `document` as a subscription; resolves once acknowledged. */
async function openSocket(token: string, document: DocumentNode): Promise<OpenSocket> {
  const client = wsClient(peer.wsUrl, { authorization: `Bearer ${token}` });
  const connected = new Promise<void>((resolve) => client.on('connected', () => resolve()));
  const closed = new Promise<number>((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));
  // A client kit document goes by its trusted-document hash (partners may send nothing else).
  const hash = (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  const payload = hash ? { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: hash.replace('sha256:', '') } } } : { query: print(document) };
  client.subscribe(payload, { next: () => {}, error: () => {}, complete: () => {} });
  await connected;
  return { client, closed };
}

const within = <T>(promise: Promise<T>, ms: number): Promise<T | 'still open'> =>
  Promise.race([promise, new Promise<'still open'>((resolve) => setTimeout(() => resolve('still open'), ms))]);

async function expectClosedForbidden(socket: OpenSocket): Promise<void> {
  expect(await within(socket.closed, AT_ONCE_MS)).toBe(4403);
}

async function expectStillServed(socket: OpenSocket): Promise<void> {
  expect(await within(socket.closed, 300)).toBe('still open');
  const [tick] = await take(socket.client, ServerTimeDocument, 1);
  expect(tick?.errors).toBeUndefined();
}

describe('Subscription.myLoanApplicationsUpdated', () => {
  it('closes the socket with 4403 as soon as its session logs out, and leaves the other session open', async () => {
    const phone = await loginCustomer(t, 'wang.fang');
    const laptop = await loginCustomer(t, 'wang.fang', { channel: 'WEB' });
    const ended = await openSocket(phone.accessToken, MyLoanApplicationsUpdatedDocument);
    const kept = await openSocket(laptop.accessToken, MyLoanApplicationsUpdatedDocument);
    try {
      const response = await execute(t.url, LogoutDocument, undefined, phone.headers);
      expect(response.data?.logout).toBe(true);
      await expectClosedForbidden(ended);
      await expectStillServed(kept);
    } finally {
      await ended.client.dispose();
      await kept.client.dispose();
    }
  });

  it('closes the socket of a session the customer revokes from another device', async () => {
    const phone = await loginCustomer(t, 'li.na');
    const laptop = await loginCustomer(t, 'li.na', { channel: 'WEB' });
    const socket = await openSocket(phone.accessToken, MyLoanApplicationsUpdatedDocument);
    try {
      const response = await execute(t.url, RevokeSessionDocument, { id: phone.sessionId }, laptop.headers);
      expect(response.data?.revokeSession).toBe(true);
      await expectClosedForbidden(socket);
    } finally {
      await socket.client.dispose();
    }
  });

  it('closes every socket of the customer on logoutEverywhere', async () => {
    const phone = await loginCustomer(t, 'sun.mei');
    const laptop = await loginCustomer(t, 'sun.mei', { channel: 'WEB' });
    const sockets = [
      await openSocket(phone.accessToken, MyLoanApplicationsUpdatedDocument),
      await openSocket(laptop.accessToken, ServerTimeDocument),
    ];
    try {
      const response = await execute(t.url, LogoutEverywhereDocument, undefined, laptop.headers);
      expect(response.data?.logoutEverywhere.sessionsEnded).toBe(2);
      await Promise.all(sockets.map(expectClosedForbidden));
    } finally {
      await Promise.all(sockets.map((s) => s.client.dispose()));
    }
  });

  it('closes the socket when a reused refresh token ends the session', async () => {
    const session = await loginCustomer(t, 'chen.jie');
    const socket = await openSocket(session.accessToken, MyLoanApplicationsUpdatedDocument);
    try {
      const first = await execute(t.url, RefreshSessionDocument, { refreshToken: session.refreshToken });
      expect(first.errors).toBeUndefined();
      const replay = await execute(t.url, RefreshSessionDocument, { refreshToken: session.refreshToken });
      expect(replay.errors?.[0]?.extensions?.code).toBe('REFRESH_TOKEN_REUSED');
      await expectClosedForbidden(socket);
    } finally {
      await socket.client.dispose();
    }
  });
});

describe('Subscription.serverTime', () => {
  it("closes a partner's socket when the customer withdraws the consent, and not the customer's own", async () => {
    const [, insure] = DEMO_PARTNERS;
    const customer = await loginCustomer(t, 'zhou.min');
    const granted = await execute(t.url, GrantPartnerConsentDocument, { partnerId: insure!.id, scopes: ['profile:read'] }, customer.headers);
    expect(granted.errors).toBeUndefined();
    const issued = await execute(t.url, PartnerAccessTokenDocument, {
      input: { clientId: insure!.id, clientSecret: insure!.secret, consentId: granted.data!.grantPartnerConsent.id },
    });
    expect(issued.errors).toBeUndefined();
    const partner = await openSocket(issued.data!.partnerAccessToken.accessToken, PartnerServerTimeDocument);
    const own = await openSocket(customer.accessToken, MyLoanApplicationsUpdatedDocument);
    try {
      const revoked = await execute(t.url, RevokePartnerConsentDocument, { partnerId: insure!.id }, customer.headers);
      expect(revoked.data?.revokePartnerConsent).toBe(true);
      await expectClosedForbidden(partner);
      await expectStillServed(own);
    } finally {
      await partner.client.dispose();
      await own.client.dispose();
    }
  });
});

describe('Subscription.loanReviewQueueChanged', () => {
  it("closes a reviewer's socket when the REVIEWER role is removed from the staff member", async () => {
    const reviewer = await loginStaff(t, 'reviewer.wu');
    const socket = await openSocket(reviewer.accessToken, LoanReviewQueueChangedDocument);
    try {
      // The staff directory change as the bank's admin tooling makes it: the roles and, in the same
      // transaction, the revocation notice every gateway instance listens to.
      await t.gateway.database.db.transaction(async (tx) => {
        await tx.execute(sql`update staff_members set roles = array['TELLER'] where id = 'S0002'`);
        await tx.execute(sql`select pg_notify(${AUTH_REVOKED_CHANNEL}, 'STAFF:S0002')`);
      });
      await expectClosedForbidden(socket);
    } finally {
      await socket.client.dispose();
      await t.gateway.database.db.execute(sql`update staff_members set roles = array['REVIEWER'] where id = 'S0002'`);
    }
  });
});
