import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CancelServiceRequestDocument,
  ConfirmServiceRequestDocument,
  DiscardFormDraftDocument,
  FormDraftDocument,
  IssueBranchTicketDocument,
  RedeemBranchTicketDocument,
  RetryServiceRequestDocument,
  RevokeBranchTerminalDocument,
  SaveFormDraftDocument,
  ServiceRequestDocument,
  ServiceRequestUpdatedDocument,
  StartServiceRequestDocument,
  UpdateServiceRequestDocument,
  VerifyServiceIdentityDocument,
  type ServiceRequestUpdatedSubscription,
} from '../../generated/graphql.js';
import { branchTickets } from '../../../src/modules/branch/branch.tables.js';
import { formDrafts } from '../../../src/modules/drafts/drafts.tables.js';
import { errorCode, lastOtp, loginCustomer, loginStaff } from '../../support/auth.js';
import { execute, take, wsClient } from '../../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../../support/gateway.js';
import { idNumberOf, key, sampleFields, serviceOrdersOf, tellerAt, templateOf } from './kit.js';

let t: TestGateway;
let wang: Record<string, string>;
let chen: Record<string, string>;

beforeAll(async () => {
  t = await sharedGateway();
  wang = (await loginCustomer(t, 'wang.fang')).headers;
  chen = (await loginCustomer(t, 'chen.jie')).headers;
});

/** A request of wang.fang prepared at home (FILLING), for `code`. */
async function prepared(code = 'CLOSE_ACCOUNT'): Promise<string> {
  const started = await execute(t.url, StartServiceRequestDocument, { templateCode: code, idempotencyKey: key() }, wang);
  expect(started.errors).toBeUndefined();
  const id = started.data!.startServiceRequest.id;
  const otp = templateOf(code).identityLevel === 'SESSION' ? null : await lastOtp(t);
  expect((await execute(t.url, VerifyServiceIdentityDocument, { id, code: otp }, wang)).errors).toBeUndefined();
  expect((await execute(t.url, UpdateServiceRequestDocument, { id, fields: sampleFields(templateOf(code)) }, wang)).errors).toBeUndefined();
  return id;
}

describe('Mutation.updateServiceRequest', () => {
  it('answers per-field errors for wrong types, unknown fields, oversize values and a foreign account, storing nothing', async () => {
    const id = await prepared('SET_UP_STANDING_ORDER');
    const before = (await execute(t.url, ServiceRequestDocument, { id }, wang)).data!.serviceRequest;
    const response = await execute(
      t.url,
      UpdateServiceRequestDocument,
      {
        id,
        fields: [
          { name: 'amount', value: '12.345' },
          { name: 'startDate', value: '2027-02-30' },
          { name: 'dayOfMonth', value: '31' },
          { name: 'payeeName', value: 'x'.repeat(81) },
          { name: 'fromAccountId', value: 'C000003-A01' },
          { name: 'nickname', value: 'hello' },
        ],
      },
      wang,
    );
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    const fieldErrors = response.errors![0]!.extensions!.fieldErrors as { field: string; code: string }[];
    expect(fieldErrors.map((e) => [e.field, e.code])).toEqual([
      ['amount', 'INVALID_MONEY'],
      ['startDate', 'INVALID_DATE'],
      ['dayOfMonth', 'INVALID_FORMAT'],
      ['payeeName', 'TOO_LONG'],
      ['fromAccountId', 'ACCOUNT_NOT_OWNED'],
      ['nickname', 'UNKNOWN_FIELD'],
    ]);
    const after = (await execute(t.url, ServiceRequestDocument, { id }, wang)).data!.serviceRequest;
    expect(after.fields).toEqual(before.fields);
    expect(after.seq).toBe(before.seq);
  });
});

describe('BOLA: another customer’s request', () => {
  it('is NOT_FOUND for every query, mutation and subscription, and changes nothing', async () => {
    const id = await prepared('REQUEST_STATEMENT');
    const attempts = [
      execute(t.url, ServiceRequestDocument, { id }, chen),
      execute(t.url, UpdateServiceRequestDocument, { id, fields: [{ name: 'format', value: 'PAPER' }] }, chen),
      execute(t.url, VerifyServiceIdentityDocument, { id, code: '000000' }, chen),
      execute(t.url, ConfirmServiceRequestDocument, { id, idempotencyKey: key() }, chen),
      execute(t.url, RetryServiceRequestDocument, { id }, chen),
      execute(t.url, CancelServiceRequestDocument, { id }, chen),
      execute(t.url, IssueBranchTicketDocument, { serviceRequestId: id }, chen),
    ];
    for (const response of await Promise.all(attempts)) expect(errorCode(response)).toBe('NOT_FOUND');
    const client = wsClient(t.wsUrl, { authorization: chen.authorization });
    try {
      await expect(take(client, ServiceRequestUpdatedDocument, 1, { id, afterSeq: 0 })).rejects.toMatchObject([expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) })]);
    } finally {
      await client.dispose();
    }
    const mine = (await execute(t.url, ServiceRequestDocument, { id }, wang)).data!.serviceRequest;
    expect(mine.status).toBe('FILLING');
  });

  it('is NOT_FOUND for a teller at a terminal of another branch, and a teller without a terminal is refused', async () => {
    const id = await prepared();
    const ticket = (await execute(t.url, IssueBranchTicketDocument, { serviceRequestId: id }, wang)).data!.issueBranchTicket;
    const here = await tellerAt(t, 'BJ-010');
    const elsewhere = await tellerAt(t, 'BJ-011');
    expect((await execute(t.url, RedeemBranchTicketDocument, { qrContent: ticket.qrContent, idempotencyKey: key(), terminal: here.terminal }, here.headers)).errors).toBeUndefined();
    expect(errorCode(await execute(t.url, ServiceRequestDocument, { id, terminal: elsewhere.terminal }, elsewhere.headers))).toBe('NOT_FOUND');
    expect(errorCode(await execute(t.url, ServiceRequestDocument, { id }, here.headers))).toBe('NOT_FOUND');
    expect(errorCode(await execute(t.url, StartServiceRequestDocument, { templateCode: 'REPORT_LOST_CARD', idempotencyKey: key(), customerId: 'C000001' }, here.headers))).toBe(
      'TERMINAL_REQUIRED',
    );
    const wrongSecret = { ...here.terminal, secret: 'x'.repeat(43) };
    expect(errorCode(await execute(t.url, ServiceRequestDocument, { id, terminal: wrongSecret }, here.headers))).toBe('TERMINAL_UNAUTHORIZED');
    // A customer cannot act as a teller, and a reviewer cannot use a terminal.
    const reviewer = await loginStaff(t, 'reviewer.wu');
    expect(errorCode(await execute(t.url, ServiceRequestDocument, { id, terminal: here.terminal }, reviewer.headers))).toBe('FORBIDDEN');
    // A revoked terminal stops working at once.
    const admin = await loginStaff(t, 'admin.ma');
    expect((await execute(t.url, RevokeBranchTerminalDocument, { terminalId: here.terminal.terminalId }, admin.headers)).errors).toBeUndefined();
    expect(errorCode(await execute(t.url, ServiceRequestDocument, { id, terminal: here.terminal }, here.headers))).toBe('TERMINAL_UNAUTHORIZED');
  });
});

describe('Mutation.redeemBranchTicket', () => {
  it('prepared at home, redeemed at a terminal, ID re-checked, confirmed on the terminal: DONE once, counted for the teller', async () => {
    const id = await prepared('CLOSE_ACCOUNT');
    const confirmAtHome = await execute(t.url, ConfirmServiceRequestDocument, { id, idempotencyKey: key() }, wang);
    expect(errorCode(confirmAtHome)).toBe('BRANCH_VERIFICATION_REQUIRED');
    const ticket = (await execute(t.url, IssueBranchTicketDocument, { serviceRequestId: id, branchId: 'GZ-003' }, wang)).data!.issueBranchTicket;
    expect(ticket.qrContent).toMatch(/^BT1\.[A-Za-z0-9_-]{43}$/);
    expect(ticket.qrContent).not.toContain(id);
    const desk = await tellerAt(t, 'GZ-003');
    const redeemed = await execute(t.url, RedeemBranchTicketDocument, { qrContent: ticket.qrContent, idempotencyKey: key(), terminal: desk.terminal }, desk.headers);
    expect(redeemed.errors).toBeUndefined();
    expect(redeemed.data!.redeemBranchTicket).toMatchObject({ status: 'VERIFYING', channel: 'BRANCH_TERMINAL', branchId: 'GZ-003' });
    // The customer's session cannot replace the counter's ID check.
    expect(errorCode(await execute(t.url, VerifyServiceIdentityDocument, { id }, wang))).toBe('BRANCH_VERIFICATION_REQUIRED');
    const verified = await execute(t.url, VerifyServiceIdentityDocument, { id, idDocumentNumber: (await idNumberOf(t, 'C000001')).toLowerCase(), terminal: desk.terminal }, desk.headers);
    expect(verified.errors).toBeUndefined();
    // The values prepared at home are still there.
    expect(verified.data!.verifyServiceIdentity.fields).toEqual(expect.arrayContaining([{ name: 'reason', value: 'NO_LONGER_NEEDED' }]));
    const confirmKey = key();
    const confirmed = await execute(t.url, ConfirmServiceRequestDocument, { id, idempotencyKey: confirmKey, terminal: desk.terminal }, desk.headers);
    expect(confirmed.errors).toBeUndefined();
    expect(confirmed.data!.confirmServiceRequest.status).toBe('DONE');
    const steps = confirmed.data!.confirmServiceRequest.steps;
    expect(steps.filter((s) => s.step === 'VERIFY_IDENTITY').map((s) => s.channel)).toEqual(['APP', 'BRANCH_TERMINAL']);
  });

  it('redeems a ticket exactly once when 20 redemptions race on two terminals', async () => {
    const id = await prepared();
    const ticket = (await execute(t.url, IssueBranchTicketDocument, { serviceRequestId: id }, wang)).data!.issueBranchTicket;
    const [a, b] = [await tellerAt(t, 'SZ-001'), await tellerAt(t, 'SZ-001')];
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => {
        const desk = i % 2 === 0 ? a : b;
        return execute(t.url, RedeemBranchTicketDocument, { qrContent: ticket.qrContent, idempotencyKey: key(), terminal: desk.terminal }, desk.headers);
      }),
    );
    expect(results.filter((r) => r.errors === undefined)).toHaveLength(1);
    expect(results.filter((r) => r.errors !== undefined).map(errorCode)).toEqual(Array(19).fill('TICKET_REDEEMED'));
    const [row] = await t.gateway.database.db.select().from(branchTickets).where(eq(branchTickets.id, ticket.id));
    expect(row!.redeemedAt).not.toBeNull();
  });

  it('replays the first answer for 20 parallel sends of the same key', async () => {
    const id = await prepared();
    const ticket = (await execute(t.url, IssueBranchTicketDocument, { serviceRequestId: id }, wang)).data!.issueBranchTicket;
    const desk = await tellerAt(t, 'SZ-002');
    const sameKey = key();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => execute(t.url, RedeemBranchTicketDocument, { qrContent: ticket.qrContent, idempotencyKey: sameKey, terminal: desk.terminal }, desk.headers)),
    );
    expect(results.map((r) => r.errors)).toEqual(Array(20).fill(undefined));
    expect(new Set(results.map((r) => r.data!.redeemBranchTicket.id))).toEqual(new Set([id]));
  });

  it('refuses expired, foreign-branch, unknown tickets and an ID that does not match (which ends the request)', async () => {
    const desk = await tellerAt(t, 'HZ-001');
    const redeem = (qrContent: string) => execute(t.url, RedeemBranchTicketDocument, { qrContent, idempotencyKey: key(), terminal: desk.terminal }, desk.headers);
    expect(errorCode(await redeem('not a ticket'))).toBe('TICKET_NOT_FOUND');
    expect(errorCode(await redeem(`BT1.${'A'.repeat(43)}`))).toBe('TICKET_NOT_FOUND');

    const other = (await execute(t.url, IssueBranchTicketDocument, { serviceRequestId: await prepared(), branchId: 'HZ-999' }, wang)).data!.issueBranchTicket;
    expect(errorCode(await redeem(other.qrContent))).toBe('TICKET_WRONG_BRANCH');

    const old = (await execute(t.url, IssueBranchTicketDocument, { serviceRequestId: await prepared() }, wang)).data!.issueBranchTicket;
    await t.gateway.database.db.update(branchTickets).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(branchTickets.id, old.id));
    expect(errorCode(await redeem(old.qrContent))).toBe('TICKET_EXPIRED');

    const id = await prepared();
    const ticket = (await execute(t.url, IssueBranchTicketDocument, { serviceRequestId: id }, wang)).data!.issueBranchTicket;
    expect((await redeem(ticket.qrContent)).errors).toBeUndefined();
    const mismatch = await execute(t.url, VerifyServiceIdentityDocument, { id, idDocumentNumber: '110101199001011234', terminal: desk.terminal }, desk.headers);
    expect(errorCode(mismatch)).toBe('ID_MISMATCH');
    const after = (await execute(t.url, ServiceRequestDocument, { id }, wang)).data!.serviceRequest;
    expect(after).toMatchObject({ status: 'CANCELLED', failureReason: 'ID_MISMATCH' });
  });
});

describe('Mutation.confirmServiceRequest', () => {
  it('leaves the request PROCESSING when core banking fails, and a retry executes it exactly once', async () => {
    const id = await prepared('FREEZE_ACCOUNT');
    const before = (await serviceOrdersOf(t, 'C000001')).length;
    await t.fault('coreBanking', { mode: 'error', errorStatus: 503, routes: ['POST /service-orders'] });
    const confirmKey = key();
    const failed = await execute(t.url, ConfirmServiceRequestDocument, { id, idempotencyKey: confirmKey }, wang);
    expect(errorCode(failed)).toBe('PROCESSING_DELAYED');
    expect((await execute(t.url, ServiceRequestDocument, { id }, wang)).data!.serviceRequest.status).toBe('PROCESSING');
    await t.heal();
    const retried = await Promise.all(Array.from({ length: 20 }, () => execute(t.url, ConfirmServiceRequestDocument, { id, idempotencyKey: confirmKey }, wang)));
    expect(retried.map((r) => r.data?.confirmServiceRequest.status)).toEqual(Array(20).fill('DONE'));
    expect(new Set(retried.map((r) => r.data!.confirmServiceRequest.outcomeReference)).size).toBe(1);
    const orders = (await serviceOrdersOf(t, 'C000001')).slice(before);
    expect(orders.filter((o) => o.operation === 'ACCOUNT_FREEZE')).toHaveLength(1);
  });

  it('re-checks the accounts before executing: one no longer the customer’s is a field error and nothing is sent', async () => {
    const id = await prepared('FREEZE_ACCOUNT');
    // A stored account that is not (or no longer) the customer's: here another customer's real account.
    const { serviceRequests } = await import('../../../src/modules/services/services.tables.js');
    const [row] = await t.gateway.database.db.select().from(serviceRequests).where(eq(serviceRequests.id, id));
    await t.gateway.database.db.update(serviceRequests).set({ fields: { ...row!.fields, accountId: 'C000003-A01' } }).where(eq(serviceRequests.id, id));
    const response = await execute(t.url, ConfirmServiceRequestDocument, { id, idempotencyKey: key() }, wang);
    // The gateway re-checks ownership before executing: the form error, and nothing sent.
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
    expect((await execute(t.url, ServiceRequestDocument, { id }, wang)).data!.serviceRequest.status).toBe('FILLING');
  });

  it('starts once for 20 parallel sends of the same key, and confirms once for 20 parallel confirmations', async () => {
    const startKey = key();
    const starts = await Promise.all(Array.from({ length: 20 }, () => execute(t.url, StartServiceRequestDocument, { templateCode: 'REPORT_LOST_CARD', idempotencyKey: startKey }, wang)));
    expect(starts.map((r) => r.errors)).toEqual(Array(20).fill(undefined));
    const ids = new Set(starts.map((r) => r.data!.startServiceRequest.id));
    expect(ids.size).toBe(1);
    const [id] = [...ids] as [string];
    await execute(t.url, VerifyServiceIdentityDocument, { id }, wang);
    await execute(t.url, UpdateServiceRequestDocument, { id, fields: sampleFields(templateOf('REPORT_LOST_CARD')) }, wang);
    const before = (await serviceOrdersOf(t, 'C000001')).length;
    const confirmKey = key();
    const confirms = await Promise.all(Array.from({ length: 20 }, () => execute(t.url, ConfirmServiceRequestDocument, { id, idempotencyKey: confirmKey }, wang)));
    expect(confirms.map((r) => r.data?.confirmServiceRequest.status)).toEqual(Array(20).fill('DONE'));
    expect((await serviceOrdersOf(t, 'C000001')).length).toBe(before + 1);
  });
});

describe('Subscription.serviceRequestUpdated', () => {
  it('replays every change after afterSeq, then follows live ones', async () => {
    const id = await prepared('REPORT_LOST_CARD');
    const client = wsClient(t.wsUrl, { authorization: wang.authorization });
    try {
      const replay = await take<ServiceRequestUpdatedSubscription>(client, ServiceRequestUpdatedDocument, 3, { id, afterSeq: 0 });
      expect(replay.map((r) => r.data!.serviceRequestUpdated.type)).toEqual(['STARTED', 'IDENTITY_VERIFIED', 'FIELDS_UPDATED']);
      const live = take<ServiceRequestUpdatedSubscription>(client, ServiceRequestUpdatedDocument, 2, { id, afterSeq: 3 });
      await execute(t.url, ConfirmServiceRequestDocument, { id, idempotencyKey: key() }, wang);
      expect((await live).map((r) => r.data!.serviceRequestUpdated.status)).toEqual(['PROCESSING', 'DONE']);
    } finally {
      await client.dispose();
    }
  });
});

describe('form drafts', () => {
  it('follows the customer from one channel to another, versioned; a stale save is DRAFT_CONFLICT', async () => {
    const web = (await loginCustomer(t, 'zhou.min', { channel: 'WEB' })).headers;
    const app = (await loginCustomer(t, 'zhou.min', { channel: 'APP' })).headers;
    await execute(t.url, DiscardFormDraftDocument, { kind: 'SET_UP_STANDING_ORDER' }, app);
    const first = await execute(t.url, SaveFormDraftDocument, { kind: 'SET_UP_STANDING_ORDER', payload: JSON.stringify({ payeeName: 'Li' }) }, app);
    expect(first.data!.saveFormDraft).toMatchObject({ version: 1, channel: 'APP' });
    const onWeb = await execute(t.url, FormDraftDocument, { kind: 'SET_UP_STANDING_ORDER' }, web);
    expect(JSON.parse(onWeb.data!.formDraft!.payload)).toEqual({ payeeName: 'Li' });
    const second = await execute(t.url, SaveFormDraftDocument, { kind: 'SET_UP_STANDING_ORDER', payload: JSON.stringify({ payeeName: 'Li Na' }), expectedVersion: 1 }, web);
    expect(second.data!.saveFormDraft).toMatchObject({ version: 2, channel: 'WEB' });
    const stale = await execute(t.url, SaveFormDraftDocument, { kind: 'SET_UP_STANDING_ORDER', payload: '{}', expectedVersion: 1 }, app);
    expect(errorCode(stale)).toBe('DRAFT_CONFLICT');
    expect(stale.errors![0]!.extensions!.currentVersion).toBe(2);
    // Another customer never sees it.
    expect((await execute(t.url, FormDraftDocument, { kind: 'SET_UP_STANDING_ORDER' }, chen)).data!.formDraft).toBeNull();
  });

  it('lets exactly one of 20 racing saves of the same version win', async () => {
    const app = (await loginCustomer(t, 'sun.mei')).headers;
    await execute(t.url, DiscardFormDraftDocument, { kind: 'LOAN_APPLICATION' }, app);
    await execute(t.url, SaveFormDraftDocument, { kind: 'LOAN_APPLICATION', payload: '{"amount":"1"}' }, app);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => execute(t.url, SaveFormDraftDocument, { kind: 'LOAN_APPLICATION', payload: JSON.stringify({ amount: String(i) }), expectedVersion: 1 }, app)),
    );
    expect(results.filter((r) => r.errors === undefined)).toHaveLength(1);
    expect(results.filter((r) => r.errors !== undefined).map(errorCode)).toEqual(Array(19).fill('DRAFT_CONFLICT'));
  });

  it('refuses an oversize payload, a non-object, an unknown kind; an expired draft is gone', async () => {
    const app = chen;
    expect(errorCode(await execute(t.url, SaveFormDraftDocument, { kind: 'LOAN_APPLICATION', payload: JSON.stringify({ x: 'y'.repeat(20_000) }) }, app))).toBe('BAD_USER_INPUT');
    expect(errorCode(await execute(t.url, SaveFormDraftDocument, { kind: 'LOAN_APPLICATION', payload: '[1,2]' }, app))).toBe('BAD_USER_INPUT');
    expect(errorCode(await execute(t.url, SaveFormDraftDocument, { kind: 'NOT_A_FORM', payload: '{}' }, app))).toBe('BAD_USER_INPUT');
    await execute(t.url, DiscardFormDraftDocument, { kind: 'FREEZE_ACCOUNT' }, app);
    expect((await execute(t.url, SaveFormDraftDocument, { kind: 'FREEZE_ACCOUNT', payload: '{"reason":"TRAVEL"}' }, app)).errors).toBeUndefined();
    await t.gateway.database.db.update(formDrafts).set({ expiresAt: new Date(Date.now() - 1000) }).where(and(eq(formDrafts.kind, 'FREEZE_ACCOUNT'), eq(formDrafts.customerId, 'C000003')));
    expect((await execute(t.url, FormDraftDocument, { kind: 'FREEZE_ACCOUNT' }, app)).data!.formDraft).toBeNull();
    // A new draft replaces the expired one.
    expect((await execute(t.url, SaveFormDraftDocument, { kind: 'FREEZE_ACCOUNT', payload: '{}' }, app)).errors).toBeUndefined();
  });
});
