/**
 * Every adapter validates what a backend sends where it enters: a backend that answers with the
 * wrong shape, the wrong number of results or results for other ids fails with UPSTREAM_INVALID
 * (naming the backend), instead of handing wrong data to a customer. Served by a tiny HTTP server
 * that answers whatever the test tells it to.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BackendRejection, createBackendClient, type BackendClient } from '../../src/adapters/backend-client.js';
import { createCoreBankingClient } from '../../src/adapters/core-banking/core-banking.client.js';
import { createCreditBureauClient } from '../../src/adapters/credit-bureau/credit-bureau.client.js';
import { createCrmClient } from '../../src/adapters/crm/crm.client.js';
import { createIdentityClient } from '../../src/adapters/identity/identity.client.js';
import { createRiskClient } from '../../src/adapters/risk/risk.client.js';
import type { BackendName } from '../../src/platform/config.js';
import { UpstreamError } from '../../src/platform/errors.js';
import { failureOf } from './adapter-kit.js';

let server: Server;
let baseUrl: string;
let answer: { status: number; body: unknown } = { status: 200, body: {} };
const clients: BackendClient[] = [];

function client(name: BackendName): BackendClient {
  const created = createBackendClient({ name, baseUrl, timeoutMs: 1000, retries: 0, breaker: { minCalls: 100, halfOpenAfterMs: 100 } });
  clients.push(created);
  return created;
}

function answerWith(body: unknown, status = 200): void {
  answer = { status, body };
}

async function expectInvalid(call: Promise<unknown>, backend: BackendName): Promise<void> {
  const error = await failureOf(call);
  expect(error).toBeInstanceOf(UpstreamError);
  expect(error).toMatchObject({ code: 'UPSTREAM_INVALID', backend });
}

const cny = (amount: string) => ({ amount, currency: 'CNY' });
const report = {
  customerId: 'C000001',
  reportId: 'BR-1',
  generatedAt: '2026-10-30T16:02:00.000Z',
  score: 700,
  thinFile: false,
  openCreditLines: 1,
  totalCreditLimit: cny('1.00'),
  totalOutstanding: cny('1.00'),
  monthlyRepayments: cny('1.00'),
  delinquencies12m: 0,
  inquiries6m: 0,
  worstStatus: 'CURRENT',
};

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('entry validation of backend answers', () => {
  it('refuses an amount sent as a number instead of a decimal string', async () => {
    answerWith({ results: [{ ...report, totalOutstanding: { amount: 1.5, currency: 'CNY' } }] });
    await expectInvalid(createCreditBureauClient(client('creditBureau')).getCreditReports(['C000001']), 'creditBureau');
  });

  it('refuses a credit report without a score that does not say it is a thin file', async () => {
    answerWith({ results: [{ ...report, score: null }] });
    await expectInvalid(createCreditBureauClient(client('creditBureau')).getCreditReports(['C000001']), 'creditBureau');
  });

  it('refuses a batch with fewer results than ids', async () => {
    answerWith({ results: [report] });
    await expectInvalid(
      createCreditBureauClient(client('creditBureau')).getCreditReports(['C000001', 'C000002']),
      'creditBureau',
    );
  });

  it('refuses a batch whose results belong to other ids, so nobody sees another customer’s data', async () => {
    answerWith({ results: [{ ...report, customerId: 'C000002' }] });
    await expectInvalid(createCreditBureauClient(client('creditBureau')).getCreditReports(['C000001']), 'creditBureau');
  });

  it('refuses an unknown account status, a missing CRM field and an unknown risk rating', async () => {
    answerWith({ results: [{ accountId: 'X', customerId: 'C1', accountNumber: '6217000001011234567', kind: 'CURRENT', currency: 'CNY', balance: cny('1.00'), available: cny('1.00'), status: 'DORMANT', openedAt: '2020-01-01T00:00:00.000Z' }] });
    await expectInvalid(createCoreBankingClient(client('coreBanking')).getAccountsByIds(['X']), 'coreBanking');
    answerWith({ results: [{ customerId: 'C1', fullName: 'A' }] });
    await expectInvalid(createCrmClient(client('crm')).getCustomerProfiles(['C1']), 'crm');
    answerWith({ results: [{ customerId: 'C1', rating: 'EXTREME', score: 99, amlStatus: 'HIT', watchlistHits: [], litigation: [] }] });
    await expectInvalid(createRiskClient(client('risk')).getRiskProfiles(['C1']), 'risk');
  });

  it('refuses a verification score outside 0..1', async () => {
    answerWith({ verificationId: 'V1', idValid: true, nameMatches: true, livenessScore: 97, faceMatchScore: 0.9, result: 'PASS' });
    await expectInvalid(
      createIdentityClient(client('identity')).verifyIdentity({ fullName: 'A', idNumber: '1' }),
      'identity',
    );
  });

  it('reports a refusal the port does not expect as UPSTREAM_INVALID of that backend, not as a result', async () => {
    answerWith({ error: { code: 'SOMETHING_NEW', message: 'new rule' } }, 422);
    const error = await failureOf(
      createCoreBankingClient(client('coreBanking')).postTransfer({
        idempotencyKey: 'k',
        fromAccountId: 'C000001-A01',
        toAccountNumber: '6222020000000000123',
        toName: 'Li Ming',
        amount: cny('1.00'),
      }),
    );
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: 'UPSTREAM_INVALID', backend: 'coreBanking' });
    expect((error as UpstreamError).cause).toMatchObject({ status: 422, code: 'SOMETHING_NEW' });
    expect((error as UpstreamError).cause).toBeInstanceOf(BackendRejection);
  });
});
