import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CUSTOMER_IDS, DEMO_CUSTOMERS, isValidIdNumber, makeIdNumber, startMocks, type RunningMocks } from '../../mocks/index.js';
import { formatCents, parseAmount } from '../../mocks/lib/money.js';
import { makeRandom } from '../../mocks/lib/random.js';
import { getJson, postJson } from './http.js';

const SAMPLE = [...DEMO_CUSTOMER_IDS, 'C100000', 'C100001', 'C102500', 'C104999'];

/** What the backends say about the sample customers, plus a page of history of their first two accounts. */
async function snapshot(mocks: RunningMocks): Promise<unknown[]> {
  const { coreBanking, crm, creditBureau, risk } = mocks.urls;
  const accounts = (await postJson(`${coreBanking}/customers/accounts:batch`, { customerIds: SAMPLE })).body as {
    results: Array<Array<{ accountId: string }> | null>;
  };
  const histories = await Promise.all(
    accounts.results.flatMap((list) => (list ?? []).slice(0, 2)).map(async (a) => (await getJson(`${coreBanking}/accounts/${a.accountId}/transactions?limit=30`)).body),
  );
  return [
    accounts,
    histories,
    (await postJson(`${coreBanking}/customers/financials:batch`, { customerIds: SAMPLE })).body,
    (await postJson(`${crm}/customers:batch`, { customerIds: SAMPLE })).body,
    (await postJson(`${creditBureau}/reports:batch`, { customerIds: SAMPLE })).body,
    (await postJson(`${risk}/profiles:batch`, { customerIds: SAMPLE })).body,
  ];
}

async function withMocks<T>(seed: number, work: (mocks: RunningMocks) => Promise<T>): Promise<T> {
  const mocks = await startMocks({ basePort: 0, seed, env: {} });
  try {
    return await work(mocks);
  } finally {
    await mocks.close();
  }
}

/** Every object that looks like money, anywhere in a JSON value. */
function moneyIn(value: unknown, found: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(value)) value.forEach((v) => moneyIn(v, found));
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    // A money object is the one holding the amount itself; records also have money-valued `amount` fields.
    if ('amount' in record && (record.amount === null || typeof record.amount !== 'object')) found.push(record);
    Object.values(record).forEach((v) => moneyIn(v, found));
  }
  return found;
}

describe('the data world', () => {
  let seven: unknown[];

  beforeAll(async () => {
    seven = await withMocks(7, snapshot);
  });

  it('serves identical data from two servers with the same seed', async () => {
    expect(await withMocks(7, snapshot)).toEqual(seven);
  });

  it('serves different generated customers under another seed, with the same demo facts', async () => {
    const eight = await withMocks(8, snapshot);
    expect(eight).not.toEqual(seven);
    const crmOf = (s: unknown[]) => (s[3] as { results: unknown[] }).results;
    expect(crmOf(eight).slice(0, DEMO_CUSTOMER_IDS.length)).toEqual(crmOf(seven).slice(0, DEMO_CUSTOMER_IDS.length));
  });

  it('reads MOCK_SEED when no seed option is given', async () => {
    const mocks = await startMocks({ basePort: 0, env: { MOCK_SEED: '7' } });
    try {
      expect(mocks.seed).toBe(7);
    } finally {
      await mocks.close();
    }
  });

  it('writes every amount as a two-decimal string with a currency', () => {
    const money = moneyIn(seven);
    expect(money.length).toBeGreaterThan(500);
    for (const m of money) {
      expect(Object.keys(m).sort()).toEqual(['amount', 'currency']);
      expect(m.amount).toMatch(/^\d+\.\d{2}$/);
      expect(['CNY', 'USD', 'EUR', 'HKD']).toContain(m.currency);
    }
  });
});

describe('demo customers', () => {
  it('are listed in mocks/README.md with their identity numbers', async () => {
    const readme = await readFile(new URL('../../mocks/README.md', import.meta.url), 'utf8');
    for (const demo of Object.values(DEMO_CUSTOMERS)) {
      expect(readme).toContain(`| ${demo.id} | ${demo.username} | ${demo.fullName} | ${demo.idNumber} | ${demo.dateOfBirth} | ${demo.phone} |`);
    }
  });

  it('have well-formed 18-character identity numbers and mainland mobile numbers', () => {
    for (const demo of Object.values(DEMO_CUSTOMERS)) {
      expect(demo.idNumber).toMatch(/^\d{17}[\dX]$/);
      expect(isValidIdNumber(demo.idNumber)).toBe(true);
      expect(demo.phone).toMatch(/^138\d{8}$/);
      expect(demo.description.length).toBeGreaterThan(10);
      expect(demo.email).toBe(`${demo.username}@example.com`);
    }
  });
});

describe('identity numbers', () => {
  it('accept the GB 11643 reference number and reject a wrong check character', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(makeIdNumber('110105', '1949-12-31', 2)).toBe('11010519491231002X');
  });

  it('reject impossible birth dates even with a matching check character', () => {
    expect(isValidIdNumber(makeIdNumber('110105', '1949-02-31', 2))).toBe(false);
    expect(isValidIdNumber(makeIdNumber('110105', '1949-02-28', 2))).toBe(true);
  });
});

describe('money helpers', () => {
  it('format and parse cents without floating point', () => {
    expect(formatCents(123456n)).toBe('1234.56');
    expect(formatCents(5n)).toBe('0.05');
    expect(parseAmount('0.1')).toBe(10n);
    expect(parseAmount('12')).toBe(1200n);
    expect(parseAmount('1.005')).toBeNull();
    expect(parseAmount('-1.00')).toBeNull();
    expect(formatCents(parseAmount('900719925474099.99') ?? 0n)).toBe('900719925474099.99');
  });
});

describe('seeded random', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = makeRandom(99);
    const b = makeRandom(99);
    expect(Array.from({ length: 5 }, () => a.int(0, 1000))).toEqual(Array.from({ length: 5 }, () => b.int(0, 1000)));
  });

  it('splits a total into parts that add up exactly', () => {
    const parts = makeRandom(1).split(1_000_001n, 7);
    expect(parts.reduce((x, y) => x + y, 0n)).toBe(1_000_001n);
    expect(parts.every((p) => p > 0n)).toBe(true);
  });
});
