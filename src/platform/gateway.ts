/**
 * Puts the gateway together: configuration → database (migrated, seeded) → backends (or the
 * in-process mocks) → schema → Apollo over node:http + graphql-ws on one port.
 * `startGateway` is what `npm start` and every integration test run.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import { startMocks, type RunningMocks } from '../../mocks/index.js';
import { createBackends, type Backends } from '../adapters/backends.js';
import { AUTH_REVOKED_CHANNEL } from '../modules/auth/grant-cache.js';
import { seedDemoData } from '../modules/demo-seed.js';
import { createServices, type Services } from '../modules/services.js';
import { BACKENDS, type BackendName, type Config } from './config.js';
import type { RequestContext } from './context.js';
import { defaultMigrationsFolder, openDatabase, type DatabaseHandle } from './db/database.js';
import { formatError, isUnexpectedError, type FormatOptions } from './errors.js';
import { createLimitsRule } from './graphql/limits.js';
import { buildGatewaySchema } from './graphql/schema.js';
import { createRequestListener } from './http/graphql-http.js';
import { attachGraphQLWs, type GraphQLWsServer } from './http/graphql-ws.js';
import { checkReadiness } from './http/readiness.js';
import { createLogger, type Logger } from './logger.js';
import { createInProcessPubSub } from './pubsub.js';
import { createEventFanout } from './events/fanout.js';
import { createWithdrawalWatch, type WithdrawalWatch } from '../modules/alerts/withdrawal-watch.js';

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
  log: Logger;
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
    const missing = BACKENDS.filter((name) => !config.backends[name].url);
    let mocks: RunningMocks | undefined;
    if (missing.length > 0) {
      mocks = await startMocks({ host: '127.0.0.1', basePort: 0 });
      cleanup.push(() => mocks!.close());
      log.info({ backends: missing }, 'started in-process mock backends');
    }
    const backendUrls = Object.fromEntries(
      BACKENDS.map((name) => [name, config.backends[name].url ?? mocks!.urls[name]]),
    ) as Record<BackendName, string>;

    const database = await openDatabase(config.database).catch((error: Error) => {
      throw new Error(`DATABASE_URL: ${error.message}`, { cause: error });
    });
    cleanup.push(() => database.close());
    await database.migrate(options.migrationsFolder ?? defaultMigrationsFolder());
    if (config.seedDemoData) {
      const added = await seedDemoData(database.db);
      if (added > 0) log.info({ added }, 'seeded demo data');
    }

    const backends = createBackends(config, backendUrls);
    cleanup.push(() => backends.close());
    const pubSub = createInProcessPubSub();
    const schema = await buildGatewaySchema(pubSub);
    const fanout = await createEventFanout(database);
    cleanup.push(() => fanout.close());
    const services = await createServices({ db: database.db, backends, config, pubSub, fanout, log });
    // Revocations committed by any instance (this one included) drop the cached grants they end,
    // then close the WebSockets that rested on them (4403).
    const sockets: { server?: GraphQLWsServer } = {}; // attached below, once the HTTP server exists
    const onRevoked = (subject?: string) => {
      services.auth.grantsRevoked(subject);
      void sockets.server?.revoked(subject);
    };
    const unlistenRevocations = await database.listen(AUTH_REVOKED_CHANNEL, (subject) => onRevoked(subject), {
      onReconnect: () => onRevoked(),
    });
    cleanup.push(() => unlistenRevocations());
    const withdrawals = createWithdrawalWatch({ db: database.db, backends, log: log.child({ module: 'withdrawal-watch' }), now: () => new Date() });
    withdrawals.start(config.withdrawalFeedPollMs);
    cleanup.push(() => withdrawals.stop());
    // Decisions a stopped instance left half-way are finished now (they are idempotent).
    void services.loans.resumeStuck(30_000).then(
      (resumed) => resumed > 0 && log.info({ resumed }, 'resumed pending loan decisions'),
      (error: unknown) => log.warn({ err: error }, 'could not resume pending loan decisions'),
    );
    void services.onboarding.resumeOpenings(30_000).then(
      (finished) => finished > 0 && log.info({ finished }, 'finished approved account openings'),
      (error: unknown) => log.warn({ err: error }, 'could not finish approved account openings'),
    );
    const deps = { db: database.db, backends, config, log, services };
    const production = config.nodeEnv === 'production';
    const format: FormatOptions = {
      exposeInternalMessages: config.nodeEnv === 'development',
      hideSuggestions: production,
    };
    const validationRules = [createLimitsRule(config.limits)];

    const apollo = new ApolloServer<RequestContext>({
      schema,
      introspection: !production,
      hideSchemaDetailsFromClientErrors: production,
      includeStacktraceInErrorResponses: false,
      parseOptions: { maxTokens: config.limits.maxTokens },
      validationRules,
      formatError: (formatted, error) => formatError(formatted, error, format),
      // No cache hints in this API: every answer is personal and sent `no-store` (graphql-http.ts). The
      // cache-control plugin would otherwise wrap every field resolver to collect hints nobody sets.
      plugins: [requestIdPlugin(), ApolloServerPluginCacheControlDisabled()],
      // Our own shutdown sequence below stops Apollo at the right moment.
      stopOnTerminationSignals: false,
      logger: apolloLogger(log),
    });
    await apollo.start();
    cleanup.push(() => apollo.stop());

    const inFlight = new Set<Promise<void>>();
    const listener = createRequestListener({
      apollo,
      deps,
      maxBodyBytes: config.limits.maxBodyBytes,
      readiness: () => checkReadiness(database, backends, Math.min(config.backends.coreBanking.timeoutMs, 2000)),
    });
    const httpServer = createServer((req, res) => {
      const handled = listener(req, res).finally(() => inFlight.delete(handled));
      inFlight.add(handled);
    });
    const ws = attachGraphQLWs({ httpServer, schema, deps, config, validationRules, format });
    sockets.server = ws;
    await listen(httpServer, config.port, config.host);
    const port = (httpServer.address() as AddressInfo).port;
    const base = config.publicUrl ?? `http://${formatHost(config.host)}:${port}`;

    let closing: Promise<void> | undefined;
    return {
      url: `${base}/graphql`,
      wsUrl: `${base.replace(/^http/, 'ws')}/graphql`,
      backendUrls,
      mocks,
      database,
      backends,
      schema,
      services,
      withdrawals,
      log,
      close: () =>
        (closing ??= shutdown({ httpServer, ws, inFlight, graceMs: config.shutdownGraceMs, undo, log })),
    };
  } catch (error) {
    await undo();
    throw error;
  }
}

async function shutdown(parts: {
  httpServer: Server;
  ws: GraphQLWsServer;
  inFlight: Set<Promise<void>>;
  graceMs: number;
  undo: () => Promise<void>;
  log: Logger;
}): Promise<void> {
  const { httpServer, ws, inFlight, graceMs, log } = parts;
  log.info({ inFlight: inFlight.size, sockets: ws.connectionCount() }, 'shutting down');
  const stopped = new Promise<void>((resolve) => httpServer.close(() => resolve()));
  await ws.close();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled([...inFlight]),
    new Promise((resolve) => {
      timer = setTimeout(resolve, graceMs);
    }),
  ]);
  clearTimeout(timer);
  // Whatever is still open after the grace period (idle keep-alive, a stuck request) is cut.
  httpServer.closeAllConnections();
  await stopped;
  await parts.undo();
  log.info('stopped');
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use`
          : error.code === 'EACCES'
            ? `no permission to listen on port ${port}`
            : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND'
              ? `address ${host} is not available on this machine`
              : error.message;
      reject(new Error(`${error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' ? 'HOST' : 'PORT'}: cannot listen: ${reason}`, { cause: error }));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Puts the request id into every error a client receives, and logs what was masked. */
function requestIdPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            if (isUnexpectedError(error)) contextValue.log.error({ err: error.originalError ?? error }, 'unexpected error');
            else contextValue.log.debug({ err: error }, 'request error');
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            (error as { extensions?: Record<string, unknown> }).extensions = {
              ...error.extensions,
              requestId: contextValue.requestId,
            };
          }
        },
      };
    },
  };
}

function apolloLogger(log: Logger) {
  const child = log.child({ component: 'apollo' });
  return {
    debug: (message: string) => child.debug(message),
    info: (message: string) => child.info(message),
    warn: (message: string) => child.warn(message),
    error: (message: string) => child.error(message),
  };
}
