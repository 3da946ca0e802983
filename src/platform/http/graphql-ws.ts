/**
 * GraphQL over WebSocket (graphql-ws protocol) on the same port and path as HTTP.
 *
 * graphql-ws bypasses Apollo, so the same parse limits, validation rules and error formatting are
 * applied here: an operation is refused or masked the same way on either transport.
 */
import type { Server } from 'node:http';
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
import { CHANNELS, createContext, parseChannel, requestIdFrom, type Channel, type ContextDeps } from '../context.js';
import { formatError, isUnexpectedError, type FormatOptions } from '../errors.js';
import type { Config } from '../config.js';

export interface GraphQLWsOptions {
  httpServer: Server;
  schema: GraphQLSchema;
  deps: ContextDeps;
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
  const { schema, deps, config, format } = options;
  const wss = new WebSocketServer({ server: options.httpServer, path: '/graphql' });
  const channels = new WeakMap<WebSocket, Channel>();
  const rules = [
    ...specifiedRules,
    ...options.validationRules,
    ...(config.nodeEnv === 'production' ? [NoSchemaIntrospectionCustomRule] : []),
  ];

  const server = useServer(
    {
      schema,
      isProd: config.nodeEnv === 'production',
      onConnect(ctx) {
        const declared = ctx.connectionParams?.channel ?? ctx.extra.request.headers['x-channel'];
        try {
          channels.set(ctx.extra.socket, parseChannel(typeof declared === 'string' ? declared : undefined));
        } catch {
          // A protocol-level refusal: the close reason tells the client what was wrong.
          ctx.extra.socket.close(CloseCode.BadRequest, `x-channel must be one of ${CHANNELS.join(', ')}`);
          return false;
        }
        return true;
      },
      onSubscribe(ctx, id, payload) {
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: config.limits.maxTokens });
        } catch (error) {
          return [withCode(error as GraphQLError, 'GRAPHQL_PARSE_FAILED')];
        }
        const errors = validate(schema, document, rules);
        if (errors.length > 0) return errors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
        const channel = channels.get(ctx.extra.socket) ?? parseChannel(undefined);
        const requestId = requestIdFrom(undefined);
        return {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue: createContext(deps, { requestId, channel }),
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
