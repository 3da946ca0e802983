/**
 * What an operator sees: `/metrics` scraped over HTTP (behind its token), one access-log line per
 * request and per WebSocket operation with no secret in it, backend failures at warn, and traces
 * exported over OTLP whose context reaches the backends in `traceparent`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/modules/auth/auth.seed.js';
import { loadConfig } from '../../src/platform/config.js';
import { createLogger } from '../../src/platform/logger.js';
import { MyAccountsDocument, MyViewDocument, SubmitTransferDocument } from '../generated/graphql.js';
import { lastOtp, loginCustomer } from '../support/auth.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { execute, take, wsClient } from '../support/graphql-client.js';

const METRICS_TOKEN = 'test-metrics-token-0123456789';
const lines: string[] = [];
const exported: string[] = [];
let collector: Server;
let t: TestGateway;

/** The captured log lines as objects. */
const logged = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);

beforeAll(async () => {
  // A stand-in OTLP/HTTP collector: keeps every export body (JSON).
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      exported.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  t = await startTestGateway(
    { METRICS_TOKEN, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, BACKEND_TIMEOUT_MS: '3000', BREAKER_THRESHOLD: '1000' },
    { log: createLogger(loadConfig({ LOG_LEVEL: 'info' }), capture) },
  );
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => collector?.close(resolve));
});

const base = () => t.url.replace(/\/graphql$/, '');
const scrape = async () => {
  const response = await fetch(`${base()}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
};

describe('GET /metrics', () => {
  it('refuses a scrape without the configured token, and one with a wrong token', async () => {
    expect((await fetch(`${base()}/metrics`)).status).toBe(401);
    expect((await fetch(`${base()}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789abcd' } })).status).toBe(401);
  });

  it('counts operations by name, channel and outcome, backend calls, breakers and process metrics', async () => {
    const customer = await loginCustomer(t, 'chen.jie');
    const answer = await execute(t.url, MyAccountsDocument, {}, customer.headers);
    expect(answer.errors).toBeUndefined();
    await execute(t.url, '{ nope }', {}, customer.headers);
    const text = await scrape();
    expect(text).toMatch(/gateway_operations_total\{transport="http",operation="MyAccounts",channel="APP",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/gateway_graphql_errors_total\{code="GRAPHQL_VALIDATION_FAILED"\} [1-9]/);
    expect(text).toMatch(/gateway_operation_duration_seconds_bucket\{le="\+Inf",transport="http",operation="MyAccounts"\} [1-9]/);
    expect(text).toMatch(/gateway_backend_calls_total\{backend="coreBanking",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/gateway_backend_call_duration_seconds_count\{backend="coreBanking"\} [1-9]/);
    expect(text).toMatch(/gateway_backend_breaker_state\{backend="crm",state="closed"\} 1/);
    expect(text).toMatch(/gateway_websocket_connections \d/);
    // The test gateways compile a document on first use, once the compiler is loaded.
    expect(text).toMatch(/gateway_graphql_executions_total\{engine="compiled"\} [1-9]/);
    expect(text).toMatch(/gateway_graphql_compiled_documents [1-9]/);
    expect(text).toMatch(/process_cpu_user_seconds_total \d/);
    expect(text).toMatch(/nodejs_eventloop_lag_seconds \d/);
  });

  it('counts a backend failure by its code', async () => {
    const customer = await loginCustomer(t, 'chen.jie');
    await t.fault('coreBanking', { mode: 'error', errorStatus: 503 });
    const answer = await execute(t.url, MyAccountsDocument, {}, customer.headers);
    expect(answer.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    const text = await scrape();
    expect(text).toMatch(/gateway_backend_calls_total\{backend="coreBanking",outcome="UPSTREAM_UNAVAILABLE"\} [1-9]/);
    expect(text).toMatch(/gateway_operations_total\{transport="http",operation="MyAccounts",channel="APP",outcome="(partial|error)"\} [1-9]/);
    // …and the failure is in the log at warn, with the request id the client got.
    const requestId = answer.headers.get('x-request-id');
    const warning = logged().find((line) => line.msg === 'backend call failed' && line.requestId === requestId);
    expect(warning).toMatchObject({ level: 40, backend: 'coreBanking', outcome: 'UPSTREAM_UNAVAILABLE' });
  });
});

describe('access log', () => {
  it('writes one line per request: operation, channel, viewer, status, duration, backend calls, codes, request id', async () => {
    const customer = await loginCustomer(t, 'chen.jie');
    const answer = await execute(t.url, MyAccountsDocument, {}, customer.headers);
    const requestId = answer.headers.get('x-request-id');
    const mine = logged().filter((line) => line.component === 'access' && line.requestId === requestId);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ level: 30, operation: 'MyAccounts', operationType: 'query', channel: 'APP', viewer: 'customer', status: 200, errorCodes: [] });
    expect(mine[0]!.backendCalls).toBeGreaterThan(0);
    expect(mine[0]!.durationMs).toBeGreaterThan(0);
  });

  it('writes one line per WebSocket operation, and counts live subscriptions by topic', async () => {
    const customer = await loginCustomer(t, 'chen.jie');
    const client = wsClient(t.wsUrl, { authorization: customer.headers.authorization });
    try {
      const [tick] = await take<{ serverTime: string }>(client, 'subscription Clock { serverTime }', 1);
      expect(tick?.data?.serverTime).toBeTruthy();
    } finally {
      await client.dispose();
    }
    await expect.poll(() => logged().find((line) => line.component === 'access' && line.transport === 'ws' && line.operation === 'Clock')).toMatchObject({
      operationType: 'subscription',
      viewer: 'customer',
      status: 'ok',
    });
    const text = await scrape();
    expect(text).toMatch(/gateway_operations_total\{transport="ws",operation="Clock",channel="APP",outcome="ok"\} [1-9]/);
    // Counted up when it started and down when it ended.
    expect(text).toMatch(/gateway_websocket_subscriptions\{topic="serverTime"\} 0/);
  });

  it('never contains the password, the one-time code or a token', async () => {
    const customer = await loginCustomer(t, 'chen.jie');
    const code = await lastOtp(t).catch(() => undefined);
    await execute(t.url, MyAccountsDocument, {}, customer.headers);
    const text = lines.join('\n');
    expect(lines.length).toBeGreaterThan(3);
    expect(text).not.toContain(DEMO_PASSWORD);
    expect(text).not.toContain(customer.accessToken);
    expect(text).not.toContain(customer.refreshToken);
    if (code) expect(text).not.toContain(`"${code}"`);
  });
});

describe('backend calls on the record', () => {
  /** Calls the mocks received, except the routes only background work (timers, schedules) uses. */
  const received = async () => {
    let total = 0;
    for (const url of Object.values(t.backends)) {
      const stats = (await (await fetch(`${url}/__admin/stats`)).json()) as { byRoute: Record<string, number> };
      for (const [route, count] of Object.entries(stats.byRoute)) {
        if (!/withdrawal-patterns|postings|companies|registrations|health/.test(route)) total += count;
      }
    }
    return total;
  };

  it('counts every backend call an operation makes — its query batches and its mutation’s services — on its access line', async () => {
    const customer = await loginCustomer(t, 'wang.fang');
    const operations = [
      () => execute(t.url, MyViewDocument, undefined, customer.headers),
      () =>
        execute(
          t.url,
          SubmitTransferDocument,
          {
            input: { fromAccountId: 'C000001-A01', payeeAccountNumber: `62220${Date.now().toString().slice(-13)}`, payeeName: 'Zhang San', amount: '1000.00', currency: 'CNY' },
            idempotencyKey: `obs-${randomUUID()}`,
          },
          customer.headers,
        ),
    ];
    for (const send of operations) {
      const before = await received();
      const answer = await send();
      expect(answer.errors).toBeUndefined();
      const calls = (await received()) - before;
      const requestId = answer.headers.get('x-request-id');
      const line = logged().find((entry) => entry.component === 'access' && entry.requestId === requestId);
      expect(calls).toBeGreaterThan(0);
      expect(line?.backendCalls).toBe(calls);
    }
  });
});

describe('traces', () => {
  it('continues the caller’s trace, sends traceparent to the backends and exports spans with the request id', async () => {
    const customer = await loginCustomer(t, 'chen.jie');
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const answer = await execute(t.url, MyAccountsDocument, {}, { ...customer.headers, traceparent: `00-${traceId}-00f067aa0ba902b7-01` });
    expect(answer.errors).toBeUndefined();
    const received = (await (await fetch(`${t.backends.coreBanking}/__admin/traceparents`)).json()) as { traceparents: string[] };
    expect(received.traceparents.some((header) => new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`).test(header))).toBe(true);
    const requestId = answer.headers.get('x-request-id')!;
    await expect.poll(() => exported.some((body) => body.includes(traceId) && body.includes(requestId)), { timeout: 10_000 }).toBe(true);
    const spans = exported.filter((body) => body.includes(requestId)).join('\n');
    expect(spans).toContain('graphql query MyAccounts');
    expect(spans).toMatch(/"name":"coreBanking (GET|POST)","kind":3/);
    expect(spans).toMatch(/"name":"load \w+"/);
  });
});
