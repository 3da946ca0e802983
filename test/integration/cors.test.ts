/** CORS: browsers on the configured origins may call the gateway; no other origin gets CORS headers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway.js';

const ALLOWED = 'https://app.bank.example';
let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway({ CORS_ORIGINS: `${ALLOWED}, http://localhost:5173` });
});
afterAll(() => t?.close());

/** What a browser sends before a cross-origin POST with an Authorization header. */
const preflight = (origin: string) =>
  fetch(t.url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type, x-channel, x-request-id',
    },
  });

describe('OPTIONS /graphql (preflight)', () => {
  it('allows a configured origin with credentials, the gateway headers and a cache lifetime', async () => {
    const response = await preflight(ALLOWED);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const allowed = response.headers.get('access-control-allow-headers')!.split(/,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-channel', 'x-request-id']));
    expect(Number(response.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });

  it('gives an origin that is not configured no CORS header at all', async () => {
    const response = await preflight('https://evil.example');
    for (const [name] of response.headers) expect(name).not.toMatch(/^access-control-/);
  });
});

describe('POST /graphql from a browser', () => {
  it('lets a configured origin read the answer and its request id', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ products { code } }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(response.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
  });

  it('answers another origin without CORS headers, so the browser does not hand it over', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ products { code } }' }),
    });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
