/**
 * NODE_ENV=production fails closed: no mock backends, no embedded database, no generated signing
 * keys, and never the published demo logins.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningMocks } from '../../mocks/index.js';
import type { Gateway } from '../../src/app.js';
import { DEMO_PASSWORD, DEMO_STAFF_PASSWORD } from '../../src/modules/auth/auth.seed.js';
import { execute } from '../support/graphql-client.js';
import { startProductionGateway, type ProductionGateway } from './production-gateway.js';

function runMain(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm start with NODE_ENV=production', () => {
  it('refuses to start on the embedded defaults, naming every backend URL, DATABASE_URL and JWT_SIGNING_KEYS', async () => {
    const run = await runMain({ NODE_ENV: 'production', SEED_DEMO: 'true' });
    expect(run.code).toBe(1);
    for (const variable of ['CORE_BANKING_URL', 'CRM_URL', 'CREDIT_BUREAU_URL', 'RISK_URL', 'IDENTITY_URL', 'BUSINESS_REGISTRY_URL', 'DATABASE_URL', 'JWT_SIGNING_KEYS', 'SEED_DEMO']) {
      expect(run.stderr).toMatch(new RegExp(`^  ${variable}: `, 'm'));
    }
    expect(run.stdout).not.toMatch(/ready/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // one message, no stack trace
  }, 30_000);
});

describe('a production gateway', () => {
  let t: ProductionGateway;
  let gateway: Gateway;
  let mocks: RunningMocks;

  beforeAll(async () => {
    t = await startProductionGateway();
    gateway = t.gateway;
    mocks = t.mocks;
  }, 60_000);
  afterAll(() => t?.close());

  it('does not know the demo staff login admin.ma', async () => {
    const result = await execute(
      gateway.url,
      'mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }',
      { u: 'admin.ma', p: DEMO_STAFF_PASSWORD },
    );
    expect((result.data as { staffLogin?: unknown } | null)?.staffLogin ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
  });

  it('does not know the demo customer login wang.fang', async () => {
    const result = await execute(
      gateway.url,
      'mutation($i: LoginInput!) { login(input: $i) { __typename } }',
      { i: { username: 'wang.fang', password: DEMO_PASSWORD, channel: 'APP', deviceId: 'prod-test-device' } },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
  });

  it('serves no explorer', async () => {
    const response = await fetch(gateway.url.replace(/\/graphql$/, '/explorer'));
    expect(response.status).toBe(404);
  });

  it('registers no automatic persisted query: a new hash with its text runs but is not kept, the hash alone is unknown', async () => {
    const query = '{ products { code } }';
    const sha256Hash = createHash('sha256').update(`${query} # ${Date.now()}`).digest('hex');
    const post = (body: Record<string, unknown>) =>
      fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-channel': 'WEB' }, body: JSON.stringify(body) });
    const withText = await post({ query, extensions: { persistedQuery: { version: 1, sha256Hash } } });
    expect(withText.status).toBe(200);
    const hashOnly = (await (await post({ extensions: { persistedQuery: { version: 1, sha256Hash } } })).json()) as { errors: { extensions: { code: string } }[] };
    expect(hashOnly.errors[0]?.extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('runs a trusted document of the client kit by its hash', async () => {
    const [documentId] = Object.entries(JSON.parse(await readFile('schema/trusted-documents.json', 'utf8')) as Record<string, { document: string }>).find(
      ([, entry]) => entry.document === 'query ProductCodes { products { code } }',
    )!;
    const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-channel': 'PARTNER' }, body: JSON.stringify({ documentId }) });
    const body = (await response.json()) as { data?: { products: unknown[] } };
    expect(body.data?.products.length).toBeGreaterThan(0);
  });

  it('uses the backends it was given and started no mock of its own', () => {
    expect(gateway.mocks).toBeUndefined();
    expect(gateway.backendUrls).toEqual(mocks.urls);
  });
});
