/**
 * Two gateway instances on one PostgreSQL database. One is killed with SIGKILL in the middle of a
 * loan decision (CHECKING, the credit bureau slow) and of an account opening (OPENING, core banking
 * slow); the other instance's periodic sweep takes both over once their leases lapse and finishes
 * each exactly once: one decision, one account. (Two processes cannot share an embedded PGlite
 * database; on PGlite, lease.test.ts covers the sweep's takeover within one instance.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS } from '../../../mocks/index.js';
import { BACKENDS } from '../../../src/platform/config.js';
import { events } from '../../../src/platform/events/events.tables.js';
import { accountOpenings } from '../../../src/modules/onboarding/onboarding.tables.js';
import { loanApplications } from '../../../src/modules/loans/loans.tables.js';
import {
  ApplyForLoanDocument,
  MyAccountsDocument,
  ReviewAccountOpeningDocument,
  StartAccountOpeningDocument,
  SubmitAccountOpeningDocument,
} from '../../generated/graphql.js';
import { loginCustomer, loginStaff } from '../../support/auth.js';
import { postgresUrl } from '../../support/database.js';
import { execute } from '../../support/graphql-client.js';
import { startTestGateway, TEST_ENV, workerMocks, type TestGateway } from '../../support/gateway.js';
import { globalId, localId } from '../../support/ids.js';

const LEASE_MS = 1000;
let b: TestGateway;
let child: ChildProcess | undefined;
let childUrl: string;

const URL_VARIABLES = { coreBanking: 'CORE_BANKING_URL', crm: 'CRM_URL', creditBureau: 'CREDIT_BUREAU_URL', risk: 'RISK_URL', identity: 'IDENTITY_URL', businessRegistry: 'BUSINESS_REGISTRY_URL' } as const;

/** Instance A: `src/main.ts` in a child process on the same database, patient with slow backends. */
async function startChild(databaseUrl: string): Promise<string> {
  const mocks = await workerMocks();
  const env = {
    ...TEST_ENV,
    ...Object.fromEntries(BACKENDS.map((name) => [URL_VARIABLES[name], mocks.urls[name]])),
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    BACKEND_TIMEOUT_MS: '30000',
    BACKEND_RETRIES: '0',
    SWEEP_INTERVAL_MS: '300',
    WORK_LEASE_MS: String(LEASE_MS),
  };
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const running = child;
  let output = '';
  return new Promise<string>((resolve, reject) => {
    running.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL \(HTTP\): +(http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    running.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    running.on('exit', () => reject(new Error(`instance A exited before it was ready:\n${output}`)));
  });
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// vitest.config.ts runs this file only on PostgreSQL.
const database = postgresUrl();

beforeAll(async () => {
  if (!database) return;
  // Instance B, in-process: sweeps every 300 ms; created the database (migrations, demo data).
  b = await startTestGateway({ SWEEP_INTERVAL_MS: '300', WORK_LEASE_MS: String(LEASE_MS), BACKEND_TIMEOUT_MS: '3000' });
  childUrl = await startChild(b.database.url);
}, 120_000);
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await b?.heal();
  await b?.close();
});

describe('two instances on PostgreSQL, one killed mid-work', () => {
  it('the other finishes the decision and the opening it left, each exactly once, within seconds of the lease lapsing', async () => {
    const db = b.gateway.database.db;
    const wang = (await loginCustomer(b, 'wang.fang')).headers;
    const sun = (await loginCustomer(b, 'sun.mei')).headers;
    const officer = (await loginStaff(b, 'risk.zhang')).headers;
    const accountsBefore = (await execute(b.url, MyAccountsDocument, undefined, sun)).data!.me.accounts!.map((a) => a.id);

    // An opening held for review (the identity check asks for a person).
    const draft = (await execute(b.url, StartAccountOpeningDocument, { kind: 'SAVINGS', currency: 'CNY', idempotencyKey: randomUUID() }, sun)).data!.startAccountOpening;
    const identity = { fullName: DEMO_CUSTOMERS.sunMei.fullName, idNumber: DEMO_CUSTOMERS.sunMei.idNumber, selfieToken: 'review' };
    const held = await execute(b.url, SubmitAccountOpeningDocument, { id: draft.id, input: identity }, sun);
    expect(held.data?.submitAccountOpening.status).toBe('PENDING_REVIEW');

    // Slow backends: A's decision waits for the bureau, A's opening for core banking.
    await b.fault('creditBureau', { delayMs: 8000 });
    await b.fault('coreBanking', { delayMs: 8000, routes: ['POST /accounts'] });
    const key = `key-${randomUUID()}`;
    const loanInput = { productCode: 'MICRO_BUSINESS', amount: '30000.00', currency: 'CNY', termMonths: 12, purpose: 'Stock for the shop' };
    void execute(childUrl, ApplyForLoanDocument, { input: loanInput, idempotencyKey: key }, wang).catch(() => undefined);
    void execute(childUrl, ReviewAccountOpeningDocument, { id: draft.id, approve: true, reason: 'Known customer' }, officer).catch(() => undefined);

    const checking = await until(
      async () => (await db.select().from(loanApplications).where(and(eq(loanApplications.customerId, 'C000001'), eq(loanApplications.idempotencyKey, key))))[0],
      (row) => row?.status === 'CHECKING',
      20_000,
    );
    expect(checking?.status).toBe('CHECKING');
    const opening = await until(
      async () => (await db.select().from(accountOpenings).where(eq(accountOpenings.id, localId(draft.id))))[0],
      (row) => row?.status === 'OPENING',
      20_000,
    );
    expect(opening?.status).toBe('OPENING');

    child!.kill('SIGKILL');
    const killedAt = Date.now();
    await b.heal();

    const decided = await until(
      async () => (await db.select().from(loanApplications).where(eq(loanApplications.id, checking!.id)))[0]!,
      (row) => row.status !== 'CHECKING',
      30_000,
    );
    const opened = await until(
      async () => (await db.select().from(accountOpenings).where(eq(accountOpenings.id, localId(draft.id))))[0]!,
      (row) => row.status === 'OPENED',
      30_000,
    );
    const tookMs = Date.now() - killedAt;
    expect(decided.status).toBe('APPROVED');
    expect(opened.status).toBe('OPENED');
    // Within 15 s of the lease lapsing (the lease lapses at most LEASE_MS after the kill).
    expect(tookMs).toBeLessThan(15_000 + LEASE_MS);

    // Exactly once: one decision event, one OPENED event, one new account at core banking.
    const types = async (stream: string) => (await db.select().from(events).where(eq(events.stream, stream)).orderBy(asc(events.seq))).map((e) => e.type);
    expect(await types(`loan:${checking!.id}`)).toEqual(['SUBMITTED', 'CHECKING_STARTED', 'AUTOMATIC_APPROVED']);
    expect(await types(`account-opening:${localId(draft.id)}`)).toEqual(['STARTED', 'HELD_FOR_REVIEW', 'APPROVED_BY_RISK_OFFICER', 'OPENED']);
    // A's request to core banking was still held there; once it lands too, still one account.
    await new Promise((resolve) => setTimeout(resolve, 8500 - Math.min(8500, Date.now() - killedAt)));
    const accountsAfter = (await execute(b.url, MyAccountsDocument, undefined, sun)).data!.me.accounts!.map((a) => a.id);
    // The opening names its account by core banking's id; the API shows accounts by global id.
    expect(accountsAfter).toEqual([...accountsBefore, globalId('Account', opened.accountId!)]);
  }, 120_000);
});
