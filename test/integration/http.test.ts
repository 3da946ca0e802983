import { serverAudits } from 'graphql-http';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProductCodesDocument } from '../generated/graphql.js';
import { execute } from '../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway({ MAX_BODY_BYTES: '4096' });
});
afterAll(() => t?.close());

describe('POST /graphql', () => {
  it('returns a request id in a header, and the one the caller sent when it sent one', async () => {
    const fresh = await execute(t.url, ProductCodesDocument);
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const given = await execute(t.url, ProductCodesDocument, undefined, { 'x-request-id': 'trace-abc-12345' });
    expect(given.headers.get('x-request-id')).toBe('trace-abc-12345');
  });

  it('tells every cache to keep nothing: answers and errors alike are sent no-store', async () => {
    const answer = await execute(t.url, ProductCodesDocument);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const refused = await execute(t.url, '{ nope }');
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });

  it('puts the request id into every error so support can find the log line', async () => {
    const response = await execute(t.url, '{ nope }', undefined, { 'x-request-id': 'trace-err-12345' });
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions).toMatchObject({
      code: 'GRAPHQL_VALIDATION_FAILED',
      requestId: 'trace-err-12345',
    });
  });

  // PARTNER runs trusted documents only (test/integration/kit/client-kit.test.ts).
  it.each(['APP', 'MINI_PROGRAM', 'WEB', 'BRANCH', 'STAFF', 'app'])(
    'accepts the %s channel',
    async (channel) => {
      const response = await execute(t.url, ProductCodesDocument, undefined, { 'x-channel': channel });
      expect(response.status).toBe(200);
      expect(response.data?.products?.length).toBeGreaterThan(0);
    },
  );

  it('refuses an unknown channel with 400 BAD_CHANNEL before running anything', async () => {
    const response = await execute(t.url, ProductCodesDocument, undefined, { 'x-channel': 'TELEX' });
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_CHANNEL');
    expect(response.errors?.[0]?.message).toContain('MINI_PROGRAM');
  });

  it('refuses a body that is not JSON with 400 BAD_REQUEST', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ products { code } }"',
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('BAD_REQUEST');
  });

  it('refuses a body over MAX_BODY_BYTES with 413 PAYLOAD_TOO_LARGE', async () => {
    const query = `{ products { code } } # ${'x'.repeat(5000)}`;
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('reads a body sent in several chunks without a content-length', async () => {
    const query = '{ products { code } }';
    const reply = await postChunked([`{"query": ${JSON.stringify(query).slice(0, 8)}`, JSON.stringify(query).slice(8), '}']);
    expect(reply.status).toBe(200);
    const body = JSON.parse(reply.text) as { data?: { products: { code: string }[] }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data?.products.length).toBeGreaterThan(0);
  });

  it('refuses a chunked body that grows past MAX_BODY_BYTES with 413 PAYLOAD_TOO_LARGE', async () => {
    const reply = await postChunked(['{"query": "{ products { code } } #', 'x'.repeat(3000), 'x'.repeat(3000), '"}']);
    expect(reply.status).toBe(413);
    expect((JSON.parse(reply.text) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('keeps CSRF prevention on: a simple GET without a preflight header is refused', async () => {
    const response = await fetch(`${t.url}?query=${encodeURIComponent('{ products { code } }')}`);
    expect(response.status).toBe(400);
    const allowed = await fetch(`${t.url}?query=${encodeURIComponent('{ products { code } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(allowed.status).toBe(200);
  });

  it('answers 404 with a GraphQL-shaped error off the GraphQL path', async () => {
    const response = await fetch(t.url.replace('/graphql', '/nothing-here'));
    expect(response.status).toBe(404);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('passes every GraphQL-over-HTTP audit of graphql-http, the SHOULDs included: no error, no warning', async () => {
    const notOk: string[] = [];
    const notices: string[] = [];
    for (const audit of serverAudits({ url: t.url, fetchFn: fetch })) {
      const result = await audit.fn();
      if (result.status === 'error' || result.status === 'warn') notOk.push(`${result.status}: ${audit.name}: ${result.reason}`);
      if (result.status === 'notice') notices.push(audit.name);
    }
    expect(notOk).toEqual([]);
    // The only MAYs left out: plain GETs, refused on purpose by CSRF prevention (see the test above).
    for (const notice of notices) expect(notice).toMatch(/GET/);
  });
});

describe('POST /graphql status codes by media type (GraphQL over HTTP)', () => {
  const failures = [
    ['a document that does not parse', '{ products { code }', undefined, 'GRAPHQL_PARSE_FAILED'],
    ['a document that does not validate', '{ nope }', undefined, 'GRAPHQL_VALIDATION_FAILED'],
    ['variables that do not coerce', 'query ($name: String!) { __type(name: $name) { name } }', { name: 5 }, 'BAD_USER_INPUT'],
  ] as const;

  it.each(failures)('answers %s with 200 and the error to a legacy application/json client', async (_, query, variables, code) => {
    const response = await post({ query, variables }, 'application/json');
    expect(response.status).toBe(200);
    expect(response.contentType).toMatch(/^application\/json/);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors?.[0]?.extensions?.code).toBe(code);
    expect(response.body.errors?.[0]?.extensions?.requestId).toEqual(expect.any(String));
  });

  it.each(failures)('answers %s with 400 to an application/graphql-response+json client', async (_, query, variables, code) => {
    const response = await post({ query, variables }, 'application/graphql-response+json');
    expect(response.status).toBe(400);
    expect(response.contentType).toMatch(/^application\/graphql-response\+json/);
    expect(response.body.errors?.[0]?.extensions?.code).toBe(code);
  });

  // The gateway remembers what Apollo negotiated for each Accept header (graphql-http.ts): every
  // later request with the header must get what the first got, success and failure alike.
  it.each([
    ['application/graphql-response+json, application/json', /^application\/graphql-response\+json/, 400],
    ['application/json;q=0.9, application/graphql-response+json', /^application\/graphql-response\+json/, 400],
    ['application/json, application/graphql-response+json;q=0.5', /^application\/json/, 200],
    ['*/*', /^application\/json/, 200],
    ['application/json', /^application\/json/, 200],
  ] as const)('answers Accept: %s with the same media type on every request, and failures with the same status', async (accept, type, failureStatus) => {
    for (let i = 0; i < 3; i += 1) {
      const ok = await post({ query: '{ __typename }' }, accept);
      expect([ok.status, ok.contentType]).toEqual([200, expect.stringMatching(type)]);
      const failed = await post({ query: '{ nope }' }, accept);
      expect([failed.status, failed.contentType]).toEqual([failureStatus, expect.stringMatching(type)]);
    }
  });

  it('refuses an Accept header it cannot serve with 406, every time', async () => {
    for (let i = 0; i < 3; i += 1) expect((await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/csv' }, body: '{"query":"{ __typename }"}' })).status).toBe(406);
  });

  it('keeps 400 for a request that is not GraphQL over HTTP at all, whatever the client accepts', async () => {
    const response = await post({ variables: {} }, 'application/json');
    expect(response.status).toBe(400);
  });
});

/** POSTs a JSON body asking for one media type; returns status, content type and parsed body. */
async function post(payload: Record<string, unknown>, accept: string) {
  const response = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify(payload) });
  const body = (await response.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body };
}

/** POSTs a JSON body in separate chunks (chunked transfer encoding, no content-length). */
function postChunked(chunks: string[]): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(t.url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    let i = 0;
    const next = () => {
      if (i === chunks.length) return void req.end();
      req.write(chunks[i++], () => setTimeout(next, 5));
    };
    next();
  });
}
