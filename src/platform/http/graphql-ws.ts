/**
 * GraphQL over WebSocket (graphql-ws protocol) on the same port and path as HTTP.
 *
 * graphql-ws bypasses Apollo, so the same parse limits, validation rules and error formatting are
 * applied here: an operation is refused or masked the same way on either transport.
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import {
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  execute,
  getOperationAST,
  parse,
  subscribe,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { resolveTrustedDocument, type TrustedDocumentPolicy } from './trusted-documents.js';
import { CHANNELS, channelOf, createContext, grantSubject, parseChannel, requestIdFrom, type Channel, type ContextDeps, type Viewer } from '../context.js';
import { Budget } from '../budget.js';
import { formatError, isUnexpectedError, type FormatOptions } from '../errors.js';
import type { Config } from '../config.js';
import type { RequestContext } from '../context.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { firstRootField, newRecord, recordErrorCode, type RequestRecord } from '../observability/request-record.js';
import { withSpan } from '../observability/tracing.js';
import type { GatewayAuth } from './graphql-http.js';
import { MULTIPLEXED_FIELDS, SLOW_CONSUMER_CLOSE_CODE, createMultiplexer, groupKey, visibilityClass, type Multiplexer } from './multiplex.js';

export interface GraphQLWsOptions {
  httpServer: Server;
  schema: GraphQLSchema;
  deps: ContextDeps;
  auth: GatewayAuth;
  config: Config;
  validationRules: ValidationRule[];
  format: FormatOptions;
  /** Trusted documents, applied to every subscribe message as to HTTP requests. */
  trustedDocuments: TrustedDocumentPolicy;
  metrics: GatewayMetrics;
  /** Called before each operation runs; a GraphQLError it throws refuses the operation. */
  admit?: (context: RequestContext) => Promise<void>;
}

/** One operation on a socket, from subscribe to complete: for its access-log line and metrics. */
interface OperationState {
  record: RequestRecord;
  startedAt: number;
  channel: string;
  viewer: string;
  /** The subscription's root field, for subscriptions. */
  topic: string | undefined;
  failed: boolean;
  /** Set for a live subscription that shares its execution with others of the same group (multiplex.ts). */
  mux?: { key: string; socket: WebSocket; id: string };
}

export interface GraphQLWsServer {
  /** Closes every socket with 1001 (going away) and stops accepting new ones. */
  close(): Promise<void>;
  connectionCount(): number;
  /**
   * Grants of `subject` (`CUSTOMER:C000001`, `STAFF:S0001`) were revoked — or, without a subject,
   * revocations may have been missed: every affected socket is checked again and closed with 4403
   * when its token no longer stands (session or consent ended, a staff role removed). Call it after
   * the grant cache was evicted. Never throws.
   */
  revoked(subject?: string): Promise<void>;
  /** Multiplexed groups and their members now, and sockets closed as slow consumers so far (undefined when WS_MULTIPLEX is off). */
  multiplexStats(): { groups: number; members: number; slowConsumersClosed: number } | undefined;
}

/** What each connection established at connect: its channel, its bearer token and who it is. */
interface Connection {
  channel: Channel;
  token: string | undefined;
  viewer: Viewer;
  expiry?: NodeJS.Timeout;
}

/** Whose grants a socket rests on: the subject a revocation names (a partner's rests on its customer's consent). */
function subjectOf(viewer: Viewer): string | undefined {
  switch (viewer.kind) {
    case 'anonymous':
      return undefined;
    case 'customer':
    case 'partner':
      return grantSubject('CUSTOMER', viewer.customerId);
    case 'staff':
      return grantSubject('STAFF', viewer.staffId);
  }
}

/** How many validated documents a server keeps for reuse. */
const VALID_DOCUMENTS_KEPT = 500;

/** Attaches the graphql-ws server to `/graphql` of the gateway's HTTP server. */
export function attachGraphQLWs(options: GraphQLWsOptions): GraphQLWsServer {
  const { schema, deps, auth, config, format, trustedDocuments, metrics } = options;
  const admission = createAdmission(config.webSocket);
  const accessLog = deps.log.child({ component: 'access' });
  /** Operations by connection context, then by operation id. */
  const operations = new WeakMap<object, Map<string, OperationState>>();
  const byContext = new WeakMap<object, OperationState>();

  /** Writes the operation's access-log line and metrics, once. */
  function finish(ctx: object, id: string, state: OperationState): void {
    const open = operations.get(ctx);
    if (open?.get(id) !== state) return;
    open.delete(id);
    const durationMs = performance.now() - state.startedAt;
    const { record } = state;
    const failed = state.failed || record.operation === undefined;
    accessLog.info(
      {
        requestId: record.requestId,
        transport: 'ws',
        operation: record.operation,
        operationType: record.operationType,
        channel: state.channel,
        viewer: state.viewer,
        status: failed ? 'error' : 'ok',
        durationMs: Math.round(durationMs * 10) / 10,
        backendCalls: record.backendCalls,
        errorCodes: record.errorCodes,
      },
      'operation',
    );
    metrics.operation({
      transport: 'ws',
      operation: record.operation,
      channel: state.channel,
      outcome: failed ? 'error' : record.errorCodes.length > 0 ? 'partial' : 'ok',
      durationSeconds: durationMs / 1000,
      errorCodes: record.errorCodes,
    });
    if (state.topic) metrics.subscription(state.topic, -1);
  }

  /** Starts an operation's state (its id and record) on a connection. */
  function begin(ctx: object, id: string, connection: Connection | undefined): OperationState {
    const state: OperationState = {
      record: newRecord(requestIdFrom(undefined)),
      startedAt: performance.now(),
      channel: connection?.channel ?? '-',
      viewer: connection?.viewer.kind ?? 'anonymous',
      topic: undefined,
      failed: false,
    };
    let open = operations.get(ctx);
    if (!open) operations.set(ctx, (open = new Map()));
    open.set(id, state);
    return state;
  }

  /** Refuses an operation before it runs: logged and counted, then the errors go to the client. */
  function refuse(ctx: object, id: string, state: OperationState, errors: readonly GraphQLError[]): GraphQLError[] {
    state.failed = true;
    for (const error of errors) if (typeof error.extensions.code === 'string') recordErrorCode(state.record, error.extensions.code);
    finish(ctx, id, state);
    return errors.map((error) => {
      const withId = new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, originalError: error.originalError ?? error, extensions: { ...error.extensions, requestId: state.record.requestId } });
      return withId;
    });
  }

  /** Runs graphql's `execute`/`subscribe` inside the operation's record and span. */
  const traced = <R>(run: (args: Parameters<typeof execute>[0]) => R) => (args: Parameters<typeof execute>[0]) => {
    const state = byContext.get(args.contextValue as object);
    if (!state) return run(args);
    return withSpan(`graphql ${state.record.operationType ?? 'operation'} ${state.record.operation ?? ''}`.trim(), { 'gateway.transport': 'ws' }, async () => run(args), {
      requestId: state.record.requestId,
    });
  };
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: '/graphql',
    // The HTTP body limit applies to every message: a larger one closes the socket with 1009
    // (message too big) before it is parsed.
    maxPayload: config.limits.maxBodyBytes,
    verifyClient: (info, done) => {
      const refusal = admission.admit(info.req.socket);
      if (refusal) done(false, refusal.status, refusal.message);
      else done(true);
    },
  });
  const connections = new WeakMap<WebSocket, Connection>();
  /** graphql-ws's context of each socket with a multiplexed operation (for its operations' state). */
  const contexts = new WeakMap<WebSocket, object>();
  /** Authenticated sockets by subject, so that a revocation finds them without scanning every socket. */
  const bySubject = new Map<string, Set<WebSocket>>();
  const forbidden = (socket: WebSocket, reason: string) => {
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(CloseCode.Forbidden, `Forbidden: ${reason}`);
  };

  /** Does the socket's token still stand? A staff socket also needs every role it connected with. */
  async function stillGranted(connection: Connection): Promise<boolean> {
    if (!connection.token) return true;
    try {
      const viewer = await auth.authenticate(connection.token);
      if (viewer.kind !== 'staff') return true;
      const current = (await deps.services.auth.staffMember(viewer.staffId))?.roles ?? [];
      return connection.viewer.kind === 'staff' && connection.viewer.roles.every((role) => current.includes(role));
    } catch {
      // Fail closed: a check that cannot be made ends the connection; the client reconnects.
      return false;
    }
  }

  async function recheck(socket: WebSocket): Promise<void> {
    const connection = connections.get(socket);
    if (connection && !(await stillGranted(connection))) forbidden(socket, 'the session or grant behind this connection has ended');
  }
  const { maxBufferedBytes } = config.webSocket;
  let slowConsumersClosed = 0;
  const slowConsumer = (socket: WebSocket) => {
    slowConsumersClosed += 1;
    deps.log.warn({ bufferedBytes: socket.bufferedAmount, maxBufferedBytes }, 'closed a WebSocket that fell behind (slow consumer)');
  };
  const multiplexer: Multiplexer | undefined = config.webSocket.multiplex ? createMultiplexer({ maxBufferedBytes, onSlowConsumer: slowConsumer }) : undefined;

  /** The `next` payload of a result with errors: each error masked and coded as over HTTP, with the operation's request id. */
  function withFormattedErrors(ctx: object, id: string, context: RequestContext, result: ExecutionResult): ExecutionResult | undefined {
    if (!result.errors) return undefined;
    const state = operations.get(ctx)?.get(id);
    const requestId = state?.record.requestId ?? context.requestId;
    return {
      ...result,
      errors: result.errors.map((error) => {
        if (isUnexpectedError(error)) context.log.error({ err: error.originalError ?? error }, 'unexpected error');
        const formatted = formatError(error.toJSON(), error, format);
        const code = formatted.extensions?.code;
        if (state && typeof code === 'string') recordErrorCode(state.record, code);
        return { ...formatted, extensions: { ...formatted.extensions, requestId } } as unknown as GraphQLError;
      }),
    };
  }
  const subscribeTraced = traced(subscribe) as (args: Parameters<typeof execute>[0]) => Promise<Awaited<ReturnType<typeof subscribe>>>;

  /**
   * Documents that parsed and validated, by their text: thousands of sockets subscribe with the same
   * few documents, and each would otherwise hold its own copy of the syntax tree. Bounded; the
   * oldest entry goes first.
   */
  const validDocuments = new Map<string, DocumentNode>();
  const remember = (query: string, document: DocumentNode) => {
    if (validDocuments.size >= VALID_DOCUMENTS_KEPT) validDocuments.delete(validDocuments.keys().next().value!);
    validDocuments.set(query, document);
  };

  const rules = [
    ...specifiedRules,
    ...options.validationRules,
    ...(config.nodeEnv === 'production' ? [NoSchemaIntrospectionCustomRule] : []),
  ];

  const server = useServer(
    {
      schema,
      isProd: config.nodeEnv === 'production',
      // A query or mutation over the socket has the same one budget as over HTTP (budget.ts): it is
      // in the scope of the operation's context (onSubscribe).
      execute: traced(execute) as typeof execute,
      // A multiplexed live subscription joins its group: one execution and one serialisation per event for all of it.
      subscribe: ((args: Parameters<typeof execute>[0]) => {
        const state = byContext.get(args.contextValue as object);
        const mux = state?.mux;
        if (!multiplexer || !mux) return subscribeTraced(args);
        const ctx = contexts.get(mux.socket);
        const context = args.contextValue as RequestContext;
        return multiplexer.join(
          mux.key,
          { socket: mux.socket, id: mux.id, withErrors: (result) => (ctx && withFormattedErrors(ctx, mux.id, context, result)) ?? result },
          () => subscribeTraced(args),
        );
      }) as unknown as typeof subscribe,
      async onConnect(ctx) {
        const socket = ctx.extra.socket;
        const declared = ctx.connectionParams?.channel ?? ctx.extra.request.headers['x-channel'];
        const declaredChannel = typeof declared === 'string' ? declared : undefined;
        try {
          parseChannel(declaredChannel);
        } catch {
          // A protocol-level refusal: the close reason tells the client what was wrong.
          socket.close(CloseCode.BadRequest, `x-channel must be one of ${CHANNELS.join(', ')}`);
          return false;
        }
        const token = bearer(ctx.connectionParams?.authorization ?? ctx.connectionParams?.accessToken);
        let viewer: Viewer = { kind: 'anonymous' };
        if (token) {
          try {
            viewer = await auth.authenticate(token);
          } catch {
            socket.close(CloseCode.Unauthorized, 'Unauthorized: invalid or expired access token');
            return false;
          }
        }
        let channel: Channel;
        try {
          channel = channelOf(viewer, declaredChannel);
        } catch (error) {
          socket.close(CloseCode.BadRequest, (error as Error).message.slice(0, 120));
          return false;
        }
        const connection: Connection = { channel, token, viewer };
        const subject = subjectOf(viewer);
        if (viewer.kind !== 'anonymous' && subject) {
          // When the token runs out the connection ends, so the client refreshes and reconnects.
          const ms = Math.max(0, viewer.tokenExpiresAt.getTime() - Date.now());
          connection.expiry = setTimeout(() => forbidden(socket, 'access token expired'), ms);
          connection.expiry.unref();
          let sockets = bySubject.get(subject);
          if (!sockets) bySubject.set(subject, (sockets = new Set()));
          sockets.add(socket);
        }
        connections.set(socket, connection);
        if (viewer.kind !== 'anonymous') admission.authenticated(ctx.extra.request.socket);
        // A revocation committed between the check above and the registration would be missed: look once more.
        if (subject && !(await stillGranted(connection))) {
          forbidden(socket, 'the session or grant behind this connection has ended');
          return false;
        }
        return true;
      },
      onClose(ctx) {
        // Operations the socket's end cut short are logged too.
        for (const [id, state] of operations.get(ctx) ?? []) finish(ctx, id, state);
        const socket = ctx.extra.socket;
        const connection = connections.get(socket);
        clearTimeout(connection?.expiry);
        const subject = connection && subjectOf(connection.viewer);
        const sockets = subject ? bySubject.get(subject) : undefined;
        if (sockets) {
          sockets.delete(socket);
          if (sockets.size === 0) bySubject.delete(subject!);
        }
      },
      async onSubscribe(ctx, id, payload) {
        const connection = connections.get(ctx.extra.socket);
        const state = begin(ctx, id, connection);
        const channel = connection?.channel ?? parseChannel(undefined);
        let query: string;
        try {
          query = (resolveTrustedDocument('POST', payload, channel, trustedDocuments) as { query: string }).query;
        } catch (error) {
          return refuse(ctx, id, state, [error as GraphQLError]);
        }
        let document = validDocuments.get(query);
        if (!document) {
          try {
            document = parse(query, { maxTokens: config.limits.maxTokens });
          } catch (error) {
            return refuse(ctx, id, state, [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')]);
          }
          const errors = validate(schema, document, rules);
          if (errors.length > 0) return refuse(ctx, id, state, errors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED')));
          remember(query, document);
        }
        const operation = getOperationAST(document, payload.operationName);
        state.record.operationType = operation?.operation;
        state.record.operation = payload.operationName ?? operation?.name?.value ?? firstRootField(operation);
        const requestId = state.record.requestId;
        // Checked again per operation: a session revoked since connecting gets nothing new.
        let viewer: Viewer = { kind: 'anonymous' };
        if (connection?.token) {
          try {
            viewer = await auth.authenticate(connection.token);
          } catch {
            return refuse(ctx, id, state, [new GraphQLError('The access token is invalid or has expired.', { extensions: { code: 'UNAUTHENTICATED' } })]);
          }
        }
        const clientAddress = ctx.extra.request.socket.remoteAddress ?? 'unknown';
        // A query or mutation gets one budget, as over HTTP (budget.ts); a subscription's long-lived
        // stream gets none. Either way its backend calls count on its record.
        const { queryMs, mutationMs } = config.requestBudget;
        const kind = operation?.operation;
        const budget = kind === 'subscription' ? undefined : new Budget(kind === 'mutation' ? mutationMs : queryMs);
        const contextValue = createContext(deps, { requestId, channel, viewer, clientAddress, scope: { budget, record: state.record } });
        if (options.admit) {
          try {
            await options.admit(contextValue);
          } catch (error) {
            if (error instanceof GraphQLError) return refuse(ctx, id, state, [error]);
            throw error;
          }
        }
        byContext.set(contextValue, state);
        if (operation?.operation === 'subscription') {
          state.topic = firstRootField(operation)?.replace(/[()]/g, '');
          if (state.topic) metrics.subscription(state.topic, 1);
          if (multiplexer && state.topic && MULTIPLEXED_FIELDS.has(state.topic)) {
            const key = groupKey(visibilityClass(channel, viewer), query, payload.operationName, payload.variables);
            state.mux = { key, socket: ctx.extra.socket, id };
            contexts.set(ctx.extra.socket, ctx);
          }
        }
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
        };
      },
      onComplete(ctx, id) {
        const state = operations.get(ctx)?.get(id);
        if (state) finish(ctx, id, state);
      },
      onError(ctx, id, _payload, errors) {
        const state = operations.get(ctx)?.get(id);
        const requestId = state?.record.requestId ?? requestIdFrom(undefined);
        // graphql-ws wraps whatever a subscription's stream throws in a GraphQLError with the raw
        // message (and no path): unwrap it so that it is masked, or kept, exactly like over HTTP.
        const answered = errors.map((error) => {
          // Errors the gateway refused with (they carry a code) are kept as they are.
          const thrown = error.path === undefined && error.originalError && error.extensions.code === undefined ? error.originalError : error;
          if (isUnexpectedError(thrown)) deps.log.error({ err: thrown, requestId }, 'unexpected error in a subscription');
          const formatted = formatError(thrown instanceof GraphQLError ? thrown.toJSON() : { message: thrown.message }, thrown, format);
          return { ...formatted, extensions: { ...formatted.extensions, requestId } };
        });
        if (state) {
          state.failed = true;
          for (const error of answered) {
          const code = (error.extensions as { code?: unknown }).code;
          if (typeof code === 'string') recordErrorCode(state.record, code);
        }
          finish(ctx, id, state);
        }
        return answered;
      },
      onNext(ctx, id, _payload, args, result) {
        // Unmultiplexed operations get the same bound on what may wait for a slow socket.
        const socket = ctx.extra.socket;
        if (socket.bufferedAmount > maxBufferedBytes && socket.readyState === socket.OPEN) {
          socket.close(SLOW_CONSUMER_CLOSE_CODE, `Slow consumer: more than ${maxBufferedBytes} bytes were waiting to be sent`);
          slowConsumer(socket);
          return;
        }
        return withFormattedErrors(ctx, id, args.contextValue as RequestContext, result);
      },
    },
    wss,
  );

  return {
    close: async () => {
      await server.dispose();
    },
    connectionCount: () => wss.clients.size,
    multiplexStats: () => (multiplexer ? { ...multiplexer.stats(), slowConsumersClosed } : undefined),
    revoked: async (subject) => {
      const sockets = subject === undefined ? [...bySubject.values()].flatMap((set) => [...set]) : [...(bySubject.get(subject) ?? [])];
      await Promise.all(sockets.map((socket) => recheck(socket)));
    },
  };
}

/**
 * Caps on WebSocket connections, counted when the upgrade is admitted and released when the TCP
 * socket closes: per client address, and sockets that have not (yet) authenticated, overall.
 */
function createAdmission(limits: Config['webSocket']) {
  const perAddress = new Map<string, number>();
  const unauthenticated = new Set<Socket>();
  return {
    admit(socket: Socket): { status: number; message: string } | undefined {
      const address = socket.remoteAddress ?? 'unknown';
      const count = perAddress.get(address) ?? 0;
      if (count >= limits.maxConnectionsPerAddress) return { status: 429, message: 'Too many WebSocket connections from this address' };
      if (unauthenticated.size >= limits.maxUnauthenticated) return { status: 503, message: 'Too many unauthenticated WebSocket connections' };
      perAddress.set(address, count + 1);
      unauthenticated.add(socket);
      socket.once('close', () => {
        unauthenticated.delete(socket);
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left > 0) perAddress.set(address, left);
        else perAddress.delete(address);
      });
      return undefined;
    },
    authenticated(socket: Socket): void {
      unauthenticated.delete(socket);
    },
  };
}

/** The codes Apollo gives request errors over HTTP, so WebSocket clients see the same ones. */
function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error,
    extensions: { ...error.extensions, code },
  });
}

/** The token from `connectionParams.authorization` ("Bearer …") or `accessToken`. */
function bearer(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  return value.replace(/^Bearer\s+/i, '');
}
