/**
 * Login throttling where timing must not help the test: a lockout long enough (60 s) that it cannot
 * expire while parallel requests are still arriving on a busy machine, so "exactly the limit" is exact.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginDocument, RequestLoginOtpDocument, VerifyLoginOtpDocument } from '../../generated/graphql.js';
import { DEMO_PASSWORD } from '../../../src/modules/auth/auth.seed.js';
import { errorCode, executeFrom, lastOtp, loginCustomer, newDeviceId } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

const MAX_FAILURES_PER_USER = 3;
const MAX_FAILURES_PER_ADDRESS = 5;
const OTP_MAX_ATTEMPTS = 2;

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway({
    LOGIN_MAX_FAILURES_PER_USER: String(MAX_FAILURES_PER_USER),
    LOGIN_MAX_FAILURES_PER_ADDRESS: String(MAX_FAILURES_PER_ADDRESS),
    LOGIN_LOCKOUT_MS: '60000',
    OTP_MAX_ATTEMPTS: String(OTP_MAX_ATTEMPTS),
  });
});
afterAll(() => t?.close());

// Each test calls from its own loopback addresses and uses its own usernames.
const login = (from: string, username: string, password: string, deviceId: string) =>
  executeFrom(from, t.url, LoginDocument, { input: { username, password, channel: 'APP', deviceId } });

describe('Mutation.login: a lock per (username, address), a step-up for the owner', () => {
  it("does not let strangers lock the owner out of their own phone: a known device gets a one-time code (step-up) instead of a lock", async () => {
    const { deviceId } = await loginCustomer(t, 'sun.mei');
    for (let i = 0; i < MAX_FAILURES_PER_USER; i++) await login(`127.0.1.${i + 1}`, 'sun.mei', 'wrong', newDeviceId());
    expect(errorCode(await login('127.0.1.9', 'sun.mei', DEMO_PASSWORD, newDeviceId()))).toBe('TOO_MANY_ATTEMPTS');

    const owner = await login('127.0.0.14', 'sun.mei', DEMO_PASSWORD, deviceId);
    expect(owner.errors).toBeUndefined();
    if (owner.data?.login.__typename !== 'OtpRequired') throw new Error(`expected a step-up, got ${JSON.stringify(owner)}`);
    const { challengeId } = owner.data.login.challenge;
    await executeFrom('127.0.0.14', t.url, RequestLoginOtpDocument, { challengeId });
    const verified = await executeFrom('127.0.0.14', t.url, VerifyLoginOtpDocument, { challengeId, code: await lastOtp(t, '13800138005') });
    expect(verified.errors).toBeUndefined();
    expect(verified.data?.verifyLoginOtp.accessToken).toBeTruthy();
    // A wrong password on the known device is still only a wrong password.
    expect(errorCode(await login('127.0.0.14', 'sun.mei', 'wrong', deviceId))).toBe('INVALID_CREDENTIALS');
  });

});

describe('Mutation.login under concurrency', () => {
  it('evaluates at most LOGIN_MAX_FAILURES_PER_USER of 20 wrong passwords sent at once; the rest and the right one after them are refused', async () => {
    const deviceId = (await loginCustomer(t, 'liu.yang')).deviceId;
    const answers = await Promise.all(Array.from({ length: 20 }, () => login('127.0.0.61', 'liu.yang', 'wrong', deviceId)));
    const codes = answers.map(errorCode);
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(MAX_FAILURES_PER_USER);
    expect(codes.filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(20 - MAX_FAILURES_PER_USER);
    expect(errorCode(await login('127.0.0.61', 'liu.yang', DEMO_PASSWORD, deviceId))).toBe('TOO_MANY_ATTEMPTS');
  });

  it('19 wrong passwords and the right one sent together: at most the limit is evaluated', async () => {
    const deviceId = (await loginCustomer(t, 'wang.fang')).deviceId;
    const attempts = [...Array.from({ length: 19 }, () => 'wrong'), DEMO_PASSWORD];
    const answers = await Promise.all(attempts.map((password) => login('127.0.0.62', 'wang.fang', password, deviceId)));
    const evaluated = answers.filter((a) => errorCode(a) !== 'TOO_MANY_ATTEMPTS');
    expect(evaluated.length).toBeLessThanOrEqual(MAX_FAILURES_PER_USER);
    expect(answers.filter((a) => errorCode(a) === 'TOO_MANY_ATTEMPTS').length).toBeGreaterThanOrEqual(20 - MAX_FAILURES_PER_USER);
  });

  it('locks an address that sends wrong passwords for many usernames at once after exactly LOGIN_MAX_FAILURES_PER_ADDRESS', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => login('127.0.0.63', `parallel.user${i}`, 'wrong', newDeviceId())));
    expect(answers.map(errorCode).filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(MAX_FAILURES_PER_ADDRESS);
    expect(errorCode(await login('127.0.0.63', 'zhao.lei', DEMO_PASSWORD, newDeviceId()))).toBe('TOO_MANY_ATTEMPTS');
  });
});

describe('Mutation.verifyLoginOtp under concurrency', () => {
  it('compares at most OTP_MAX_ATTEMPTS codes of a challenge, however many arrive at once (39 wrong + the right one)', async () => {
    const started = await login('127.0.0.64', 'zhao.lei', DEMO_PASSWORD, newDeviceId());
    if (started.data?.login.__typename !== 'OtpRequired') throw new Error('expected OtpRequired');
    const { challengeId } = started.data.login.challenge;
    await execute(t.url, RequestLoginOtpDocument, { challengeId });
    const code = await lastOtp(t, '13800138002');
    const wrong = code === '000000' ? '111111' : '000000';
    const guesses = [...Array.from({ length: 39 }, () => wrong), code];
    const answers = await Promise.all(guesses.map((guess) => execute(t.url, VerifyLoginOtpDocument, { challengeId, code: guess })));
    const compared = answers.filter((a) => errorCode(a) === 'OTP_INVALID' || a.data?.verifyLoginOtp);
    expect(compared.length).toBeLessThanOrEqual(OTP_MAX_ATTEMPTS);
    expect(answers.filter((a) => errorCode(a) === 'TOO_MANY_ATTEMPTS').length).toBeGreaterThanOrEqual(40 - OTP_MAX_ATTEMPTS);
  });
});

