import { randomUUID } from 'node:crypto';
import { and, arrayContains, eq } from 'drizzle-orm';
import { auditEntries } from '../../../src/modules/audit/audit.tables.js';
import { events } from '../../../src/platform/events/events.tables.js';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MiniProgramLoginDocument,
  MySessionsDocument,
  RequestLoginOtpDocument,
  VerifyLoginOtpDocument,
  type TokensFragment,
} from '../../generated/graphql.js';
import { DEMO_PASSWORD } from '../../../src/modules/auth/auth.seed.js';
import { bearer, errorCode, lastOtp } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;

beforeAll(async () => {
  // A gateway of its own: the attacker's guesses lock a demo username for the files after this one.
  t = await startTestGateway();
});
afterAll(() => t?.close());

/** A platform login code for `userKey`: each call is a new code for the same platform user. */
const codeFor = (userKey: string) => `mp:${userKey}:${randomUUID()}`;
const miniProgramLogin = (code: string, username?: string, password: string | null = username ? DEMO_PASSWORD : null) =>
  execute(t.url, MiniProgramLoginDocument, { input: { code, username, password } }, { 'x-channel': 'MINI_PROGRAM' });

/** Links `userKey` to a demo customer the way the mini-program does the first time. */
async function link(userKey: string, username: string, phone: string): Promise<TokensFragment> {
  const started = await miniProgramLogin(codeFor(userKey), username);
  if (started.data?.miniProgramLogin.__typename !== 'OtpRequired') throw new Error(`expected OtpRequired, got ${JSON.stringify(started)}`);
  const { challengeId } = started.data.miniProgramLogin.challenge;
  const sent = await execute(t.url, RequestLoginOtpDocument, { challengeId });
  expect(sent.data?.requestLoginOtp.sentTo).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
  const verified = await execute(t.url, VerifyLoginOtpDocument, { challengeId, code: await lastOtp(t, phone) });
  expect(verified.errors).toBeUndefined();
  return verified.data!.verifyLoginOtp;
}

/** The first error of a response, without what differs per request. */
const withoutRequestId = (response: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] }) => {
  const { requestId: _requestId, ...extensions } = response.errors?.[0]?.extensions ?? {};
  return { message: response.errors?.[0]?.message, extensions };
};

/** How many messages the identity mock "sent" to `phone`. */
async function messageCount(phone: string): Promise<number> {
  const response = await fetch(`${t.backends.identity}/__admin/messages?phone=${phone}`);
  return ((await response.json()) as { messages: unknown[] }).messages.length;
}

describe('Mutation.miniProgramLogin', () => {
  it('asks for the username with BAD_USER_INPUT while the platform user is not linked', async () => {
    const response = await miniProgramLogin(codeFor('unlinked-user'));
    expect(response.data).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'username' });
  });

  it('links the platform user after a one-time code to the named customer, and opens a MINI_PROGRAM session', async () => {
    const started = await miniProgramLogin(codeFor('first-timer'), 'wang.fang');
    expect(started.errors).toBeUndefined();
    expect(started.data?.miniProgramLogin).toMatchObject({ __typename: 'OtpRequired', challenge: { sentTo: null } });

    const tokens = await link('first-timer', 'wang.fang', '13800138001');
    expect(decodeJwt(tokens.accessToken)).toMatchObject({ sub: 'C000001', channel: 'MINI_PROGRAM' });
    const sessions = await execute(t.url, MySessionsDocument, undefined, bearer(tokens.accessToken, 'MINI_PROGRAM'));
    expect(sessions.data?.mySessions.find((s) => s.current)).toMatchObject({
      id: tokens.sessionId,
      channel: 'MINI_PROGRAM',
      deviceId: null,
    });
  });

  it('signs a linked platform user in directly with any later code, without a username', async () => {
    const linked = await link('regular', 'zhao.lei', '13800138002');

    const again = await miniProgramLogin(codeFor('regular'));
    expect(again.errors).toBeUndefined();
    if (again.data?.miniProgramLogin.__typename !== 'SignedIn') throw new Error('expected SignedIn');
    const { tokens } = again.data.miniProgramLogin;
    expect(tokens.sessionId).not.toBe(linked.sessionId);
    expect(decodeJwt(tokens.accessToken)).toMatchObject({ sub: 'C000002', channel: 'MINI_PROGRAM' });
    const sessions = await execute(t.url, MySessionsDocument, undefined, bearer(tokens.accessToken, 'MINI_PROGRAM'));
    expect(sessions.data?.mySessions.find((s) => s.current)?.channel).toBe('MINI_PROGRAM');
  });

  it('keeps a linked platform user on its customer when a later login names someone else', async () => {
    await link('loyal', 'chen.jie', '13800138003');
    const response = await miniProgramLogin(codeFor('loyal'), 'liu.yang');
    if (response.data?.miniProgramLogin.__typename !== 'SignedIn') throw new Error('expected SignedIn');
    expect(decodeJwt(response.data.miniProgramLogin.tokens.accessToken).sub).toBe('C000003');
  });

  it('does not link the platform user until the one-time code is verified', async () => {
    const started = await miniProgramLogin(codeFor('hesitant'), 'sun.mei');
    expect(started.data?.miniProgramLogin.__typename).toBe('OtpRequired');
    expect(errorCode(await miniProgramLogin(codeFor('hesitant')))).toBe('BAD_USER_INPUT');
  });

  it('refuses a code the platform rejects with INVALID_MINI_PROGRAM_CODE', async () => {
    const response = await miniProgramLogin(`bad-${randomUUID()}`, 'wang.fang');
    expect(response.data).toBeNull();
    expect(errorCode(response)).toBe('INVALID_MINI_PROGRAM_CODE');
  });

  it('answers an unknown username and a wrong password alike (INVALID_CREDENTIALS, same message), and sends no code for either', async () => {
    const before = await messageCount('13800138004');
    const unknown = await miniProgramLogin(codeFor('typo'), 'no.such.user', 'Whatever-1');
    const wrong = await miniProgramLogin(codeFor('typo'), 'liu.yang', 'Whatever-1');
    expect(unknown.data).toBeNull();
    expect(wrong.data).toBeNull();
    expect(unknown.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    expect(withoutRequestId(wrong)).toEqual(withoutRequestId(unknown));
    expect(await messageCount('13800138004')).toBe(before);
  });

  it('asks for the password with BAD_USER_INPUT, whether or not the username exists', async () => {
    const known = await miniProgramLogin(codeFor('no-password'), 'liu.yang', null);
    const unknown = await miniProgramLogin(codeFor('no-password'), 'no.such.user', null);
    expect(known.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    expect(withoutRequestId(unknown)).toEqual(withoutRequestId(known));
  });

  it('never links an attacker who knows only the username: new platform codes bring no challenge and no SMS to the victim', async () => {
    const before = await messageCount('13800138004');
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await miniProgramLogin(codeFor(`attacker-${randomUUID()}`), 'liu.yang', `guess-${randomUUID()}`));
    expect(answers.map(errorCode).filter((c) => c !== 'INVALID_CREDENTIALS' && c !== 'TOO_MANY_ATTEMPTS')).toEqual([]);
    expect(answers.some((a) => a.data?.miniProgramLogin)).toBe(false);
    expect(await messageCount('13800138004')).toBe(before);
  });

  it('tells the customer: a link is recorded as a MINI_PROGRAM_BOUND event on their security topic and in the audit trail', async () => {
    await link('noticed', 'li.na', '13800138007');
    const db = t.gateway.database.db;
    const bound = await db.select().from(events).where(and(eq(events.type, 'MINI_PROGRAM_BOUND'), arrayContains(events.topics, ['customer:C000007:security'])));
    expect(bound).toHaveLength(1);
    const audited = await db.select().from(auditEntries).where(and(eq(auditEntries.actor, 'customer:C000007'), eq(auditEntries.action, 'MINI_PROGRAM_BOUND')));
    expect(audited).toHaveLength(1);
  });
});

describe('Mutation.requestLoginOtp', () => {
  it('answers a challenge id that does not exist with NOT_FOUND', async () => {
    expect(errorCode(await execute(t.url, RequestLoginOtpDocument, { challengeId: randomUUID() }))).toBe('NOT_FOUND');
  });

  it('answers a challenge id that is not a UUID with NOT_FOUND too', async () => {
    expect(errorCode(await execute(t.url, RequestLoginOtpDocument, { challengeId: 'not-a-challenge' }))).toBe('NOT_FOUND');
  });
});

describe('Mutation.verifyLoginOtp', () => {
  it('answers a challenge id that is not a UUID with NOT_FOUND', async () => {
    const response = await execute(t.url, VerifyLoginOtpDocument, { challengeId: 'not-a-challenge', code: '123456' });
    expect(errorCode(response)).toBe('NOT_FOUND');
  });
});
