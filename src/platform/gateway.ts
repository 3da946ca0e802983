/**
 * Serves an executable schema: Apollo over node:http and graphql-ws on one port, with the
 * gateway's limits, error masking, request ids and graceful shutdown. What the schema holds and
 * where its services come from is the composition root's business (src/app.ts): nothing here
 * imports a module or a mock.
 */
import type { Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type GraphQLRequestListener } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Config } from './config.js';
import type { ContextDeps, RequestContext } from './context.js';
import { formatError, isUnexpectedError, type FormatOptions } from './errors.js';
import { compiledExecution } from './graphql/compiled-execution.js';
import { createLimitsRule } from './graphql/limits.js';
import { createRequestListener, type GatewayAuth, type HttpRoute } from './http/graphql-http.js';
import { attachGraphQLWs, type GraphQLWsServer } from './http/graphql-ws.js';
import type { Readiness } from './http/readiness.js';
import { bindServer, formatHost, type BoundServer } from './http/server.js';
import { createExplorer } from './http/explorer.js';
import { loadTrustedDocuments, type TrustedDocumentPolicy } from './http/trusted-documents.js';
import type { Logger } from './logger.js';
import type { GatewayMetrics } from './observability/metrics.js';
import { firstRootField, recordErrorCode } from './observability/request-record.js';

export interface ServeOptions {
  config: Config;
  schema: GraphQLSchema;
  /** Process-wide handles every request context is built from. */
  deps: ContextDeps;
  /** Bearer tokens → viewers, and the public signing keys. */
  auth: GatewayAuth;
  readiness: () => Promise<Readiness>;
  log: Logger;
  /** A server already bound by the entry point (see http/server.ts); bound here when absent. */
  bound?: BoundServer;
  metrics: GatewayMetrics;
  /**
   * Called once per operation after it was parsed and validated, before it runs (both transports).
   * @throws a GraphQLError (RATE_LIMITED) to refuse the operation
   */
  admit?: (context: RequestContext) => Promise<void>;
  /** GET routes beside /graphql for signed-in viewers (e.g. report downloads). */
  routes?: readonly HttpRoute[];
}

export interface ServedGateway {
  /** e.g. http://127.0.0.1:4000/graphql */
  url: string;
  /** e.g. ws://127.0.0.1:4000/graphql */
  wsUrl: string;
  /** Grants of `subject` were revoked (all, when absent): close the WebSockets that rested on them (4403). */
  revoked(subject?: string): Promise<void>;
  /** Multiplexed live-subscription groups and their members now, and sockets closed as slow consumers so far (undefined when WS_MULTIPLEX is off). */
  multiplexStats(): { groups: number; members: number; slowConsumersClosed: number } | undefined;
  /**
   * Graceful stop: refuse new connections, close WebSockets with 1001, let in-flight requests
   * finish (up to `shutdownGraceMs`), then cut what is left and stop Apollo.
   */
  close(): Promise<void>;
}

/**
 * Starts Apollo and takes over the HTTP server's requests and WebSocket upgrades.
 * @throws ListenError when the port cannot be bound (only when no `bound` server was given).
 */
export async function serveGateway(options: ServeOptions): Promise<ServedGateway> {
  const { config, schema, deps, log } = options;
  const production = config.nodeEnv === 'production';
  const format: FormatOptions = { hideSuggestions: production };
  const validationRules = [createLimitsRule(config.limits)];
  const trustedDocuments: TrustedDocumentPolicy = {
    documents: await loadTrustedDocuments(config.trustedDocuments.file),
    onlyChannels: new Set(config.trustedDocuments.onlyChannels),
    apqRegistration: config.trustedDocuments.apqRegistration,
  };

  const compiled = config.compiledExecution.enabled ? compiledExecution(schema, { after: config.compiledExecution.after }) : undefined;
  if (compiled) {
    options.metrics.watch({ graphqlExecutions: compiled.stats });
  }
  const apollo = new ApolloServer<RequestContext>({
    ...(compiled ? { gateway: compiled.gateway } : { schema }),
    introspection: !production,
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: config.limits.maxTokens },
    validationRules,
    formatError: (formatted, error) => formatError(formatted, error, format),
    // Automatic persisted queries register any document a client sends: development only. Trusted
    // documents (the kit's manifest) are resolved before Apollo sees the request (graphql-http.ts).
    ...(trustedDocuments.apqRegistration ? {} : { persistedQueries: false as const }),
    // No cache hints in this API: every answer is personal and sent `no-store` (graphql-http.ts). The
    // cache-control plugin would otherwise wrap every field resolver to collect hints nobody sets.
    plugins: [operationPlugin(options.admit, config.requestBudget, compiled?.respond), ApolloServerPluginCacheControlDisabled()],
    // Our own shutdown sequence below stops Apollo at the right moment.
    stopOnTerminationSignals: false,
    logger: apolloLogger(log),
  });
  await apollo.start();
  try {
    const bound = options.bound ?? (await bindServer({ host: config.host, port: config.port }));
    const inFlight = new Set<Promise<void>>();
    const listener = createRequestListener({
      apollo,
      deps,
      auth: options.auth,
      maxBodyBytes: config.limits.maxBodyBytes,
      corsOrigins: config.corsOrigins,
      readiness: options.readiness,
      trustedDocuments,
      explorer: config.explorer.enabled ? await createExplorer(config.explorer.operationsDir) : undefined,
      queryBudgetMs: config.requestBudget.queryMs,
      metrics: options.metrics,
      metricsToken: config.metricsToken,
      routes: options.routes,
    });
    const ws = attachGraphQLWs({
      httpServer: bound.server,
      schema,
      deps,
      auth: options.auth,
      config,
      validationRules,
      format,
      trustedDocuments,
      metrics: options.metrics,
      admit: options.admit,
    });
    options.metrics.watch({ webSocketConnections: () => ws.connectionCount() });
    bound.setListener((req, res) => {
      const handled = listener(req, res).finally(() => inFlight.delete(handled));
      inFlight.add(handled);
    });
    const base = config.publicUrl ?? `http://${formatHost(config.host)}:${bound.port}`;
    let closing: Promise<void> | undefined;
    return {
      url: `${base}/graphql`,
      wsUrl: `${base.replace(/^http/, 'ws')}/graphql`,
      revoked: (subject) => ws.revoked(subject),
      multiplexStats: () => ws.multiplexStats(),
      close: () =>
        (closing ??= shutdown({ httpServer: bound.server, ws, inFlight, graceMs: config.shutdownGraceMs, log }).finally(() =>
          apollo.stop(),
        )),
    };
  } catch (error) {
    await apollo.stop();
    throw error;
  }
}

async function shutdown(parts: {
  httpServer: Server;
  ws: GraphQLWsServer;
  inFlight: Set<Promise<void>>;
  graceMs: number;
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
}

/**
 * Notes the operation in the request's record (access log, metrics, traces), sets the request's
 * budget once its operation is known (budget.ts: a mutation may make several backend calls in a
 * row and gets longer), admits it (rate limits), runs it when execution is compiled, puts the
 * request id into every error a client receives, and logs what was masked.
 *
 * One plugin with one listener object shared by every request: Apollo awaits each hook of each
 * listener, so every plugin and every per-request closure costs promises on every request.
 */
function operationPlugin(
  admit: ServeOptions['admit'],
  budget: Config['requestBudget'],
  respond: GraphQLRequestListener<RequestContext>['responseForOperation'],
): ApolloServerPlugin<RequestContext> {
  const listener: GraphQLRequestListener<RequestContext> = {
    // Compiled execution's short route (compiled-execution.ts): the operation runs here.
    ...(respond ? { responseForOperation: respond } : {}),
    async didResolveOperation({ operation, operationName, contextValue }) {
      const { record, budget: left } = contextValue.scope;
      if (record) {
        record.operationType = operation?.operation;
        record.operation = operationName ?? firstRootField(operation);
      }
      left?.setTotal(operation?.operation === 'mutation' ? budget.mutationMs : budget.queryMs);
      await admit?.(contextValue);
    },
    async didEncounterErrors({ errors, contextValue }) {
      for (const error of errors) {
        if (isUnexpectedError(error)) contextValue.log.error({ err: error.originalError ?? error }, 'unexpected error');
        else contextValue.log.debug({ err: error }, 'request error');
      }
    },
    async willSendResponse({ response, contextValue }) {
      if (response.body.kind !== 'single') return;
      const errors = response.body.singleResult.errors;
      if (!errors) return;
      const record = contextValue.scope.record;
      for (const error of errors) {
        if (record && typeof error.extensions?.code === 'string') recordErrorCode(record, error.extensions.code);
        (error as { extensions?: Record<string, unknown> }).extensions = {
          ...error.extensions,
          requestId: contextValue.requestId,
        };
      }
    },
  };
  const started = Promise.resolve(listener);
  return { requestDidStart: () => started };
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
