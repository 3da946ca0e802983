import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';

/** HTTP methods the mocks route on. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a route handler sees of a request. */
export interface RouteRequest {
  method: string;
  path: string;
  /** Values of the `:param` segments, URL-decoded. */
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** Parsed JSON body, or `undefined` when the request had none. */
  body: unknown;
  headers: IncomingHttpHeaders;
}

/** A JSON answer: status, body (serialised with `JSON.stringify`) and extra headers. */
export interface JsonReply {
  status: number;
  body: unknown;
  headers?: Readonly<Record<string, string>>;
}

/** Handles one request; may be async. A thrown error becomes a 500 `INTERNAL_ERROR`. */
export type RouteHandler = (request: RouteRequest) => JsonReply | Promise<JsonReply>;

/** One route: `path` is literal segments plus `:name` segments (`/accounts/:accountId`). */
export interface Route {
  method: HttpMethod;
  path: string;
  handler: RouteHandler;
  /** For batch routes: the body field holding the ids, counted in the server's stats. */
  batchField?: string;
}

/** Outcome of matching a method and path against a route table. */
export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'not-found' };

/** Outcome of reading a request body. */
export type BodyResult =
  | { kind: 'empty' }
  | { kind: 'json'; value: unknown }
  | { kind: 'invalid'; reply: JsonReply };

/** Largest accepted request body; bigger bodies get 413 `PAYLOAD_TOO_LARGE`. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Builds a JSON reply. */
export function json(status: number, body: unknown, headers?: Record<string, string>): JsonReply {
  return headers === undefined ? { status, body } : { status, body, headers };
}

/** Builds the error shape every mock uses: `{ "error": { "code", "message" } }`. */
export function errorReply(status: number, code: string, message: string): JsonReply {
  return { status, body: { error: { code, message } } };
}

/** Writes a reply unless the client has already gone away. */
export function sendJson(res: ServerResponse, reply: JsonReply): void {
  if (res.destroyed || res.writableEnded) return;
  const payload = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    ...reply.headers,
  });
  res.end(payload);
}

/**
 * Reads a JSON request body of at most `limit` bytes. An oversized body is still drained (but
 * not kept) so the client receives the 413 instead of a broken pipe.
 */
export function readJsonBody(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (tooLarge) {
        resolve({
          kind: 'invalid',
          reply: errorReply(413, 'PAYLOAD_TOO_LARGE', `request body exceeds ${limit} bytes`),
        });
        return;
      }
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        resolve({ kind: 'empty' });
        return;
      }
      try {
        resolve({ kind: 'json', value: JSON.parse(text) as unknown });
      } catch {
        resolve({ kind: 'invalid', reply: errorReply(400, 'BAD_REQUEST', 'request body is not valid JSON') });
      }
    });
    // A client that disconnects mid-body never gets an answer; settle so nothing waits forever.
    req.on('error', () =>
      resolve({ kind: 'invalid', reply: errorReply(400, 'BAD_REQUEST', 'request body was interrupted') }),
    );
    req.on('close', () => {
      if (!req.complete) {
        resolve({ kind: 'invalid', reply: errorReply(400, 'BAD_REQUEST', 'request body was interrupted') });
      }
    });
  });
}

/**
 * Validates input with a zod schema.
 * @returns the parsed data, or a 400 `BAD_REQUEST` reply naming the first problem.
 */
export function parseInput<T>(
  schema: z.ZodType<T>,
  value: unknown,
): { ok: true; data: T } | { ok: false; reply: JsonReply } {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, reply: errorReply(400, 'BAD_REQUEST', `${where}${issue?.message ?? 'invalid input'}`) };
}

interface CompiledRoute {
  route: Route;
  segments: string[];
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i += 1) {
    const expected = pattern[i] ?? '';
    const value = actual[i] ?? '';
    if (expected.startsWith(':')) {
      try {
        params[expected.slice(1)] = decodeURIComponent(value);
      } catch {
        return null;
      }
    } else if (expected !== value) {
      return null;
    }
  }
  return params;
}

/** A route table that matches requests and runs handlers. */
export interface Router {
  /** Finds the route for a method and path. */
  match(method: string, path: string): RouteMatch;
  /**
   * Turns a match plus a read body into a reply: 404 `NOT_FOUND`, 405 `METHOD_NOT_ALLOWED`,
   * the body's 400/413, or whatever the handler answers (500 `INTERNAL_ERROR` if it throws).
   */
  dispatch(match: RouteMatch, body: BodyResult, req: IncomingMessage, url: URL): Promise<JsonReply>;
  /** Reads, routes and answers one request end to end. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** Compiles a route table. Literal segments may contain `:` (`/accounts:batch`); only a leading `:` makes a parameter. */
export function makeRouter(routes: readonly Route[]): Router {
  const compiled: CompiledRoute[] = routes.map((route) => ({ route, segments: splitPath(route.path) }));

  const match = (method: string, path: string): RouteMatch => {
    const actual = splitPath(path);
    const allow: string[] = [];
    for (const candidate of compiled) {
      const params = matchSegments(candidate.segments, actual);
      if (params === null) continue;
      if (candidate.route.method === method) return { kind: 'found', route: candidate.route, params };
      allow.push(candidate.route.method);
    }
    return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
  };

  const dispatch = async (
    found: RouteMatch,
    body: BodyResult,
    req: IncomingMessage,
    url: URL,
  ): Promise<JsonReply> => {
    const method = req.method ?? 'GET';
    if (found.kind === 'not-found') {
      return errorReply(404, 'NOT_FOUND', `no route for ${method} ${url.pathname}`);
    }
    if (found.kind === 'method-not-allowed') {
      return {
        ...errorReply(405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${url.pathname}`),
        headers: { allow: found.allow.join(', ') },
      };
    }
    if (body.kind === 'invalid') return body.reply;
    try {
      return await found.route.handler({
        method,
        path: url.pathname,
        params: found.params,
        query: url.searchParams,
        body: body.kind === 'json' ? body.value : undefined,
        headers: req.headers,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return errorReply(500, 'INTERNAL_ERROR', message);
    }
  };

  return {
    match,
    dispatch,
    async handle(req, res) {
      const url = requestUrl(req);
      const body = await readJsonBody(req);
      sendJson(res, await dispatch(match(req.method ?? 'GET', url.pathname), body, req, url));
    },
  };
}

/** Parses the request target; the host part is irrelevant to routing. */
export function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://mock.invalid');
  } catch {
    return new URL('/', 'http://mock.invalid');
  }
}
