import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginDocument, RequestLoginOtpDocument, StaffLoginDocument, VerifyLoginOtpDocument } from '../../generated/graphql.js';
import { DEMO_PASSWORD, DEMO_STAFF_PASSWORD } from '../../../src/modules/auth/auth.seed.js';
import { errorCode, executeFrom, lastOtp, loginCustomer, newDeviceId } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

const MAX_FAILURES_PER_USER = 3;
const MAX_FAILURES_PER_ADDRESS = 5;
// Long enough that a lock taken before a password check (scrypt) is still on when a loaded machine sends the next request.
const LOCKOUT_MS = 3000;
const OTP_MAX_ATTEMPTS = 2;

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway({
    LOGIN_MAX_FAILURES_PER_USER: String(MAX_FAILURES_PER_USER),
    LOGIN_MAX_FAILURES_PER_ADDRESS: String(MAX_FAILURES_PER_ADDRESS),
    LOGIN_LOCKOUT_MS: String(LOCKOUT_MS),
    OTP_MAX_ATTEMPTS: String(OTP_MAX_ATTEMPTS),
  });
});
afterAll(() => t?.close());

// Each test calls from its own loopback address, so the per-address counter of one test never
// locks out another.
const login = (from: string, username: string, password: string, deviceId: string) =>
  executeFrom(from, t.url, LoginDocument, { input: { username, password, channel: 'APP', deviceId } });
const staffLogin = (from: string, username: string, password: string) =>
  executeFrom(from, t.url, StaffLoginDocument, { username, password });

// The login and staffLogin suites each wait out a lockout: the two suites run side by side, so the two
// waits overlap (their tests use different addresses and usernames). Tests within a suite stay in
// order: loginCustomer reads the newest code the identity mock sent, so two OTP logins must not interleave.
describe('Mutation.login', { concurrent: true }, () => {
  it.sequential('locks a (username, address) after LOGIN_MAX_FAILURES_PER_USER wrong passwords: even the right one gets TOO_MANY_ATTEMPTS with retryAfterSeconds', async () => {
    const { deviceId } = await loginCustomer(t, 'zhou.min');
    const codes: unknown[] = [];
    for (let i = 0; i < MAX_FAILURES_PER_USER; i++) codes.push(errorCode(await login('127.0.0.11', 'zhou.min', 'wrong', deviceId)));
    expect(codes).toEqual(Array(MAX_FAILURES_PER_USER).fill('INVALID_CREDENTIALS'));

    const locked = await login('127.0.0.11', 'zhou.min', DEMO_PASSWORD, deviceId);
    expect(locked.data).toBeNull();
    expect(locked.errors?.[0]?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    // Whole seconds left of the lockout, counted from the last failure: at most its length, at least 1.
    const retryAfter = locked.errors?.[0]?.extensions?.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(LOCKOUT_MS / 1000));
  });

  it.sequential('lets the right password in again once the lockout has passed, and starts counting afresh', async () => {
    const { deviceId } = await loginCustomer(t, 'li.na');
    for (let i = 0; i < MAX_FAILURES_PER_USER; i++) await login('127.0.0.13', 'li.na', 'wrong', deviceId);
    expect(errorCode(await login('127.0.0.13', 'li.na', DEMO_PASSWORD, deviceId))).toBe('TOO_MANY_ATTEMPTS');

    await sleep(LOCKOUT_MS + 200);
    const recovered = await login('127.0.0.13', 'li.na', DEMO_PASSWORD, deviceId);
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data?.login.__typename).toBe('SignedIn');
    // A success clears the username's count: one more mistake is only a mistake.
    expect(errorCode(await login('127.0.0.13', 'li.na', 'wrong', deviceId))).toBe('INVALID_CREDENTIALS');
    expect(errorCode(await login('127.0.0.13', 'li.na', DEMO_PASSWORD, deviceId))).toBeUndefined();
  });

  it.sequential('locks a client address that sprays passwords at many usernames, except for devices customers already use there (fair behind NAT)', async () => {
    const { deviceId } = await loginCustomer(t, 'chen.jie');
    const codes: unknown[] = [];
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      codes.push(errorCode(await login('127.0.0.21', `sprayed.user${i}`, 'Winter2026!', newDeviceId())));
    }
    expect(codes).toEqual(Array(MAX_FAILURES_PER_ADDRESS).fill('INVALID_CREDENTIALS'));

    const locked = await login('127.0.0.21', 'chen.jie', DEMO_PASSWORD, newDeviceId());
    expect(locked.errors?.[0]?.extensions).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: expect.any(Number) });
    expect(locked.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);

    // The customer's own device behind the same address still signs in.
    const known = await login('127.0.0.21', 'chen.jie', DEMO_PASSWORD, deviceId);
    expect(known.errors).toBeUndefined();
    expect(known.data?.login.__typename).toBe('SignedIn');

    const elsewhere = await login('127.0.0.22', 'chen.jie', DEMO_PASSWORD, newDeviceId());
    expect(elsewhere.errors).toBeUndefined();
    expect(elsewhere.data?.login.__typename).toBe('OtpRequired');
  });
});

describe('Mutation.staffLogin', { concurrent: true }, () => {
  it('locks a staff username after too many wrong passwords, and lets it in once the lockout has passed', async () => {
    const codes: unknown[] = [];
    for (let i = 0; i < MAX_FAILURES_PER_USER; i++) codes.push(errorCode(await staffLogin('127.0.0.31', 'teller.li', 'wrong')));
    expect(codes).toEqual(Array(MAX_FAILURES_PER_USER).fill('INVALID_CREDENTIALS'));

    const locked = await staffLogin('127.0.0.31', 'teller.li', DEMO_STAFF_PASSWORD);
    expect(locked.data).toBeNull();
    expect(locked.errors?.[0]?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    // Whole seconds left of the lockout, counted from the last failure: at most its length, at least 1.
    const retryAfter = locked.errors?.[0]?.extensions?.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(LOCKOUT_MS / 1000));

    await sleep(LOCKOUT_MS + 200);
    const recovered = await staffLogin('127.0.0.31', 'teller.li', DEMO_STAFF_PASSWORD);
    expect(recovered.errors).toBeUndefined();
    expect(recovered.data?.staffLogin.accessToken).toBeTruthy();
  });
});

describe('Mutation.requestLoginOtp', () => {
  it('does not give a challenge locked by too many wrong codes a fresh set of attempts', async () => {
    const started = await login('127.0.0.41', 'wang.fang', DEMO_PASSWORD, newDeviceId());
    if (started.data?.login.__typename !== 'OtpRequired') throw new Error('expected OtpRequired');
    const { challengeId } = started.data.login.challenge;
    await execute(t.url, RequestLoginOtpDocument, { challengeId });
    const code = await lastOtp(t, '13800138001');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < OTP_MAX_ATTEMPTS; i++) await execute(t.url, VerifyLoginOtpDocument, { challengeId, code: wrong });
    expect(errorCode(await execute(t.url, VerifyLoginOtpDocument, { challengeId, code }))).toBe('TOO_MANY_ATTEMPTS');

    // "Too many wrong codes; log in again": asking for another code must not reopen the challenge.
    await execute(t.url, RequestLoginOtpDocument, { challengeId });
    const resent = await lastOtp(t, '13800138001');
    const after = await execute(t.url, VerifyLoginOtpDocument, { challengeId, code: resent });
    expect({ code: errorCode(after), signedIn: Boolean(after.data?.verifyLoginOtp) }).toEqual({
      code: 'TOO_MANY_ATTEMPTS',
      signedIn: false,
    });
  });
});
