/**
 * Tipping-off: a customer on a watch list must never learn it from the gateway — not from a loan's
 * reasons, a transfer, an account opening, a live event or an error. Risk staff see the specifics.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMERS } from '../../../mocks/index.js';
import {
  ApplyForLoanDocument,
  MyAccountsDocument,
  StartAccountOpeningDocument,
  SubmitAccountOpeningDocument,
  SubmitTransferDocument,
  TransferByIdDocument,
  TransferRiskDocument,
  TransferUpdatedDocument,
} from '../../generated/graphql.js';
import { loginCustomer, loginStaff } from '../../support/auth.js';
import { execute, take, wsClient } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

/** Anything that would tell the customer they matched a list or a screening. */
const SCREENING_WORDS = /WATCHLIST|AML|SANCTION|PEP\b|watch.?list|screening|HIGH-RISK|compliance/i;
const WATCHLISTED_PAYEE = '6222020000000000666';

let t: TestGateway;
let zhao: Awaited<ReturnType<typeof loginCustomer>>;

beforeAll(async () => {
  t = await startTestGateway({ BACKEND_TIMEOUT_MS: '3000', BREAKER_THRESHOLD: '1000' });
  zhao = await loginCustomer(t, 'zhao.lei');
});
afterAll(() => t?.close());

describe('a customer on a watch list', () => {
  it('applying for a loan sees REJECTED with UNABLE_TO_PROCEED, live and in the reply; a reviewer sees WATCHLIST_HIT and AML_HIT', async () => {
    const client = wsClient(t.wsUrl, { authorization: zhao.headers.authorization });
    try {
      type Event = { myLoanApplicationsUpdated: { status: string; application: { reasons: { code: string }[] } } };
      const events: Event[] = [];
      const live = new Promise<void>((resolve, reject) => {
        client.subscribe<Event>(
          { query: 'subscription { myLoanApplicationsUpdated { applicationId type status reason application { status reasons { code message } } } }' },
          {
            next: (result) => {
              events.push(result.data!);
              if (result.data?.myLoanApplicationsUpdated.status === 'REJECTED') resolve();
            },
            error: reject,
            complete: () => {},
          },
        );
      });
      await new Promise((resolve) => setTimeout(resolve, 300)); // the subscription is registered
      const reply = await execute(
        t.url,
        ApplyForLoanDocument,
        { input: { productCode: 'PERSONAL_CONSUMER', amount: '50000.00', currency: 'CNY', termMonths: 24, purpose: 'Car' }, idempotencyKey: `to-${randomUUID()}` },
        zhao.headers,
      );
      expect(reply.data?.applyForLoan.status).toBe('REJECTED');
      expect(reply.data?.applyForLoan.reasons.map((r) => r.code)).toEqual(['UNABLE_TO_PROCEED']);
      await live;
      expect(events.at(-1)?.myLoanApplicationsUpdated.application.reasons.map((r) => r.code)).toEqual(['UNABLE_TO_PROCEED']);
      expect(JSON.stringify([reply, events])).not.toMatch(SCREENING_WORDS);

      const reviewer = await loginStaff(t, 'reviewer.wu');
      const seen = await execute<{ loanApplication: { reasons: { code: string }[] } }, unknown>(
        t.url,
        'query ($id: ID!) { loanApplication(id: $id) { reasons { code } } }',
        { id: reply.data!.applyForLoan.id },
        reviewer.headers,
      );
      expect(seen.data?.loanApplication.reasons.map((r) => r.code)).toEqual(expect.arrayContaining(['WATCHLIST_HIT', 'AML_HIT']));
    } finally {
      await client.dispose();
    }
  });

  it('sending money to a watch-listed payee sees BLOCKED and nothing more, in the reply, a read and the live stream; a risk officer sees PAYEE_WATCHLISTED', async () => {
    const accounts = await execute(t.url, MyAccountsDocument, undefined, zhao.headers);
    const from = accounts.data!.me!.accounts!.find((a) => a.status === 'ACTIVE' && (a.kind === 'CURRENT' || a.kind === 'SAVINGS') && a.currency === 'CNY')!;
    const reply = await execute(
      t.url,
      SubmitTransferDocument,
      { input: { fromAccountId: from.id, payeeAccountNumber: WATCHLISTED_PAYEE, payeeName: 'Payee Listed', amount: '10.00', currency: 'CNY' }, idempotencyKey: `to-${randomUUID()}` },
      zhao.headers,
    );
    expect(reply.data?.submitTransfer.status).toBe('BLOCKED');
    const id = reply.data!.submitTransfer.id;
    const read = await execute(t.url, TransferByIdDocument, { id }, zhao.headers);
    const client = wsClient(t.wsUrl, { authorization: zhao.headers.authorization });
    let stream;
    try {
      stream = await take(client, TransferUpdatedDocument, 1, { id, afterSeq: 0 });
    } finally {
      await client.dispose();
    }
    const ownRisk = await execute(t.url, TransferRiskDocument, { id }, zhao.headers);
    expect(ownRisk.data?.transfer?.risk ?? null).toBeNull();
    expect(JSON.stringify([reply, read, stream, ownRisk])).not.toMatch(SCREENING_WORDS);

    const officer = await loginStaff(t, 'risk.zhang');
    const risk = await execute(t.url, TransferRiskDocument, { id }, officer.headers);
    expect(risk.data?.transfer?.risk?.signals).toContain('PAYEE_WATCHLISTED');
  });

  it('opening an account sees TERMINATED with a neutral message and no error that names the screening', async () => {
    const draft = await execute(t.url, StartAccountOpeningDocument, { kind: 'SAVINGS', currency: 'CNY', idempotencyKey: randomUUID() }, zhao.headers);
    const submitted = await execute(
      t.url,
      SubmitAccountOpeningDocument,
      { id: draft.data!.startAccountOpening.id, input: { fullName: DEMO_CUSTOMERS.zhaoLei.fullName, idNumber: DEMO_CUSTOMERS.zhaoLei.idNumber, selfieToken: 'selfie-ok' } },
      zhao.headers,
    );
    expect(submitted.data?.submitAccountOpening.status).toBe('TERMINATED');
    expect(JSON.stringify(submitted)).not.toMatch(SCREENING_WORDS);
  });
});
