import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProductCodesDocument, ProductsDocument } from '../generated/graphql.js';
import { execute } from '../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

let t: TestGateway;

beforeAll(async () => {
  // The breaker has its own tests (backend-client); here every fault must reach the backend.
  t = await startTestGateway({ BREAKER_THRESHOLD: '1000' });
});
afterAll(() => t?.close());
afterEach(() => t.heal());

/** What core banking itself says, read straight from the mock over HTTP. */
async function coreBankingProducts(): Promise<{ code: string; kind: string; minAmount: unknown; annualRate: string }[]> {
  const response = await fetch(`${t.backends.coreBanking}/products`);
  return ((await response.json()) as { products: never[] }).products;
}

describe('Query.products', () => {
  it('returns the catalogue core banking holds, money as decimal strings', async () => {
    const { status, data, errors } = await execute(t.url, ProductsDocument);
    expect(status).toBe(200);
    expect(errors).toBeUndefined();
    const expected = await coreBankingProducts();
    expect(data?.products?.map((p) => p.code)).toEqual(expected.map((p) => p.code));
    for (const [i, product] of (data?.products ?? []).entries()) {
      expect(product.minAmount).toEqual(expected[i]!.minAmount);
      expect(product.annualRate).toBe(expected[i]!.annualRate);
      expect(product.minAmount.amount).toMatch(/^\d+\.\d{2}$/);
      expect(product.maxAmount.amount).toMatch(/^\d+\.\d{2}$/);
    }
    expect(data?.products?.map((p) => p.code)).toEqual(
      expect.arrayContaining(['PERSONAL_CONSUMER', 'MICRO_BUSINESS', 'CORPORATE']),
    );
  });

  it('filters by kind', async () => {
    const loans = await execute(t.url, ProductsDocument, { kind: 'LOAN' });
    const deposits = await execute(t.url, ProductsDocument, { kind: 'DEPOSIT' });
    expect(loans.data?.products?.length).toBeGreaterThan(0);
    expect(deposits.data?.products?.length).toBeGreaterThan(0);
    expect(loans.data?.products?.every((p) => p.kind === 'LOAN')).toBe(true);
    expect(deposits.data?.products?.every((p) => p.kind === 'DEPOSIT')).toBe(true);
    const all = await coreBankingProducts();
    expect(loans.data!.products!.length + deposits.data!.products!.length).toBe(all.length);
  });

  it('refuses an unknown kind with a validation error and no data', async () => {
    const { status, data, errors } = await execute(t.url, 'query { products(kind: SHARES) { code } }');
    expect(status).toBe(400);
    expect(data).toBeUndefined();
    expect(errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it.each([
    ['down', { mode: 'down' }, 'UPSTREAM_UNAVAILABLE'],
    ['answering 503', { mode: 'error', errorStatus: 503 }, 'UPSTREAM_UNAVAILABLE'],
    ['slower than the timeout', { mode: 'timeout' }, 'UPSTREAM_TIMEOUT'],
    ['sending malformed JSON', { mode: 'malformed' }, 'UPSTREAM_INVALID'],
  ])('answers null with %s core banking as the cause, never an HTTP error', async (_name, faults, code) => {
    await t.fault('coreBanking', faults);
    const { status, data, errors } = await execute(t.url, ProductCodesDocument);
    expect(status).toBe(200);
    expect(data).toEqual({ products: null });
    expect(errors).toHaveLength(1);
    expect(errors?.[0]?.path).toEqual(['products']);
    expect(errors?.[0]?.extensions).toMatchObject({ code, backend: 'coreBanking' });
    expect(errors?.[0]?.extensions?.requestId).toEqual(expect.any(String));
    // Nothing about hosts, ports or stack traces reaches the client.
    expect(JSON.stringify(errors)).not.toMatch(/127\.0\.0\.1|stack|ECONN/);
  });

  it('works again once core banking heals', async () => {
    await t.fault('coreBanking', { mode: 'error' });
    expect((await execute(t.url, ProductCodesDocument)).data?.products).toBeNull();
    await t.heal();
    // The breaker may have opened; it lets a trial call through after BREAKER_HALF_OPEN_AFTER_MS.
    await expect
      .poll(async () => (await execute(t.url, ProductCodesDocument)).data?.products?.length ?? 0, {
        timeout: 3000,
        interval: 100,
      })
      .toBeGreaterThan(0);
  });
});
