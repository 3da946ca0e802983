/**
 * The embedded default for a newcomer: the one-time codes the mock "sends" reach the console
 * (src/main.ts prints what `onMockOtp` receives), so the README's login can be finished by hand.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../../src/app.js';
import { DEMO_PASSWORD } from '../../src/modules/auth/auth.seed.js';
import { loadConfig } from '../../src/platform/config.js';
import { LoginDocument, RequestLoginOtpDocument, VerifyLoginOtpDocument } from '../generated/graphql.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { TEST_ENV } from '../support/gateway.js';
import { execute } from '../support/graphql-client.js';

describe('one-time codes on the embedded default', () => {
  let database: TestDatabase;
  let gateway: Gateway;
  const printed: { phone: string; code: string; purpose: string }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    gateway = await startGateway(loadConfig({ ...TEST_ENV, DATABASE_URL: database.url }), { onMockOtp: (otp) => printed.push(otp) });
  }, 60_000);
  afterAll(async () => {
    await gateway?.close();
    await database?.drop();
  });

  it('are handed to the console with the phone masked, and the printed code signs the customer in', async () => {
    const login = await execute(gateway.url, LoginDocument, {
      input: { username: 'wang.fang', password: DEMO_PASSWORD, channel: 'APP', deviceId: `newcomer-${Date.now()}` },
    });
    expect(login.data?.login.__typename).toBe('OtpRequired');
    if (login.data?.login.__typename !== 'OtpRequired') return;
    const { challengeId } = login.data.login.challenge;
    expect((await execute(gateway.url, RequestLoginOtpDocument, { challengeId })).errors).toBeUndefined();

    expect(printed).toHaveLength(1);
    expect(printed[0]!.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    const verified = await execute(gateway.url, VerifyLoginOtpDocument, { challengeId, code: printed[0]!.code });
    expect(verified.errors).toBeUndefined();
    expect(verified.data?.verifyLoginOtp.accessToken).toEqual(expect.any(String));
  });

  it('answers the curl example of the README as it is written (only the address differs)', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).find((b) => b.startsWith('curl '));
    expect(block).toBeDefined();
    const command = block!.replaceAll('http://127.0.0.1:4000/graphql', gateway.url);
    const { stdout } = await promisify(execFile)('sh', ['-c', command]);
    const answer = JSON.parse(stdout) as { data?: { products: { code: string }[] }; errors?: unknown };
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.products.length).toBeGreaterThan(0);
  });
});
