/**
 * One-time codes capped ACROSS challenges: whoever can open new challenges (a new platform code, a
 * new login) gets no new sends or guesses past the hourly caps per customer, per mini-program user
 * and per client address.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiniProgramLoginDocument, RequestLoginOtpDocument, VerifyLoginOtpDocument } from '../../generated/graphql.js';
import { DEMO_PASSWORD } from '../../../src/modules/auth/auth.seed.js';
import { errorCode, executeFrom, lastOtp } from '../../support/auth.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

const SENDS_PER_HOUR = 5;
const GUESSES_PER_HOUR = 10;
const PER_ADDRESS_PER_HOUR = 12;

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway({
    OTP_SENDS_PER_HOUR: String(SENDS_PER_HOUR),
    OTP_GUESSES_PER_HOUR: String(GUESSES_PER_HOUR),
    OTP_PER_ADDRESS_PER_HOUR: String(PER_ADDRESS_PER_HOUR),
    OTP_MAX_ATTEMPTS: '5',
    // The caps are what is tested, not timeouts: a busy machine must not turn a send into UPSTREAM_TIMEOUT.
    BACKEND_TIMEOUT_MS: '3000',
  });
});
afterAll(() => t?.close());

/** A new mini-program challenge for `username`, opened from `from` by a new platform user each time. */
async function newChallenge(from: string, username: string, platformUser = `mp-${randomUUID()}`): Promise<string> {
  const started = await executeFrom(from, t.url, MiniProgramLoginDocument, {
    input: { code: `mp:${platformUser}:${randomUUID()}`, username, password: DEMO_PASSWORD },
  });
  if (started.data?.miniProgramLogin.__typename !== 'OtpRequired') throw new Error(`expected OtpRequired, got ${JSON.stringify(started)}`);
  return started.data.miniProgramLogin.challenge.challengeId;
}

/** The ids of the messages the identity mock holds for `phone` (it keeps the newest 1000 of all phones). */
async function messageIds(phone: string): Promise<Set<string>> {
  const response = await fetch(`${t.backends.identity}/__admin/messages?phone=${phone}`);
  return new Set(((await response.json()) as { messages: { messageId: string }[] }).messages.map((m) => m.messageId));
}

describe('one-time codes across challenges', () => {
  it('sends at most OTP_SENDS_PER_HOUR codes to one customer, however many challenges ask at once', async () => {
    const challenges: string[] = [];
    for (let i = 0; i < 8; i++) challenges.push(await newChallenge('127.0.2.1', 'li.na'));
    const before = await messageIds('13800138007');
    const answers = await Promise.all(challenges.map((challengeId) => executeFrom('127.0.2.1', t.url, RequestLoginOtpDocument, { challengeId })));
    expect(answers.filter((a) => a.data?.requestLoginOtp.sentTo)).toHaveLength(SENDS_PER_HOUR);
    const refused = answers.filter((a) => errorCode(a) === 'TOO_MANY_ATTEMPTS');
    expect(refused).toHaveLength(8 - SENDS_PER_HOUR);
    expect(refused[0]?.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    const sent = [...(await messageIds('13800138007'))].filter((id) => !before.has(id));
    expect(sent).toHaveLength(SENDS_PER_HOUR);
  });

  it('compares at most OTP_GUESSES_PER_HOUR codes for one customer across challenges, sent at once', async () => {
    const challenges: string[] = [];
    for (let i = 0; i < 3; i++) {
      const challengeId = await newChallenge('127.0.2.2', 'zhou.min');
      await executeFrom('127.0.2.2', t.url, RequestLoginOtpDocument, { challengeId });
      challenges.push(challengeId);
    }
    const code = await lastOtp(t, '13800138006');
    const wrong = code === '000000' ? '111111' : '000000';
    // 5 wrong guesses at each of the three challenges (15 > 10), all at once.
    const guesses = challenges.flatMap((challengeId) => Array.from({ length: 5 }, () => ({ challengeId, code: wrong })));
    const answers = await Promise.all(guesses.map((g) => executeFrom('127.0.2.2', t.url, VerifyLoginOtpDocument, g)));
    const codes = answers.map(errorCode);
    expect(codes.filter((c) => c === 'OTP_INVALID')).toHaveLength(GUESSES_PER_HOUR);
    expect(codes.filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(15 - GUESSES_PER_HOUR);
    // The right code of the newest challenge is refused too: the customer's guesses are used up.
    expect(errorCode(await executeFrom('127.0.2.2', t.url, VerifyLoginOtpDocument, { challengeId: challenges[2]!, code }))).toBe('TOO_MANY_ATTEMPTS');
  });

  it('sends at most OTP_PER_ADDRESS_PER_HOUR codes from one address, whoever they are for', async () => {
    const challenges: string[] = [];
    for (const username of ['chen.jie', 'liu.yang', 'sun.mei']) {
      for (let i = 0; i < 5; i++) challenges.push(await newChallenge('127.0.2.3', username));
    }
    const answers = await Promise.all(challenges.map((challengeId) => executeFrom('127.0.2.3', t.url, RequestLoginOtpDocument, { challengeId })));
    expect(answers.filter((a) => a.data?.requestLoginOtp.sentTo)).toHaveLength(PER_ADDRESS_PER_HOUR);
    expect(answers.map(errorCode).filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(15 - PER_ADDRESS_PER_HOUR);
  });

  it('caps one mini-program user across the customers it tries', async () => {
    const platformUser = `mp-${randomUUID()}`;
    const answers = [];
    for (const username of ['wang.fang', 'zhao.lei']) {
      for (let i = 0; i < 4; i++) {
        const challengeId = await newChallenge('127.0.2.4', username, platformUser);
        answers.push(await executeFrom('127.0.2.4', t.url, RequestLoginOtpDocument, { challengeId }));
      }
    }
    expect(answers.filter((a) => a.data?.requestLoginOtp.sentTo)).toHaveLength(SENDS_PER_HOUR);
    expect(answers.map(errorCode).filter((c) => c === 'TOO_MANY_ATTEMPTS')).toHaveLength(8 - SENDS_PER_HOUR);
  });
});
