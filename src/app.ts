/**
 * The composition root: configuration → database (migrated; demo data only when asked) →
 * backends (or, outside production, the in-process mocks) → schema and the modules' services →
 * served by the platform (HTTP + WebSocket on one port).
 *
 * `startGateway` is what `npm start` (through src/main.ts) and every integration test run. The mock
 * backends and the demo seed are loaded with `import()` only when used, so a production start never
 * loads them.
 */
import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import type { RunningMocks } from '../mocks/index.js';
import { createBackends, type Backends } from './adapters/backends.js';
import { createWithdrawalWatch, type WithdrawalWatch } from './modules/alerts/withdrawal-watch.js';
import { createBackendOutcomes, type BackendOutcomes } from './modules/health/backend-outcomes.js';
import { createFeedbackEscalation, type FeedbackEscalation } from './modules/feedback/feedback.escalation.js';
import { AuthError } from './modules/auth/auth.errors.js';
import { AUTH_REVOKED_CHANNEL } from './modules/auth/grant-cache.js';
import { createServices, type Services } from './modules/services.js';
import { operationsReportCsvRoute } from './modules/health/report.http.js';
import { createReportSchedule, type ReportSchedule } from './modules/health/report.schedule.js';
import { buildGatewaySchema } from './schema.js';
import { BACKENDS, type BackendName, type Config } from './platform/config.js';
import { defaultMigrationsFolder, openDatabase, type DatabaseHandle } from './platform/db/database.js';
import { UnauthenticatedError } from './platform/errors.js';
import { createEventFanout } from './platform/events/fanout.js';
import { serveGateway, type ServedGateway } from './platform/gateway.js';
import type { GatewayAuth } from './platform/http/graphql-http.js';
import { checkReadiness } from './platform/http/readiness.js';
import type { BoundServer } from './platform/http/server.js';
import { createRateLimiter } from './platform/limits/rate-limiter.js';
import { createLogger, type Logger } from './platform/logger.js';
import { createMetrics, type GatewayMetrics } from './platform/observability/metrics.js';
import { createInProcessPubSub } from './platform/pubsub.js';
import { startSweeper, type Sweeper } from './platform/work/sweeper.js';

export interface Gateway {
  /** e.g. http://127.0.0.1:4000/graphql */
  url: string;
  /** e.g. ws://127.0.0.1:4000/graphql */
  wsUrl: string;
  /** Base URL of every backend in use (the mocks' when they were started in-process). */
  backendUrls: Record<BackendName, string>;
  /** The in-process mocks, when the gateway started them. */
  mocks: RunningMocks | undefined;
  database: DatabaseHandle;
  backends: Backends;
  schema: GraphQLSchema;
  /** The modules' use cases (for tools and benchmarks that drive the gateway in-process). */
  services: Services;
  /** Reads core banking's suspicious-withdrawal feed into risk alerts. */
  withdrawals: WithdrawalWatch;
  /** The recovery sweep (finishes abandoned in-flight work); `sweepNow()` for tools and tests. */
  sweeper: Sweeper;
  /** Escalates feedback unanswered past its due time (safe with several instances). */
  feedbackEscalation: FeedbackEscalation;
  /** Stores each day's operations report after midnight (safe with several instances); `runOnce(at)` for tools and tests. */
  reportSchedule: ReportSchedule;
  /** Backend call counts per minute for `backend_availability`; `flush()` for tools and tests. */
  backendOutcomes: BackendOutcomes;
  log: Logger;
  /** The Prometheus registry behind `/metrics`. */
  metrics: GatewayMetrics;
  /** Multiplexed live-subscription groups and their members now, and sockets closed as slow consumers so far (undefined when WS_MULTIPLEX is off). */
  multiplexStats(): { groups: number; members: number; slowConsumersClosed: number } | undefined;
  /**
   * Graceful stop: refuse new connections, let in-flight requests finish (up to
   * `shutdownGraceMs`), close WebSockets with 1001, then close backends, mocks and the database.
   */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Defaults to a pino logger at `config.logLevel`. */
  log?: Logger;
  /** Folder of SQL migrations. @default ./migrations under the working directory */
  migrationsFolder?: string;
  /** A server the entry point already bound (src/main.ts); otherwise the port is bound here. */
  server?: BoundServer;
  /**
   * Called with every one-time code the in-process identity mock "sends" (phone masked), so that
   * `npm start` can print it. Never called with real backends.
   */
  onMockOtp?: (otp: { phone: string; code: string; purpose: string }) => void;
  /**
   * Opens the configured database. @default {@link openDatabase}. The test suite opens its in-memory
   * databases from a migrated, seeded copy instead of a new cluster each time.
   */
  openDatabase?: (config: Config['database']) => Promise<DatabaseHandle>;
}

/**
 * Starts a gateway.
 * @throws when the database cannot be opened or migrated, or the port cannot be bound; every
 *   resource opened before the failure is closed again.
 */
export async function startGateway(config: Config, options: StartOptions = {}): Promise<Gateway> {
  const log = options.log ?? createLogger(config);
  const cleanup: (() => Promise<unknown>)[] = [];
  const undo = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => {});
  };
  try {
    // The OpenTelemetry SDK only when an exporter is configured; otherwise spans are the API's no-op.
    if (config.otlpEndpoint) {
      const { startTracing } = await import('./platform/observability/tracing.js');
      const stopTracing = await startTracing({ endpoint: config.otlpEndpoint, serviceName: config.serviceName });
      cleanup.push(stopTracing);
      log.info({ endpoint: config.otlpEndpoint }, 'exporting traces (OTLP/HTTP)');
    }
    const metrics = createMetrics();
    const missing = BACKENDS.filter((name) => !config.backends[name].url);
    // loadConfig refuses this in production; checked again because it must never happen there.
    if (missing.length > 0 && config.nodeEnv === 'production') throw new Error(`backend URLs missing in production: ${missing.join(', ')}`);
    if (config.seedDemoData && config.nodeEnv === 'production') throw new Error('SEED_DEMO: the demo logins are never seeded in production');
    // The mocks and the database open side by side: PGlite's start (WebAssembly) is the longest step.
    const [mocksResult, databaseResult] = await Promise.allSettled([
      missing.length > 0 ? import('../mocks/index.js').then(({ startMocks }) =>
            startMocks({
              host: '127.0.0.1',
              basePort: 0,
              onOtpSent: options.onMockOtp && ((m) => options.onMockOtp!({ phone: maskPhone(m.phone), code: m.code, purpose: m.purpose })),
            }),
          ) : undefined,
      (options.openDatabase ?? openDatabase)(config.database),
    ]);
    const mocks = mocksResult.status === 'fulfilled' ? mocksResult.value : undefined;
    if (mocks) cleanup.push(() => mocks.close());
    if (databaseResult.status === 'fulfilled') cleanup.push(() => databaseResult.value.close());
    if (mocksResult.status === 'rejected') throw mocksResult.reason;
    if (databaseResult.status === 'rejected') {
      const error = databaseResult.reason as Error;
      throw new Error(`DATABASE_URL: ${error.message}`, { cause: error });
    }
    const database = databaseResult.value;
    if (mocks) log.info({ backends: missing }, 'started in-process mock backends');
    const backendUrls = Object.fromEntries(
      BACKENDS.map((name) => [name, config.backends[name].url ?? mocks!.urls[name]]),
    ) as Record<BackendName, string>;

    await database.migrate(options.migrationsFolder ?? defaultMigrationsFolder());
    if (config.seedDemoData) {
      const { seedDemoData } = await import('./modules/demo-seed.js');
      const added = await seedDemoData(database.db, new Date(), { generatedCustomers: config.demoGeneratedCustomers });
      if (added > 0) log.info({ added }, 'seeded demo data');
    }

    const backendLog = log.child({ component: 'backend' });
    const backendOutcomes = createBackendOutcomes({ db: database.db, log: backendLog });
    const backends = createBackends(config, backendUrls, {
      onCallEnd: (report) => {
        metrics.backendCall(report);
        backendOutcomes.record(report.backend, report.outcome);
        const record = report.record;
        if (record) record.backendCalls += 1;
        if (report.outcome !== 'ok' && report.outcome !== 'refused') {
          backendLog.warn(
            { backend: report.backend, method: report.method, path: pathForLog(report.path), outcome: report.outcome, durationMs: Math.round(report.durationMs), requestId: record?.requestId },
            'backend call failed',
          );
        }
      },
      onBreakerChange: (backend, state) => backendLog.warn({ backend, breaker: state }, `circuit breaker ${state}`),
    });
    metrics.watch({
      breakers: () => Object.fromEntries(BACKENDS.map((name) => [name, backends.clients[name].stats().breaker])),
      pool: database.poolStats && (() => database.poolStats!()),
    });
    cleanup.push(() => backends.close());
    // Stopped before the backends and the database close (cleanup runs in reverse): the last counts are stored.
    backendOutcomes.start(config.backendOutcomeFlushMs);
    cleanup.push(() => backendOutcomes.stop());
    const pubSub = createInProcessPubSub();
    const schema = await buildGatewaySchema(pubSub, { federation: config.federation });
    const fanout = await createEventFanout(database, {
      onDispatch: (event) => metrics.fanoutLag((Date.now() - event.occurredAt.getTime()) / 1000),
    });
    cleanup.push(() => fanout.close());
    const services = await createServices({ db: database.db, backends, config, fanout, log });
    // Revocations committed by any instance (this one included) drop the cached grants they end,
    // then close the WebSockets that rested on them (4403). The handle's one LISTEN connection
    // carries every channel; its state is part of readiness.
    let eventsListening = true;
    const sockets: { served?: ServedGateway } = {}; // set below, once the gateway serves
    const onRevoked = (subject?: string) => {
      services.auth.grantsRevoked(subject);
      void sockets.served?.revoked(subject);
    };
    const unlistenRevocations = await database.listen(AUTH_REVOKED_CHANNEL, (subject) => onRevoked(subject), {
      onReconnect: () => {
        eventsListening = true;
        onRevoked();
      },
      onError: (error) => {
        eventsListening = false;
        log.warn({ err: error }, 'event listener connection lost; reconnecting');
      },
    });
    cleanup.push(() => unlistenRevocations());
    const withdrawals = createWithdrawalWatch({ db: database.db, backends, log: log.child({ module: 'withdrawal-watch' }), now: () => new Date() });
    withdrawals.start(config.withdrawalFeedPollMs);
    cleanup.push(() => withdrawals.stop());
    // In-flight work a stopped instance (or an outage) left half-way is finished by the periodic,
    // leased sweep of every instance: one pass now, then every SWEEP_INTERVAL_MS.
    const sweeper = startSweeper({ intervalMs: config.recovery.sweepIntervalMs, tasks: services.recovery.tasks(), log: log.child({ module: 'recovery' }) });
    if (config.recovery.sweepIntervalMs > 0) void sweeper.sweepNow();
    cleanup.push(() => sweeper.stop());
    const feedbackEscalation = createFeedbackEscalation({ feedback: services.feedback, log: log.child({ module: 'feedback-escalation' }) });
    feedbackEscalation.start(config.feedback.escalationIntervalMs);
    cleanup.push(() => feedbackEscalation.stop());
    const reportSchedule = createReportSchedule({ health: services.health, inspection: services.inspection, log: log.child({ module: 'reports' }) });
    reportSchedule.start(config.health.reportScheduleIntervalMs);
    cleanup.push(() => reportSchedule.stop());

    const auth: GatewayAuth = {
      authenticate: async (token) => {
        try {
          return await services.auth.authenticate(token);
        } catch (error) {
          if (error instanceof AuthError) throw new UnauthenticatedError(error.message);
          throw error;
        }
      },
      jwks: () => services.auth.jwks(),
    };
    const served = await serveGateway({
      config,
      schema,
      deps: { db: database.db, backends, config, log, services },
      auth,
      readiness: () =>
        checkReadiness({ database, backends, eventsListening: () => eventsListening, timeoutMs: Math.min(config.backends.coreBanking.timeoutMs, 2000) }),
      log,
      bound: options.server,
      metrics,
      routes: [operationsReportCsvRoute(services.health)],
      admit: ((limit) => (context) => limit(context.viewer))(
        createRateLimiter({ db: database.db, limits: config.rateLimits, onLimited: (kind) => metrics.rateLimited(kind) }),
      ),
    });
    sockets.served = served;

    let closing: Promise<void> | undefined;
    return {
      url: served.url,
      wsUrl: served.wsUrl,
      multiplexStats: () => served.multiplexStats(),
      backendUrls,
      mocks,
      database,
      backends,
      schema,
      services,
      withdrawals,
      sweeper,
      feedbackEscalation,
      reportSchedule,
      backendOutcomes,
      log,
      metrics,
      close: () =>
        (closing ??= (async () => {
          await served.close();
          await undo();
          log.info('stopped');
        })()),
    };
  } catch (error) {
    await undo();
    throw error;
  }
}

/** A backend path for the log: long digit runs (phone, id numbers) masked, no query string. */
function pathForLog(path: string): string {
  return path.split('?')[0]!.replace(/\d{7,}/g, (digits) => `${digits.slice(0, 2)}***`);
}

/** 13812345678 → 138****5678 */
function maskPhone(phone: string): string {
  return phone.length >= 11 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
