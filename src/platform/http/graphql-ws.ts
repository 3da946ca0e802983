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
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { CHANNELS, createContext, parseChannel, requestIdFrom, type Channel, type ContextDeps, type Viewer } from '../context.js';
import { formatError, isUnexpectedError, type FormatOptions } from '../errors.js';
import type { Config } from '../config.js';
import type { GatewayAuth } from './graphql-http.js';

export interface GraphQLWsOptions {
  httpServer: Server;
  schema: GraphQLSchema;
  deps: ContextDeps;
  auth: GatewayAuth;
  config: Config;
  validationRules: ValidationRule[];
  format: FormatOptions;
}

export interface GraphQLWsServer {
  /** Closes every socket with 1001 (going away) and stops accepting new ones. */
  close(): Promise<void>;
  connectionCount(): number;
}

/** Attaches the graphql-ws server to `/graphql` of the gateway's HTTP server. */
export function attachGraphQLWs(options: GraphQLWsOptions): GraphQLWsServer {
  const { schema, deps, auth, config, format } = options;
  const admission = createAdmission(config.webSocket);
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
  /** What each connection established at connect: its channel and its bearer token. */
  const connections = new WeakMap<WebSocket, { channel: Channel; token: string | undefined; expiry?: NodeJS.Timeout }>();
  const rules = [
    ...specifiedRules,
    ...options.validationRules,
    ...(config.nodeEnv === 'production' ? [NoSchemaIntrospectionCustomRule] : []),
  ];

  const server = useServer(
    {
      schema,
      isProd: config.nodeEnv === 'production',
      async onConnect(ctx) {
        const socket = ctx.extra.socket;
        const declared = ctx.connectionParams?.channel ?? ctx.extra.request.headers['x-channel'];
        let channel: Channel;
        try {
          channel = parseChannel(typeof declared === 'string' ? declared : undefined);
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
        const connection: { channel: Channel; token: string | undefined; expiry?: NodeJS.Timeout } = { channel, token };
        if (viewer.kind !== 'anonymous') {
          // When the token runs out the connection ends, so the client refreshes and reconnects.
          const ms = Math.max(0, viewer.tokenExpiresAt.getTime() - Date.now());
          connection.expiry = setTimeout(() => socket.close(CloseCode.Forbidden, 'Forbidden: access token expired'), ms);
          connection.expiry.unref();
        }
        connections.set(socket, connection);
        if (viewer.kind !== 'anonymous') admission.authenticated(ctx.extra.request.socket);
        return true;
      },
      onClose(ctx) {
        clearTimeout(connections.get(ctx.extra.socket)?.expiry);
      },
      async onSubscribe(ctx, id, payload) {
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: config.limits.maxTokens });
        } catch (error) {
          return [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
        }
        const errors = validate(schema, document, rules);
        if (errors.length > 0) return errors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
        const connection = connections.get(ctx.extra.socket);
        const channel = connection?.channel ?? parseChannel(undefined);
        const requestId = requestIdFrom(undefined);
        // Checked again per operation: a session revoked since connecting gets nothing new.
        let viewer: Viewer = { kind: 'anonymous' };
        if (connection?.token) {
          try {
            viewer = await auth.authenticate(connection.token);
          } catch {
            return [new GraphQLError('The access token is invalid or has expired.', { extensions: { code: 'UNAUTHENTICATED' } })];
          }
        }
        const clientAddress = ctx.extra.request.socket.remoteAddress ?? 'unknown';
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: createContext(deps, { requestId, channel, viewer, clientAddress }),
        };
      },
      onError(_ctx, id, _payload, errors) {
        return errors.map((error) => formatError(error.toJSON(), error, format));
      },
      onNext(_ctx, _id, _payload, args, result) {
        if (!result.errors) return;
        const context = args.contextValue as ReturnType<typeof createContext>;
        return {
          ...result,
          errors: result.errors.map((error) => {
            if (isUnexpectedError(error)) context.log.error({ err: error.originalError ?? error }, 'unexpected error');
            const formatted = formatError(error.toJSON(), error, format);
            return { ...formatted, extensions: { ...formatted.extensions, requestId: context.requestId } };
          }),
        };
      },
    },
    wss,
  );

  return {
    close: async () => {
      await server.dispose();
    },
    connectionCount: () => wss.clients.size,
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
