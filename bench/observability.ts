/**
 * Observability overhead (`npm run bench:observability`): what the per-request instrumentation
 * costs against what a customer-view request costs, measured in the same run.
 *
 *  1. CPU per customer-view request: a gateway in this process (PGlite in memory, in-process mocks,
 *     access log at info into /dev/null, no OTLP endpoint), 16 concurrent clients.
 *  2. CPU of exactly the instrumentation one such request runs, repeated on its own: the request's
 *     record, the SERVER span and one loader span plus one backend span per
 *     backend call through the OpenTelemetry API's no-op, `traceparent` injection, the metrics
 *     (operation, errors, backend calls) and one access-log line.
 *
 * Ratio = (2) ÷ (1). (1) includes the client and the mocks, so the ratio understates the share of
 * the gateway's own CPU. Sends traffic only to 127.0.0.1.
 */
import 'reflect-metadata';
import { pino } from 'pino';
import { startGateway } from '../src/app.js';
import { loadConfig } from '../src/platform/config.js';
import { createLogger } from '../src/platform/logger.js';
import { createMetrics } from '../src/platform/observability/metrics.js';
import { newRecord } from '../src/platform/observability/request-record.js';
import { injectTraceHeaders, SpanKind, withSpan } from '../src/platform/observability/tracing.js';

const REQUESTS = Number(process.env.BENCH_OBS_REQUESTS ?? 3000);
const CLIENTS = 16;
const ITERATIONS = Number(process.env.BENCH_OBS_ITERATIONS ?? 30000);
const VIEW =
  'query { me { id profile { fullName phone email segment } relationshipManager { name branch } accounts { id accountNumber kind currency balance { amount currency } available { amount currency } status } } }';

const config = loadConfig({
  NODE_ENV: 'development',
  DATABASE_URL: 'memory://',
  PORT: '0',
  LOG_LEVEL: 'info',
  SEED_DEMO: 'true',
  RATE_LIMIT_PER_MINUTE: '1000000',
  RATE_LIMIT_BURST: '1000000',
});
const codes: string[] = [];
const log = createLogger(config, pino.destination({ dest: '/dev/null', sync: false }));
const gateway = await startGateway(config, { log, onMockOtp: (otp) => codes.push(otp.code) });

async function graphql(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped bench queries
  const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

try {
  const login = await graphql(
    'mutation($input: LoginInput!) { login(input: $input) { __typename ... on OtpRequired { challenge { challengeId } } ... on SignedIn { tokens { accessToken } } } }',
    { input: { username: 'wang.fang', password: (await import('../src/modules/auth/auth.seed.js')).DEMO_PASSWORD, channel: 'APP', deviceId: 'bench-observability-1' } },
  );
  let token: string;
  if (login.login.__typename === 'SignedIn') token = login.login.tokens.accessToken;
  else {
    const challengeId = login.login.challenge.challengeId as string;
    await graphql('mutation($id: ID!) { requestLoginOtp(challengeId: $id) { challengeId } }', { id: challengeId });
    const verified = await graphql('mutation($id: ID!, $code: String!) { verifyLoginOtp(challengeId: $id, code: $code) { accessToken } }', { id: challengeId, code: codes.at(-1) });
    token = verified.verifyLoginOtp.accessToken;
  }
  const headers = { authorization: `Bearer ${token}`, 'x-channel': 'APP' };

  const run = async (count: number) => {
    let left = count;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (left-- > 0) await graphql(VIEW, {}, headers);
      }),
    );
  };
  await run(300); // warm-up
  const before = process.cpuUsage();
  await run(REQUESTS);
  const used = process.cpuUsage(before);
  const perRequestUs = (used.user + used.system) / REQUESTS;

  // One customer view's instrumentation: three backend calls (CRM profile, RM, core banking).
  const metrics = createMetrics();
  const accessLog = log.child({ component: 'access' });
  const instrumentation = async (i: number) => {
    const record = newRecord(`bench-${i}`);
    await withSpan(
      'HTTP POST /graphql',
      { 'http.request.method': 'POST', 'url.path': '/graphql' },
      async (span) => {
        for (const backend of ['crm', 'crm', 'coreBanking']) {
          await withSpan('load x', { 'gateway.batch_size': 1 }, () =>
            withSpan(`${backend} POST`, { 'http.request.method': 'POST', 'gateway.backend': backend }, async () => {
              injectTraceHeaders({ accept: 'application/json', 'content-type': 'application/json' });
              metrics.backendCall({ backend, outcome: 'ok', durationMs: 1.5 });
              record.backendCalls += 1;
            }, { kind: SpanKind.CLIENT }),
          );
        }
        record.operation = '(me)';
        record.operationType = 'query';
        span.setAttribute('http.response.status_code', 200);
      },
      { kind: SpanKind.SERVER, requestId: record.requestId },
    );
    metrics.operation({ transport: 'http', operation: record.operation, channel: 'APP', outcome: 'ok', durationSeconds: 0.004, errorCodes: record.errorCodes });
    accessLog.info(
      { requestId: record.requestId, method: 'POST', path: '/graphql', operation: record.operation, operationType: record.operationType, channel: 'APP', viewer: 'customer', status: 200, durationMs: 4.2, backendCalls: record.backendCalls, errorCodes: record.errorCodes },
      'request',
    );
  };
  for (let i = 0; i < 2000; i++) await instrumentation(i); // warm-up
  const startedAt = process.cpuUsage();
  for (let i = 0; i < ITERATIONS; i++) await instrumentation(i);
  const spent = process.cpuUsage(startedAt);
  const instrumentationUs = (spent.user + spent.system) / ITERATIONS;

  console.log(`customer view, CPU per request (client + gateway + mocks): ${perRequestUs.toFixed(0)} µs (${REQUESTS} requests, ${CLIENTS} clients)`);
  console.log(`instrumentation of one request (no exporter, API no-op):   ${instrumentationUs.toFixed(1)} µs (${ITERATIONS} iterations)`);
  console.log(`ratio instrumentation / request: ${((instrumentationUs / perRequestUs) * 100).toFixed(2)}% (target ≤ 3%)`);
} finally {
  await gateway.close();
}
