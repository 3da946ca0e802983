import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  MiniProgramLoginDocument,
  MySessionsDocument,
  RequestLoginOtpDocument,
  VerifyLoginOtpDocument,
  type TokensFragment,
} from '../../generated/graphql.js';
import { bearer, errorCode, lastOtp } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;

beforeAll(async () => {
  t = await sharedGateway();
});

/** A platform login code for `userKey`: each call is a new code for the same platform user. */
const codeFor = (userKey: string) => `mp:${userKey}:${randomUUID()}`;
const miniProgramLogin = (code: string, username?: string) =>
  execute(t.url, MiniProgramLoginDocument, { input: { code, username } }, { 'x-channel': 'MINI_PROGRAM' });

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

  it('answers an unknown username with INVALID_CREDENTIALS, as a password login does', async () => {
    expect(errorCode(await miniProgramLogin(codeFor('typo'), 'no.such.user'))).toBe('INVALID_CREDENTIALS');
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
