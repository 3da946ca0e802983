/**
 * GraphQL over HTTP on plain node:http: Apollo Server's integration API without express (measured
 * when the stack was chosen: express with its body parsing halved Apollo's throughput, 0.21x against
 * 0.40x of a bare node:http handler). Also serves CORS, `/healthz`, `/readyz` and the JWKS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { channelOf, createContext, parseChannel, requestIdFrom, type ContextDeps, type RequestContext, type Viewer } from '../context.js';
import { Budget } from '../budget.js';
import type { CallScope } from '../request-scope.js';
import { timingSafeEqual } from 'node:crypto';
import { DomainError, UnauthenticatedError } from '../errors.js';
import type { GatewayMetrics } from '../observability/metrics.js';
import { newRecord, recordErrorCode, type RequestRecord } from '../observability/request-record.js';
import { extractTraceContext, SpanKind, withSpan } from '../observability/tracing.js';
import type { Readiness } from './readiness.js';
import { EXPLORER_PATH, type Explorer } from './explorer.js';
import { resolveTrustedDocument, type TrustedDocumentPolicy } from './trusted-documents.js';

/** What the transports need from authentication; supplied by the composition root. */
export interface GatewayAuth {
  /**
   * The viewer a bearer access token stands for.
   * @throws UnauthenticatedError for a token that is not valid now (anything else is unexpected)
   */
  authenticate(token: string): Promise<Viewer>;
  /** The public signing keys, served at /.well-known/jwks.json. */
  jwks(): Promise<unknown>;
}

/**
 * A GET route beside /graphql served to a signed-in viewer (e.g. a report download). The module
 * that owns it checks who may read it, as its use case does: a DomainError FORBIDDEN is sent as
 * 403, NOT_FOUND as 404, any other code (BAD_USER_INPUT) as 400; without a token the answer is 401.
 */
export interface HttpRoute {
  /** The route's path parameters when it serves `pathname`, else undefined. */
  match(pathname: string): Record<string, string> | undefined;
  handle(request: { viewer: Exclude<Viewer, { kind: 'anonymous' }>; params: Record<string, string>; scope: CallScope }): Promise<{
    contentType: string;
    body: string;
    /** Sent as an attachment with this file name when set. */
    filename?: string;
  }>;
}

/** HTTP statuses of the domain codes a route may throw. */
const ROUTE_STATUS: Record<string, number> = { FORBIDDEN: 403, NOT_FOUND: 404, UNAUTHENTICATED: 401 };

export interface GraphQLHttpOptions {
  apollo: ApolloServer<RequestContext>;
  deps: ContextDeps;
  auth: GatewayAuth;
  maxBodyBytes: number;
  /** Browser origins allowed to call (CORS); others get no CORS headers at all. */
  corsOrigins: readonly string[];
  readiness: () => Promise<Readiness>;
  /** Trusted documents: hashes resolved to the kit's documents; some channels limited to them. */
  trustedDocuments: TrustedDocumentPolicy;
  /** The offline explorer (development only). */
  explorer?: Explorer;
  /** The budget a request starts with (a query's); a mutation's is set once the operation is known. */
  queryBudgetMs: number;
  metrics: GatewayMetrics;
  /** When set, `/metrics` asks for `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** Further GET routes for signed-in viewers (see {@link HttpRoute}). */
  routes?: readonly HttpRoute[];
}

/**
 * What Apollo chose for each `Accept` header seen on a POST, as the header that gets the same
 * answer more cheaply: Apollo runs a full content negotiation (negotiator) on every request, ~9 µs
 * for `application/graphql-response+json, application/json` — a seventh of an anonymous request.
 * The first request with a given header is negotiated by Apollo as sent; its answer's content type
 * is remembered: `application/json` (Apollo's answer without an Accept header) as no header, the
 * GraphQL response type as that one type alone. Other answers (a JSONP-style callback type) are not
 * remembered. Bounded: headers beyond the first 64 distinct ones are negotiated every time.
 */
const acceptNegotiated = new Map<string, string>();
const ACCEPT_REMEMBERED = new Map([
  ['application/json; charset=utf-8', ''],
  ['application/graphql-response+json; charset=utf-8', 'application/graphql-response+json'],
]);
function rememberNegotiation(accept: string, contentType: string | undefined): void {
  const header = contentType === undefined ? undefined : ACCEPT_REMEMBERED.get(contentType);
  if (header !== undefined && acceptNegotiated.size < 64) acceptNegotiated.set(accept, header);
}

/** Paths polled by probes and scrapers: their access-log lines are at debug, not info. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Builds the request listener for the gateway's HTTP server. */
export function createRequestListener(options: GraphQLHttpOptions) {
  const { apollo, deps, auth, maxBodyBytes, metrics } = options;
  const allowedOrigins = new Set(options.corsOrigins);
  const accessLog = deps.log.child({ component: 'access' });

  /**
   * Every request: its record (operation, error codes, backend calls) and its SERVER span, then one
   * access-log line and the metrics when it ends. Nothing from headers or bodies is logged.
   */
  return async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const requestId = requestIdFrom(header(req, 'x-request-id'));
    const url = requestTarget(req.url);
    const record = newRecord(requestId);
    const state: { channel: string; viewer: string } = { channel: '-', viewer: 'anonymous' };
    // The budget counts from the request's arrival; the scope goes to every backend call the
    // request makes (request-scope.ts).
    const scope: CallScope = { budget: new Budget(options.queryBudgetMs), record };
    await withSpan(
      `HTTP ${req.method ?? 'GET'} ${url.pathname === '/graphql' ? '/graphql' : 'other'}`,
      { 'http.request.method': req.method ?? 'GET', 'url.path': url.pathname },
      async (span) => {
        await handle(req, res, requestId, url, state, scope);
        if (record.operation) span.updateName(`graphql ${record.operationType ?? 'operation'} ${record.operation}`);
        span.setAttribute('http.response.status_code', res.statusCode);
      },
      { kind: SpanKind.SERVER, parent: extractTraceContext(req.headers), requestId },
    );
    const durationMs = performance.now() - startedAt;
    const level = QUIET_PATHS.has(url.pathname) ? 'debug' : 'info';
    // The line is built only when it is written (LOG_LEVEL=warn writes none).
    if (accessLog.isLevelEnabled(level)) {
      accessLog[level](
        {
          requestId,
          method: req.method,
          path: url.pathname,
          operation: record.operation,
          operationType: record.operationType,
          channel: state.channel,
          viewer: state.viewer,
          status: res.statusCode,
          durationMs: Math.round(durationMs * 10) / 10,
          backendCalls: record.backendCalls,
          errorCodes: record.errorCodes,
        },
        'request',
      );
    }
    if (url.pathname === '/graphql' && req.method !== 'OPTIONS') {
      metrics.operation({
        transport: 'http',
        operation: record.operation,
        channel: state.channel,
        outcome: res.statusCode >= 400 ? 'error' : record.errorCodes.length > 0 ? 'partial' : 'ok',
        durationSeconds: durationMs / 1000,
        errorCodes: record.errorCodes,
      });
    }
  };

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    requestId: string,
    url: RequestTarget,
    state: { channel: string; viewer: string },
    scope: CallScope,
  ): Promise<void> {
    const record = scope.record;
    res.setHeader('x-request-id', requestId);
    if (applyCors(req, res, allowedOrigins)) return;
    try {
      const explorer = options.explorer;
      if (explorer && (url.pathname === EXPLORER_PATH || url.pathname.startsWith(`${EXPLORER_PATH}/`))) {
        return await explorer.handle(url.pathname, res);
      }
      for (const route of options.routes ?? []) {
        const params = route.match(url.pathname);
        if (params) return await serveRoute(route, params, req, res, state, scope);
      }
      switch (url.pathname) {
        case '/metrics': {
          if (options.metricsToken && !sameSecret(bearerOf(header(req, 'authorization')), options.metricsToken)) {
            res.setHeader('www-authenticate', 'Bearer realm="metrics"');
            throw new HttpProblem(401, 'UNAUTHENTICATED', '/metrics needs "Authorization: Bearer <METRICS_TOKEN>".');
          }
          const scraped = await metrics.scrape();
          res.statusCode = 200;
          res.setHeader('content-type', scraped.contentType);
          res.setHeader('cache-control', 'no-store');
          res.end(scraped.body);
          return;
        }
        case '/healthz':
          return sendJson(res, 200, { status: 'ok' });
        case '/readyz': {
          const readiness = await options.readiness();
          return sendJson(res, readiness.ready ? 200 : 503, readiness);
        }
        case '/.well-known/jwks.json':
          res.setHeader('cache-control', 'public, max-age=300');
          res.setHeader('content-type', 'application/jwk-set+json');
          res.end(JSON.stringify(await auth.jwks()));
          return;
        case '/graphql':
          break;
        default:
          throw new HttpProblem(404, 'NOT_FOUND', `Nothing at ${url.pathname}; GraphQL is served at /graphql.`);
      }
      const declaredChannel = header(req, 'x-channel');
      parseChannel(declaredChannel); // an unknown channel is refused before the token is looked at
      const viewer = await viewerFrom(header(req, 'authorization'), auth);
      state.viewer = viewer.kind;
      const channel = channelOf(viewer, declaredChannel);
      state.channel = channel;
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const method = req.method ?? 'GET';
      // POSTs only: a GET's Accept may also ask for the landing page.
      const accept = method === 'POST' ? headers.get('accept') : undefined;
      const negotiated = accept === undefined ? undefined : acceptNegotiated.get(accept);
      if (negotiated !== undefined) {
        if (negotiated === '') headers.delete('accept');
        else headers.set('accept', negotiated);
      }
      const sent = method === 'POST' ? await readJsonBody(req, maxBodyBytes) : undefined;
      const body = resolveTrustedDocument(method, sent, channel, options.trustedDocuments);
      const response = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method, headers, search: url.search, body },
        context: async () =>
          createContext(deps, { requestId, channel, viewer, clientAddress: req.socket.remoteAddress ?? 'unknown', scope }),
      });
      res.statusCode = response.status ?? 200;
      if (accept !== undefined && negotiated === undefined && res.statusCode === 200) rememberNegotiation(accept, response.headers.get('content-type'));
      // Customer data: never kept by a browser, proxy or CDN.
      res.setHeader('cache-control', 'no-store');
      for (const [key, value] of response.headers) res.setHeader(key, value);
      if (response.body.kind === 'complete') {
        const failed = res.statusCode >= 400;
        const body = failed ? withRequestId(response.body.string, requestId, record) : response.body.string;
        if (failed) res.statusCode = legacyJsonStatus(res.statusCode, response.headers.get('content-type'), body);
        res.end(body);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      if (error instanceof HttpProblem) return sendError(res, error.status, error.code, error.message, requestId, record);
      const graphQLError = error as Partial<GraphQLError>;
      const code = graphQLError.extensions?.code;
      if (typeof code === 'string') {
        const status = (graphQLError.extensions?.http as { status?: number } | undefined)?.status ?? 400;
        return sendError(res, status, code, graphQLError.message ?? 'Bad request', requestId, record);
      }
      deps.log.error({ err: error, requestId }, 'request failed outside GraphQL execution');
      if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error', requestId, record);
      else res.destroy();
    }
  }

  async function serveRoute(
    route: HttpRoute,
    params: Record<string, string>,
    req: IncomingMessage,
    res: ServerResponse,
    state: { viewer: string },
    scope: CallScope,
  ): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      throw new HttpProblem(405, 'METHOD_NOT_ALLOWED', 'Only GET is served here.');
    }
    const viewer = await viewerFrom(header(req, 'authorization'), auth);
    state.viewer = viewer.kind;
    if (viewer.kind === 'anonymous') {
      res.setHeader('www-authenticate', 'Bearer realm="gateway"');
      throw new HttpProblem(401, 'UNAUTHENTICATED', 'Send "Authorization: Bearer <staff access token>".');
    }
    let answer: Awaited<ReturnType<HttpRoute['handle']>>;
    try {
      answer = await route.handle({ viewer, params, scope });
    } catch (error) {
      if (error instanceof DomainError) throw new HttpProblem(ROUTE_STATUS[error.code] ?? 400, error.code, error.message);
      throw error;
    }
    res.statusCode = 200;
    res.setHeader('content-type', answer.contentType);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-content-type-options', 'nosniff');
    if (answer.filename) res.setHeader('content-disposition', `attachment; filename="${answer.filename.replace(/[^\w.-]/g, '_')}"`);
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  }
}

/** The path and query of a request. */
interface RequestTarget {
  pathname: string;
  /** `?…` or ''. */
  search: string;
}

/**
 * Splits an origin-form request target (`/graphql?x=1`) at its `?` without a URL parse (a WHATWG
 * URL per request costs more than the rest of this handler's own work); anything else — dot
 * segments, the absolute form a proxy may send — goes through `URL` as before.
 */
function requestTarget(raw: string | undefined): RequestTarget {
  const target = raw ?? '/';
  if (target.startsWith('/') && !target.startsWith('//') && !target.includes('/.') && !target.includes('\\') && !target.includes('#')) {
    const query = target.indexOf('?');
    if (query === -1) return { pathname: target, search: '' };
    const search = target.slice(query);
    return { pathname: target.slice(0, query), search: search === '?' ? '' : search };
  }
  const url = new URL(target, 'http://gateway');
  return { pathname: url.pathname, search: url.search };
}

/** The token of an `Authorization: Bearer …` header, or ''. */
function bearerOf(authorization: string | undefined): string {
  return /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1] ?? '';
}

/** Compares a presented secret without telling a timing attacker how much of it matched. */
function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Notes the codes of an answer the gateway wrote itself into the request's record. */
function noteCodes(record: RequestRecord | undefined, errors: { extensions?: Record<string, unknown> }[]): void {
  if (!record) return;
  for (const error of errors) if (typeof error.extensions?.code === 'string') recordErrorCode(record, error.extensions.code);
}

/** Request headers a browser client may send cross-origin. */
const CORS_ALLOWED_HEADERS = 'authorization, content-type, accept, x-channel, x-request-id, apollo-require-preflight';
/** How long a browser may cache a preflight answer, in seconds. */
const CORS_MAX_AGE_SECONDS = '600';

/**
 * CORS for the configured origins: an allowed origin gets its own origin back with credentials
 * allowed; any other origin gets no CORS header (the browser then refuses to read the answer).
 * @returns true when the request was a preflight (OPTIONS), answered here with 204
 */
function applyCors(req: IncomingMessage, res: ServerResponse, allowed: ReadonlySet<string>): boolean {
  const origin = header(req, 'origin');
  if (allowed.size > 0) res.setHeader('vary', 'origin');
  const allow = origin !== undefined && allowed.has(origin);
  if (allow) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('access-control-expose-headers', 'x-request-id');
  }
  if (req.method !== 'OPTIONS') return false;
  if (allow) {
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-allow-headers', CORS_ALLOWED_HEADERS);
    res.setHeader('access-control-max-age', CORS_MAX_AGE_SECONDS);
  }
  res.setHeader('allow', 'GET, POST, OPTIONS');
  res.statusCode = 204;
  res.end();
  return true;
}

/**
 * The viewer behind an `Authorization: Bearer …` header; anonymous without one.
 * @throws HttpProblem 401 UNAUTHENTICATED for any token that is not valid now
 */
async function viewerFrom(authorization: string | undefined, auth: GatewayAuth): Promise<Viewer> {
  if (!authorization) return { kind: 'anonymous' };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw new HttpProblem(401, 'UNAUTHENTICATED', 'Authorization must be "Bearer <access token>".');
  try {
    return await auth.authenticate(match[1]!);
  } catch (error) {
    if (error instanceof UnauthenticatedError) throw new HttpProblem(401, 'UNAUTHENTICATED', error.message);
    throw error;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Reads a JSON body up to `maxBytes`. Non-JSON content types are passed to Apollo as they are so
 * that it answers them with its own standard errors.
 * @throws HttpProblem 413 when the body is larger than `maxBytes`, 400 when it is not valid JSON
 */
async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    throw new HttpProblem(413, 'PAYLOAD_TOO_LARGE', `The request body is over ${maxBytes} bytes.`);
  }
  const text = await readBody(req, maxBytes);
  const contentType = req.headers['content-type'] ?? '';
  if (!/^application\/(graphql-response\+)?json\b/i.test(contentType) || text === '') return text;
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpProblem(400, 'BAD_REQUEST', 'The request body is not valid JSON.');
  }
}

/**
 * The whole body as text, from 'data' events: a stream's async iterator costs several promises
 * per chunk, and most bodies are one chunk.
 * @throws HttpProblem 413 as soon as more than `maxBytes` have arrived (the rest is drained)
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.resume();
        reject(new HttpProblem(413, 'PAYLOAD_TOO_LARGE', `The request body is over ${maxBytes} bytes.`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(new HttpProblem(400, 'BAD_REQUEST', 'The request body ended early.'));
    });
  });
}

/**
 * Codes of a well-formed GraphQL-over-HTTP request that GraphQL itself refused before executing:
 * the document does not parse or validate (our query limits are validation rules), the operation
 * name matches nothing, or the variables do not coerce.
 */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'QUERY_TOO_COMPLEX',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_USER_INPUT',
]);

/**
 * The status of an answer sent as `application/json` (legacy clients that did not ask for
 * `application/graphql-response+json`): GraphQL over HTTP says a server SHOULD answer parse,
 * validation and variable-coercion failures of a well-formed request with 200 there, because an
 * intermediary may replace a 4xx body, and the client reads the errors from the body anyway.
 * Every other failure (bad method, bad body, CSRF, 401) keeps its 4xx; so does every answer in
 * `application/graphql-response+json`, where the status carries the meaning.
 */
function legacyJsonStatus(status: number, contentType: string | undefined, body: string): number {
  if (status !== 400 || !contentType || !/^application\/json\b/i.test(contentType)) return status;
  try {
    const parsed = JSON.parse(body) as { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
    if (parsed.data !== undefined || !Array.isArray(parsed.errors) || parsed.errors.length === 0) return status;
    const requestErrors = parsed.errors.every((error) => REQUEST_ERROR_CODES.has(String(error.extensions?.code)));
    return requestErrors ? 200 : status;
  } catch {
    return status;
  }
}

/**
 * Errors Apollo answers before an operation runs (its CSRF prevention, a bad method or body) carry no
 * request id; every error a client sees must. Only error responses come through here.
 */
function withRequestId(body: string, requestId: string, record: RequestRecord | undefined): string {
  try {
    const parsed = JSON.parse(body) as { errors?: { extensions?: Record<string, unknown> }[] };
    if (!Array.isArray(parsed.errors)) return body;
    noteCodes(record, parsed.errors);
    for (const error of parsed.errors) error.extensions = { ...error.extensions, requestId };
    return JSON.stringify(parsed);
  } catch {
    return body;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.end(JSON.stringify(body));
}

/** An error in the GraphQL response shape, so clients handle every failure the same way. */
function sendError(res: ServerResponse, status: number, code: string, message: string, requestId: string, record?: RequestRecord): void {
  if (status === 401 && !res.hasHeader('www-authenticate')) res.setHeader('www-authenticate', 'Bearer error="invalid_token"');
  noteCodes(record, [{ extensions: { code } }]);
  sendJson(res, status, { errors: [{ message, extensions: { code, requestId } }] });
}
