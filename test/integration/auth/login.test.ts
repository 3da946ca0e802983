import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  LoginDocument,
  MySessionsDocument,
  RequestLoginOtpDocument,
  VerifyLoginOtpDocument,
} from '../../generated/graphql.js';
import { DEMO_PASSWORD } from '../../../src/modules/auth/auth.seed.js';
import { lastOtp, loginCustomer, newDeviceId } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;

beforeAll(async () => {
  t = await sharedGateway();
});

describe('Mutation.login', () => {
  it('asks a new device for a one-time code, sends it to the masked phone, and signs in with it', async () => {
    const deviceId = newDeviceId();
    const login = await execute(t.url, LoginDocument, {
      input: { username: 'wang.fang', password: DEMO_PASSWORD, channel: 'APP', deviceId },
    });
    expect(login.data?.login.__typename).toBe('OtpRequired');
    if (login.data?.login.__typename !== 'OtpRequired') return;
    const { challengeId } = login.data.login.challenge;

    const sent = await execute(t.url, RequestLoginOtpDocument, { challengeId });
    expect(sent.data?.requestLoginOtp.sentTo).toMatch(/^1\d{2}\*{4}\d{4}$/);
    const code = await lastOtp(t);
    const verified = await execute(t.url, VerifyLoginOtpDocument, { challengeId, code });
    expect(verified.errors).toBeUndefined();
    const tokens = verified.data!.verifyLoginOtp;
    expect(tokens.accessToken.split('.')).toHaveLength(3);

    // The same device is now known: the next login goes straight in.
    const again = await execute(t.url, LoginDocument, {
      input: { username: 'wang.fang', password: DEMO_PASSWORD, channel: 'APP', deviceId },
    });
    expect(again.data?.login.__typename).toBe('SignedIn');
  });

  it('issues a token any service can verify with a plain jose remote JWKS', async () => {
    const { accessToken } = await loginCustomer(t, 'chen.jie', { channel: 'WEB' });
    const jwks = createRemoteJWKSet(new URL(t.url.replace('/graphql', '/.well-known/jwks.json')));
    const { payload, protectedHeader } = await jwtVerify(accessToken, jwks, {
      issuer: 'https://gateway.bank.example',
      audience: 'channel-gateway',
      typ: 'at+jwt',
      algorithms: ['ES256'],
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(protectedHeader.kid).toBe(decodeProtectedHeader(accessToken).kid);
    expect(payload).toMatchObject({ sub: 'C000003', channel: 'WEB', roles: ['CUSTOMER'] });
    expect(typeof payload.sid).toBe('string');
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  it('accepts the token on the next request', async () => {
    const session = await loginCustomer(t, 'li.na');
    const response = await execute(t.url, MySessionsDocument, undefined, session.headers);
    expect(response.errors).toBeUndefined();
    expect(response.data?.mySessions.find((s) => s.current)).toMatchObject({ id: session.sessionId, deviceId: session.deviceId, channel: 'APP' });
  });

  it('answers an unknown user and a wrong password with the same error', async () => {
    const deviceId = newDeviceId();
    const wrong = await execute(t.url, LoginDocument, { input: { username: 'sun.mei', password: 'nope', channel: 'WEB', deviceId } });
    const unknown = await execute(t.url, LoginDocument, { input: { username: 'nobody.here', password: 'nope', channel: 'WEB', deviceId } });
    expect(wrong.data).toBeNull();
    expect(wrong.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.errors?.[0]?.message).toBe(wrong.errors?.[0]?.message);
    expect(unknown.errors?.[0]?.extensions?.code).toBe(wrong.errors?.[0]?.extensions?.code);
  });

  it('refuses a wrong one-time code, then too many of them', async () => {
    const login = await execute(t.url, LoginDocument, {
      input: { username: 'zhou.min', password: DEMO_PASSWORD, channel: 'APP', deviceId: newDeviceId() },
    });
    if (login.data?.login.__typename !== 'OtpRequired') throw new Error('expected OtpRequired');
    const { challengeId } = login.data.login.challenge;
    const early = await execute(t.url, VerifyLoginOtpDocument, { challengeId, code: '000000' });
    expect(early.errors?.[0]?.extensions?.code).toBe('OTP_NOT_SENT');
    await execute(t.url, RequestLoginOtpDocument, { challengeId });
    const code = await lastOtp(t);
    const wrongCode = code === '111111' ? '222222' : '111111';
    const codes: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await execute(t.url, VerifyLoginOtpDocument, { challengeId, code: wrongCode });
      codes.push(r.errors?.[0]?.extensions?.code as string);
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('OTP_INVALID'));
    expect(codes[5]).toBe('TOO_MANY_ATTEMPTS');
    const late = await execute(t.url, VerifyLoginOtpDocument, { challengeId, code });
    expect(late.errors?.[0]?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
  });

  it('uses a one-time code once', async () => {
    const login = await execute(t.url, LoginDocument, {
      input: { username: 'liu.yang', password: DEMO_PASSWORD, channel: 'APP', deviceId: newDeviceId() },
    });
    if (login.data?.login.__typename !== 'OtpRequired') throw new Error('expected OtpRequired');
    const { challengeId } = login.data.login.challenge;
    await execute(t.url, RequestLoginOtpDocument, { challengeId });
    const code = await lastOtp(t);
    const [a, b] = await Promise.all([
      execute(t.url, VerifyLoginOtpDocument, { challengeId, code }),
      execute(t.url, VerifyLoginOtpDocument, { challengeId, code }),
    ]);
    const outcomes = [a, b].map((r) => (r.errors ? r.errors[0]?.extensions?.code : 'OK')).sort();
    expect(outcomes).toEqual(['OK', 'OTP_ALREADY_USED']);
  });
});
