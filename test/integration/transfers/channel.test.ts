/**
 * The channel of an authenticated request is the one its token was issued for: a header cannot
 * move a mini-program session onto the app's higher transfer limit.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MiniProgramLoginDocument,
  MySessionsDocument,
  RequestLoginOtpDocument,
  ServerTimeDocument,
  SubmitTransferDocument,
  VerifyLoginOtpDocument,
} from '../../generated/graphql.js';
import { bearer, errorCode, lastOtp, loginCustomer } from '../../support/auth.js';
import { execute, take, wsClient } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';
import { DEMO_PASSWORD } from '../../../src/modules/auth/auth.seed.js';

let t: TestGateway;
let miniProgramToken: string;

beforeAll(async () => {
  t = await startTestGateway({ BACKEND_TIMEOUT_MS: '3000' });
  const started = await execute(t.url, MiniProgramLoginDocument, { input: { code: `mp:channel-test:${randomUUID()}`, username: 'wang.fang', password: DEMO_PASSWORD } }, { 'x-channel': 'MINI_PROGRAM' });
  if (started.data?.miniProgramLogin.__typename !== 'OtpRequired') throw new Error(`expected OtpRequired: ${JSON.stringify(started)}`);
  const { challengeId } = started.data.miniProgramLogin.challenge;
  expect((await execute(t.url, RequestLoginOtpDocument, { challengeId })).errors).toBeUndefined();
  const verified = await execute(t.url, VerifyLoginOtpDocument, { challengeId, code: await lastOtp(t, '13800138001') });
  expect(verified.errors).toBeUndefined();
  miniProgramToken = verified.data!.verifyLoginOtp.accessToken;
});
afterAll(() => t?.close());

/** 6000.00: above the mini-program's 5000.00 limit, below the app's 50000.00. */
const transfer = (headers: Record<string, string>) =>
  execute(
    t.url,
    SubmitTransferDocument,
    {
      input: { fromAccountId: 'C000001-A01', payeeAccountNumber: '6222021234567890123', payeeName: 'Zhang San', amount: '6000.00', currency: 'CNY' },
      idempotencyKey: `ch-${randomUUID()}`,
    },
    headers,
  );

describe('Mutation.submitTransfer', () => {
  it("applies the mini-program limit to a mini-program session's transfer without a channel header", async () => {
    const response = await transfer(bearer(miniProgramToken));
    expect(errorCode(response)).toBe('LIMIT_EXCEEDED');
  });

  it('applies the mini-program limit when the header names the same channel', async () => {
    const response = await transfer(bearer(miniProgramToken, 'MINI_PROGRAM'));
    expect(errorCode(response)).toBe('LIMIT_EXCEEDED');
  });

  it('refuses a mini-program session that claims the APP channel, with CHANNEL_MISMATCH and nothing run', async () => {
    const response = await transfer(bearer(miniProgramToken, 'APP'));
    expect({ status: response.status, code: errorCode(response), data: response.data }).toEqual({ status: 400, code: 'CHANNEL_MISMATCH', data: undefined });
  });

  it('refuses an app session that claims another channel', async () => {
    const app = await loginCustomer(t, 'chen.jie');
    const response = await execute(t.url, MySessionsDocument, undefined, bearer(app.accessToken, 'WEB'));
    expect({ status: response.status, code: errorCode(response) }).toEqual({ status: 400, code: 'CHANNEL_MISMATCH' });
  });
});

describe('Subscription.serverTime', () => {
  it('refuses a WebSocket whose declared channel disagrees with its token (4400)', async () => {
    const client = wsClient(t.wsUrl, { channel: 'APP', authorization: `Bearer ${miniProgramToken}` });
    try {
      await expect(take(client, ServerTimeDocument, 1)).rejects.toMatchObject({ code: 4400 });
    } finally {
      await client.dispose();
    }
  });

  it("serves a WebSocket on its token's channel when none is declared", async () => {
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${miniProgramToken}` });
    try {
      const [tick] = await take(client, ServerTimeDocument, 1);
      expect(tick?.errors).toBeUndefined();
    } finally {
      await client.dispose();
    }
  });
});
