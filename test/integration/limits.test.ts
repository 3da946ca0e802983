import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProductCodesDocument, ServerTimeDocument } from '../generated/graphql.js';
import { execute, take, wsClient } from '../support/graphql-client.js';
import { startProductionGateway, type ProductionGateway } from './production-gateway.js';

// A production gateway with tight limits: what the bank's internet-facing deployment runs.
let t: ProductionGateway;

beforeAll(async () => {
  t = await startProductionGateway({
    MAX_QUERY_DEPTH: '2',
    MAX_QUERY_FIELDS: '20',
    MAX_QUERY_ALIASES: '3',
    MAX_QUERY_TOKENS: '200',
  });
});
afterAll(() => t?.close());

const limitError = (response: Awaited<ReturnType<typeof execute>>) => response.errors?.[0]?.extensions;

describe('query limits', () => {
  it('serves an operation within every limit', async () => {
    const response = await execute(t.url, ProductCodesDocument);
    expect(response.status).toBe(200);
    expect(response.data?.products?.length).toBeGreaterThan(0);
  });

  it('refuses an operation nested deeper than MAX_QUERY_DEPTH', async () => {
    const response = await execute(t.url, '{ products { minAmount { amount } } }');
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    expect(limitError(response)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
  });

  it('counts depth through fragments too', async () => {
    const response = await execute(t.url, 'query { ...F } fragment F on Query { products { maxAmount { amount } } }');
    expect(limitError(response)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' });
  });

  it('refuses more aliases than MAX_QUERY_ALIASES', async () => {
    const response = await execute(t.url, '{ a: products { code } b: products { code } c: products { code } d: products { code } }');
    expect(limitError(response)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'aliases' });
  });

  it('refuses a fragment bomb by its expanded field count, quickly', async () => {
    // Each level doubles the fields; 12 levels expand to thousands of fields from a tiny document.
    const levels = Array.from({ length: 12 }, (_, i) => `fragment F${i} on Product { ...F${i + 1} ...F${i + 1} }`);
    const query = `{ products { ...F0 } } ${levels.join(' ')} fragment F12 on Product { code name }`;
    const started = performance.now();
    const response = await execute(t.url, query);
    expect(performance.now() - started).toBeLessThan(2000);
    // The token limit or the field limit stops it; either way nothing is executed.
    expect(response.data).toBeUndefined();
    expect(limitError(response)?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses a document longer than MAX_QUERY_TOKENS at the parser', async () => {
    const fields = Array.from({ length: 300 }, () => 'code').join(' ');
    const response = await execute(t.url, `{ products { ${fields} } }`);
    expect(response.status).toBe(400);
    expect(limitError(response)).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'tokens' });
  });

  it('applies the same limits over WebSocket', async () => {
    const client = wsClient(t.wsUrl);
    try {
      await expect(take(client, '{ products { minAmount { amount } } }', 1)).rejects.toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'depth' }) }),
      ]);
      const [tick] = await take(client, ServerTimeDocument, 1);
      expect(tick?.data?.serverTime).toEqual(expect.any(String));
    } finally {
      await client.dispose();
    }
  });
});

describe('production hardening', () => {
  it('switches introspection off', async () => {
    const response = await execute(t.url, '{ __schema { queryType { name } } }');
    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('switches introspection off over WebSocket too', async () => {
    const client = wsClient(t.wsUrl);
    try {
      await expect(take(client, '{ __schema { queryType { name } } }', 1)).rejects.toEqual(
        expect.arrayContaining([expect.objectContaining({ message: expect.stringMatching(/introspection/i) })]),
      );
    } finally {
      await client.dispose();
    }
  });

  it('does not suggest field names to a client that misspells one', async () => {
    const response = await execute(t.url, '{ product { code } }');
    expect(response.errors?.[0]?.message).toBe('Cannot query field "product" on type "Query".');
    expect(JSON.stringify(response.errors)).not.toMatch(/Did you mean/);
  });
});
