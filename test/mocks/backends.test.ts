/**
 * The CRM, credit bureau, risk and identity backends, and the HTTP conventions all five share.
 * (Core banking and faults have their own files.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BACKEND_NAMES,
  DEMO_CUSTOMER_IDS,
  DEMO_CUSTOMERS,
  isValidIdNumber,
  makeIdNumber,
  MAX_BATCH_SIZE,
  miniProgramUserId,
  startMocks,
  WATCHLISTED_PAYEE_ACCOUNTS,
  type RunningMocks,
} from '../../mocks/index.js';
import {
  batchOf,
  bureauReportSchema,
  customerSchema,
  errorSchema,
  messagesSchema,
  otpSentSchema,
  relationshipManagerSchema,
  riskProfileSchema,
  screeningSchema,
  sessionSchema,
  transferScoreSchema,
  verificationSchema,
} from './contract.js';
import { getJson, postJson, sendJson } from './http.js';

let mocks: RunningMocks;

beforeAll(async () => {
  mocks = await startMocks({ basePort: 0, env: {} });
});

afterAll(async () => {
  await mocks.close();
});

const { wangFang, zhaoLei, chenJie, liNa } = DEMO_CUSTOMERS;

const BACKEND_LABELS = {
  coreBanking: 'core-banking',
  crm: 'crm',
  creditBureau: 'credit-bureau',
  risk: 'risk',
  identity: 'identity',
  businessRegistry: 'business-registry',
} as const;

describe('every backend', () => {
  it.each(BACKEND_NAMES)('answers GET /health on %s with its name', async (name) => {
    const res = await getJson(`${mocks.urls[name]}/health`);
    expect(res).toMatchObject({ status: 200, body: { status: 'ok', backend: BACKEND_LABELS[name] } });
  });

  it('listens on 127.0.0.1 on six different ports', () => {
    const urls = Object.values(mocks.urls);
    expect(new Set(urls).size).toBe(6);
    expect(urls.every((url) => url.startsWith('http://127.0.0.1:'))).toBe(true);
  });
});

describe('request handling', () => {
  it('answers an unknown route with 404 NOT_FOUND', async () => {
    const res = await getJson(`${mocks.urls.crm}/nothing/here`);
    expect(res.status).toBe(404);
    expect(errorSchema.parse(res.body).error.code).toBe('NOT_FOUND');
  });

  it('answers a known path with the wrong method with 405 and an allow header', async () => {
    const res = await getJson(`${mocks.urls.crm}/customers:batch`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(errorSchema.parse(res.body).error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers a body that is not JSON with 400 BAD_REQUEST', async () => {
    const res = await fetch(`${mocks.urls.risk}/profiles:batch`, { method: 'POST', body: '{"customerIds": [' });
    expect(res.status).toBe(400);
    expect(errorSchema.parse(await res.json()).error.code).toBe('BAD_REQUEST');
  });

  it('answers a body over 1 MiB with 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await fetch(`${mocks.urls.risk}/profiles:batch`, {
      method: 'POST',
      body: JSON.stringify({ customerIds: ['x'.repeat(1024 * 1024)] }),
    });
    expect(res.status).toBe(413);
    expect(errorSchema.parse(await res.json()).error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('batch routes', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `C${100000 + i}`);

  it(`accepts ${MAX_BATCH_SIZE} ids and refuses one more with 400 BATCH_TOO_LARGE`, async () => {
    const ok = await postJson(`${mocks.urls.crm}/customers:batch`, { customerIds: ids(MAX_BATCH_SIZE) });
    expect(ok.status).toBe(200);
    const tooMany = await postJson(`${mocks.urls.crm}/customers:batch`, { customerIds: ids(MAX_BATCH_SIZE + 1) });
    expect(tooMany.status).toBe(400);
    expect(errorSchema.parse(tooMany.body).error.code).toBe('BATCH_TOO_LARGE');
  });

  it('answers duplicate ids at every position and an empty list with no results', async () => {
    const res = await postJson(`${mocks.urls.creditBureau}/reports:batch`, { customerIds: ['C000001', 'C000002', 'C000001'] });
    const { results } = res.body as { results: Array<{ customerId: string } | null> };
    expect(results.map((r) => r?.customerId)).toEqual(['C000001', 'C000002', 'C000001']);
    expect(results[0]).toEqual(results[2]);
    expect((await postJson(`${mocks.urls.creditBureau}/reports:batch`, { customerIds: [] })).body).toEqual({ results: [] });
  });

  it.each([[{}], [{ customerIds: 'C000001' }], [{ customerIds: [1, 2] }], [undefined]])(
    'refuses the body %j with 400 BAD_REQUEST',
    async (body) => {
      const res = await sendJson('POST', `${mocks.urls.risk}/profiles:batch`, body);
      expect(res.status).toBe(400);
      expect(errorSchema.parse(res.body).error.code).toBe('BAD_REQUEST');
    },
  );
});

async function customers(customerIds: string[]) {
  const res = await postJson(`${mocks.urls.crm}/customers:batch`, { customerIds });
  expect(res.status).toBe(200);
  return batchOf(customerSchema).parse(res.body).results;
}

describe('POST /customers:batch', () => {
  it('describes every demo customer with a well-formed identity number', async () => {
    const records = await customers([...DEMO_CUSTOMER_IDS]);
    for (const demo of Object.values(DEMO_CUSTOMERS)) {
      const record = records.find((r) => r?.customerId === demo.id);
      expect(record).toMatchObject({ fullName: demo.fullName, idNumber: demo.idNumber, phone: demo.phone, dateOfBirth: demo.dateOfBirth });
      expect(isValidIdNumber(record!.idNumber)).toBe(true);
      expect(record!.idNumber.slice(6, 14)).toBe(demo.dateOfBirth.replaceAll('-', ''));
    }
  });

  it('gives Wang Fang a relationship manager and Zhou Min the SMALL_BUSINESS segment', async () => {
    const [wang, zhou] = await customers([DEMO_CUSTOMERS.wangFang.id, DEMO_CUSTOMERS.zhouMin.id]);
    expect(wang?.relationshipManagerId).toMatch(/^RM\d{3}$/);
    expect(zhou?.segment).toBe('SMALL_BUSINESS');
  });

  it('knows the generated customers C100000 to C104999 and nobody beyond', async () => {
    const [first, last, beyond, before] = await customers(['C100000', 'C104999', 'C105000', 'C099999']);
    expect(first?.customerId).toBe('C100000');
    expect(last?.customerId).toBe('C104999');
    expect(isValidIdNumber(first!.idNumber) && isValidIdNumber(last!.idNumber)).toBe(true);
    expect(beyond).toBeNull();
    expect(before).toBeNull();
  });
});

describe('POST /relationship-managers:batch', () => {
  it('resolves the manager named on a customer record, null for an unknown id', async () => {
    const [wang] = await customers([DEMO_CUSTOMERS.wangFang.id]);
    const res = await postJson(`${mocks.urls.crm}/relationship-managers:batch`, { ids: ['RM404', wang!.relationshipManagerId] });
    const [unknown, manager] = batchOf(relationshipManagerSchema).parse(res.body).results;
    expect(unknown).toBeNull();
    expect(manager?.id).toBe(wang!.relationshipManagerId);
  });
});

async function reports(customerIds: string[]) {
  const res = await postJson(`${mocks.urls.creditBureau}/reports:batch`, { customerIds });
  expect(res.status).toBe(200);
  return batchOf(bureauReportSchema).parse(res.body).results;
}

describe('POST /reports:batch', () => {
  it('scores Wang Fang around 780 with a clean record', async () => {
    const [wang] = await reports([DEMO_CUSTOMERS.wangFang.id]);
    expect(wang?.score).toBeGreaterThanOrEqual(760);
    expect(wang?.score).toBeLessThanOrEqual(800);
    expect(wang).toMatchObject({ thinFile: false, delinquencies12m: 0, worstStatus: 'CURRENT' });
  });

  it('marks Sun Mei as a thin file without a score', async () => {
    const [sun] = await reports([DEMO_CUSTOMERS.sunMei.id]);
    expect(sun).toMatchObject({ thinFile: true, score: null });
    expect(sun!.openCreditLines).toBeLessThanOrEqual(1);
  });

  it('shows Liu Yang with many open credit lines and 9000.00 monthly repayments', async () => {
    const [liu] = await reports([DEMO_CUSTOMERS.liuYang.id]);
    expect(liu!.openCreditLines).toBeGreaterThanOrEqual(6);
    expect(liu!.monthlyRepayments).toEqual({ amount: '9000.00', currency: 'CNY' });
  });

  it('answers a batch in input order with null for unknown ids', async () => {
    const results = await reports(['C104000', 'X', DEMO_CUSTOMERS.chenJie.id]);
    expect(results.map((r) => r?.customerId ?? null)).toEqual(['C104000', null, DEMO_CUSTOMERS.chenJie.id]);
  });
});

async function profiles(customerIds: string[]) {
  const res = await postJson(`${mocks.urls.risk}/profiles:batch`, { customerIds });
  return batchOf(riskProfileSchema).parse(res.body).results;
}

async function screen(body: Record<string, string>) {
  const res = await postJson(`${mocks.urls.risk}/screenings`, body);
  expect(res.status).toBe(200);
  return screeningSchema.parse(res.body);
}

describe('POST /profiles:batch', () => {
  it('rates Wang Fang LOW and clear', async () => {
    const [wang] = await profiles([wangFang.id]);
    expect(wang).toMatchObject({ rating: 'LOW', amlStatus: 'CLEAR', watchlistHits: [], litigation: [] });
  });

  it('rates Zhao Lei HIGH with an AML hit on a high-risk list', async () => {
    const [zhao] = await profiles([zhaoLei.id]);
    expect(zhao).toMatchObject({ rating: 'HIGH', amlStatus: 'HIT' });
    expect(Math.max(...zhao!.watchlistHits.map((h) => h.matchScore))).toBeGreaterThanOrEqual(0.95);
  });

  it('lists an open civil case with an amount for Chen Jie', async () => {
    const [chen] = await profiles([chenJie.id]);
    const open = chen!.litigation.filter((c) => c.status === 'OPEN');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ kind: 'CIVIL', amount: { amount: '85000.00', currency: 'CNY' } });
  });

  it('answers a batch in input order with null for unknown ids', async () => {
    const results = await profiles([liNa.id, 'nobody', wangFang.id]);
    expect(results.map((r) => r?.customerId ?? null)).toEqual([liNa.id, null, wangFang.id]);
  });
});

describe('POST /screenings', () => {
  it('returns HIT for Zhao Lei by name and identity number', async () => {
    const result = await screen({ fullName: zhaoLei.fullName, idNumber: zhaoLei.idNumber, dateOfBirth: zhaoLei.dateOfBirth });
    expect(result.result).toBe('HIT');
    expect(result.matchScore).toBeGreaterThanOrEqual(0.95);
    expect(result.lists.length).toBeGreaterThan(0);
  });

  it('returns PARTIAL_MATCH with pep for Li Na', async () => {
    const result = await screen({ fullName: liNa.fullName, idNumber: liNa.idNumber });
    expect(result).toMatchObject({ result: 'PARTIAL_MATCH', pep: true });
    expect(result.matchScore).toBeCloseTo(0.7, 2);
  });

  it('clears Wang Fang and an unknown applicant, and always hits "Test Sanctioned"', async () => {
    expect((await screen({ fullName: wangFang.fullName, idNumber: wangFang.idNumber })).result).toBe('CLEAR');
    expect((await screen({ fullName: 'Qian Duoduo', idNumber: '110105199001011234' })).result).toBe('CLEAR');
    expect((await screen({ fullName: 'Test Sanctioned', idNumber: '110105199001011234' })).result).toBe('HIT');
  });

  it('answers the same result for the same person every time', async () => {
    const person = { fullName: 'Qian Duoduo', idNumber: '110105199001011234' };
    const { screeningId: _a, ...first } = await screen(person);
    const { screeningId: _b, ...second } = await screen(person);
    expect(second).toEqual(first);
  });
});

describe('POST /transfers/score', () => {
  const transfer = { customerId: wangFang.id, amount: { amount: '200.00', currency: 'CNY' }, payeeAccountNumber: '6222020000001234567', payeeName: 'Li Ming', channel: 'MOBILE_APP' };

  it('scores an ordinary transfer low', async () => {
    const res = await postJson(`${mocks.urls.risk}/transfers/score`, transfer);
    const score = transferScoreSchema.parse(res.body);
    expect(score.payeeWatchlisted).toBe(false);
    expect(score.score).toBeLessThan(30);
  });

  it('flags a watch-listed payee with a high score', async () => {
    for (const payeeAccountNumber of WATCHLISTED_PAYEE_ACCOUNTS) {
      const score = transferScoreSchema.parse((await postJson(`${mocks.urls.risk}/transfers/score`, { ...transfer, payeeAccountNumber })).body);
      expect(score.payeeWatchlisted).toBe(true);
      expect(score.score).toBeGreaterThanOrEqual(90);
      expect(score.signals).toContain('PAYEE_WATCHLISTED');
    }
  });

  it('raises the score for a large amount from a high-risk customer', async () => {
    const score = transferScoreSchema.parse(
      (await postJson(`${mocks.urls.risk}/transfers/score`, { ...transfer, customerId: zhaoLei.id, amount: { amount: '80000.00', currency: 'CNY' } })).body,
    );
    expect(score.signals).toEqual(expect.arrayContaining(['LARGE_AMOUNT', 'CUSTOMER_HIGH_RISK']));
    expect(score.score).toBeGreaterThanOrEqual(60);
  });

  it('answers 404 CUSTOMER_NOT_FOUND for an unknown customer', async () => {
    const res = await postJson(`${mocks.urls.risk}/transfers/score`, { ...transfer, customerId: 'C999999' });
    expect(res.status).toBe(404);
    expect(errorSchema.parse(res.body).error.code).toBe('CUSTOMER_NOT_FOUND');
  });
});

async function verify(body: Record<string, string>) {
  const res = await postJson(`${mocks.urls.identity}/verifications`, body);
  expect(res.status).toBe(200);
  return verificationSchema.parse(res.body);
}

describe('POST /verifications', () => {
  it('passes Wang Fang with her own name, identity number and a selfie', async () => {
    const result = await verify({ fullName: wangFang.fullName, idNumber: wangFang.idNumber, selfieToken: 'selfie-123' });
    expect(result).toMatchObject({ idValid: true, nameMatches: true, result: 'PASS' });
    expect(result.livenessScore).toBeGreaterThanOrEqual(0.9);
  });

  it('fails a spoofed selfie on liveness', async () => {
    const result = await verify({ fullName: wangFang.fullName, idNumber: wangFang.idNumber, selfieToken: 'spoof' });
    expect(result.result).toBe('FAIL');
    expect(result.livenessScore).toBeLessThan(0.5);
  });

  it('fails a wrong check digit and a name that does not belong to the number', async () => {
    const wrongDigit = wangFang.idNumber.slice(0, 17) + (wangFang.idNumber.endsWith('0') ? '1' : '0');
    expect(await verify({ fullName: wangFang.fullName, idNumber: wrongDigit })).toMatchObject({ idValid: false, result: 'FAIL' });
    expect(await verify({ fullName: 'Someone Else', idNumber: wangFang.idNumber })).toMatchObject({ idValid: true, nameMatches: false, result: 'FAIL' });
  });

  it('checks only the document for a new applicant without a selfie', async () => {
    const idNumber = makeIdNumber('310115', '1995-06-30', 38);
    const result = await verify({ fullName: 'Qian Duoduo', idNumber });
    expect(result).toMatchObject({ idValid: true, nameMatches: true, livenessScore: null, faceMatchScore: null, result: 'PASS' });
    expect((await verify({ fullName: 'Test Mismatch', idNumber })).result).toBe('FAIL');
    expect((await verify({ fullName: 'Qian Duoduo', idNumber, selfieToken: 'review' })).result).toBe('REVIEW');
  });
});

describe('POST /messages/otp', () => {
  it('accepts a message and lets tests read the code, newest first, per phone', async () => {
    const phone = '13912345678';
    const first = await postJson(`${mocks.urls.identity}/messages/otp`, { phone, code: '111111', purpose: 'LOGIN' });
    expect(first.status).toBe(202);
    otpSentSchema.parse(first.body);
    await postJson(`${mocks.urls.identity}/messages/otp`, { phone: '13700000000', code: '333333', purpose: 'LOGIN' });
    await postJson(`${mocks.urls.identity}/messages/otp`, { phone, code: '222222', purpose: 'TRANSFER' });
    const res = await getJson(`${mocks.urls.identity}/__admin/messages?phone=${phone}`);
    const { messages } = messagesSchema.parse(res.body);
    expect(messages.map((m) => [m.code, m.purpose])).toEqual([
      ['222222', 'TRANSFER'],
      ['111111', 'LOGIN'],
    ]);
  });

  it('refuses a malformed phone number with 400', async () => {
    const res = await postJson(`${mocks.urls.identity}/messages/otp`, { phone: '12345', code: '111111', purpose: 'LOGIN' });
    expect(res.status).toBe(400);
    expect(errorSchema.parse(res.body).error.code).toBe('BAD_REQUEST');
  });
});

describe('POST /mini-program/sessions', () => {
  it('maps codes of one user key to one platform user, whatever the nonce', async () => {
    const a = sessionSchema.parse((await postJson(`${mocks.urls.identity}/mini-program/sessions`, { code: 'mp:wangfang:1' })).body);
    const b = sessionSchema.parse((await postJson(`${mocks.urls.identity}/mini-program/sessions`, { code: 'mp:wangfang:2' })).body);
    const again = sessionSchema.parse((await postJson(`${mocks.urls.identity}/mini-program/sessions`, { code: 'mp:wangfang:1' })).body);
    const other = sessionSchema.parse((await postJson(`${mocks.urls.identity}/mini-program/sessions`, { code: 'mp:liuyang:1' })).body);
    expect(a.platformUserId).toBe(miniProgramUserId('wangfang'));
    expect(b.platformUserId).toBe(a.platformUserId);
    expect(again).toEqual(a);
    expect(other.platformUserId).not.toBe(a.platformUserId);
  });

  it('refuses a code starting with "bad" with 400 INVALID_CODE', async () => {
    const res = await postJson(`${mocks.urls.identity}/mini-program/sessions`, { code: 'bad-code' });
    expect(res.status).toBe(400);
    expect(errorSchema.parse(res.body).error.code).toBe('INVALID_CODE');
  });
});
