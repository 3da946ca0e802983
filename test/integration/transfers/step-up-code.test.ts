/**
 * Step-up with the SMS backend down: the reply and the stored state agree (no code is live), and the
 * customer can get the code again — capped per transfer, however many requests race.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConfirmTransferDocument,
  MyAccountsDocument,
  ResendTransferCodeDocument,
  SubmitTransferDocument,
  TransferByIdDocument,
} from '../../generated/graphql.js';
import { medianAmount } from '../../../src/modules/transfers/transfers.rules.js';
import { MAX_CODE_SENDS } from '../../../src/modules/transfers/transfers.service.js';
import { lastOtp, loginCustomer } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { SHARED_ENV, startTestGateway, type TestGateway } from '../../support/gateway.js';
import { localId } from '../../support/ids.js';

let t: TestGateway;
let headers: Record<string, string>;
let from: string;
let amount: string;

beforeAll(async () => {
  // A gateway of its own (the shared one's settings): this file's many transfers would otherwise
  // count as a burst (HIGH_VELOCITY) for the next file's transfers of the same customer.
  t = await startTestGateway(SHARED_ENV);
  headers = (await loginCustomer(t, 'wang.fang')).headers;
  const accounts = (await execute(t.url, MyAccountsDocument, undefined, headers)).data!.me.accounts!;
  from = accounts.find((a) => a.status === 'ACTIVE' && a.balance.currency === 'CNY' && (a.kind === 'CURRENT' || a.kind === 'SAVINGS'))!.id;
  // Five times the usual outgoing amount (20 points) to a new payee (15): a one-time code (35), and
  // still not a hold (70) once this file's transfers count as a burst (20).
  const history = (await (await fetch(`${t.backends.coreBanking}/accounts/${localId(from)}/transactions?direction=OUT&limit=100`)).json()) as {
    items: { amount: { amount: string } }[];
  };
  const usual = medianAmount(history.items.map((item) => item.amount.amount));
  amount = usual === null ? '20001.00' : (Number(usual) * 5).toFixed(2);
});

afterAll(() => t?.close());

const newPayee = () => `62220${String(Math.floor(Math.random() * 1e13)).padStart(13, '0')}`;

/** An unusual amount to a new payee: the risk rules ask for a one-time code. */
function submit(key = `t-${randomUUID()}`, payeeAccountNumber = newPayee()) {
  return execute(
    t.url,
    SubmitTransferDocument,
    { input: { fromAccountId: from, payeeAccountNumber, payeeName: 'Zhang San', amount, currency: 'CNY' }, idempotencyKey: key },
    headers,
  );
}

async function stored(id: string) {
  const result = await t.gateway.database.db.execute(sql`select status, otp_hash, otp_sends from transfers where id = ${localId(id)}`);
  return (result as unknown as { rows: { status: string; otp_hash: string | null; otp_sends: number }[] }).rows[0]!;
}

describe('step-up with the SMS backend down', () => {
  it('replies CODE_NOT_SENT with the transfer id, stores no live code, and the same key sends one once SMS is back', async () => {
    await t.fault('identity', { mode: 'error', errorStatus: 503 });
    const key = `t-${randomUUID()}`;
    const payee = newPayee();
    const refused = await submit(key, payee);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CODE_NOT_SENT', backend: 'identity', transferId: expect.any(String) });
    const id = refused.errors![0]!.extensions!.transferId as string;

    const seen = await execute(t.url, TransferByIdDocument, { id }, headers);
    expect(seen.data?.transfer).toMatchObject({ status: 'PENDING_STEP_UP', stepUpCodeExpiresAt: null });
    expect(await stored(id)).toMatchObject({ status: 'PENDING_STEP_UP', otp_hash: null });

    await t.heal();
    const again = await submit(key, payee);
    expect(again.errors).toBeUndefined();
    expect(again.data?.submitTransfer).toMatchObject({ id, status: 'PENDING_STEP_UP', stepUpCodeExpiresAt: expect.any(String) });
    const confirmed = await execute(t.url, ConfirmTransferDocument, { id, code: await lastOtp(t) }, headers);
    expect(confirmed.data?.confirmTransfer.status).toBe('POSTED');
  });

  it('lets the customer ask for the code again: the new code works, the old one no longer does', async () => {
    const { data } = await submit();
    const transfer = data!.submitTransfer;
    expect(transfer.status).toBe('PENDING_STEP_UP');
    const first = await lastOtp(t);
    const resent = await execute(t.url, ResendTransferCodeDocument, { id: transfer.id }, headers);
    expect(resent.data?.resendTransferCode.stepUpCodeExpiresAt).toEqual(expect.any(String));
    const second = await lastOtp(t);
    if (second !== first) {
      const old = await execute(t.url, ConfirmTransferDocument, { id: transfer.id, code: first }, headers);
      expect(old.errors?.[0]?.extensions?.code).toBe('CODE_INVALID');
    }
    const confirmed = await execute(t.url, ConfirmTransferDocument, { id: transfer.id, code: second }, headers);
    expect(confirmed.data?.confirmTransfer.status).toBe('POSTED');
    const late = await execute(t.url, ResendTransferCodeDocument, { id: transfer.id }, headers);
    expect(late.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
  });

  it(`sends at most ${MAX_CODE_SENDS} codes per transfer when 12 resends race`, async () => {
    const { data } = await submit();
    const id = data!.submitTransfer.id;
    const replies = await Promise.all(Array.from({ length: 12 }, () => execute(t.url, ResendTransferCodeDocument, { id }, headers)));
    const outcomes = replies.map((r) => (r.data?.resendTransferCode ? 'SENT' : r.errors?.[0]?.extensions?.code));
    expect(outcomes.filter((o) => o === 'SENT')).toHaveLength(MAX_CODE_SENDS - 1);
    expect(outcomes.filter((o) => o === 'TOO_MANY_CODES')).toHaveLength(12 - (MAX_CODE_SENDS - 1));
    expect((await stored(id)).otp_sends).toBe(MAX_CODE_SENDS);
  });

  it("is refused for someone else's transfer as NOT_FOUND", async () => {
    const { data } = await submit();
    const other = (await loginCustomer(t, 'sun.mei')).headers;
    const refused = await execute(t.url, ResendTransferCodeDocument, { id: data!.submitTransfer.id }, other);
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
