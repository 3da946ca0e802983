import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { decideFault, HEALTHY_FAULTS, parseFaultConfig, type FaultConfig, type FaultInput } from './faults.js';
import { mulberry32, seedFrom } from './random.js';
import {
  errorReply,
  json,
  makeRouter,
  readJsonBody,
  requestUrl,
  sendJson,
  type BodyResult,
  type Route,
  type RouteMatch,
} from './router.js';

/** Call counters of one mock backend (admin calls are not counted). */
export interface MockStats {
  /** Every non-admin call received, faulted ones included. */
  total: number;
  /** Calls per route, keyed `"<METHOD> <route pattern>"`, or `"<METHOD> <path>"` when no route matched. */
  byRoute: Record<string, number>;
  /** Sum of the ids asked for across batch calls. */
  idsRequested: number;
}

/** A running (or runnable) mock backend. */
export interface MockServer {
  /** Backend name, as reported by `GET /health`. */
  readonly name: string;
  /**
   * Starts listening.
   * @param port `0` (default) picks a free port.
   * @param host defaults to `127.0.0.1`.
   * @returns the base URL, e.g. `http://127.0.0.1:4100`.
   * @throws when already listening or the port is taken.
   */
  listen(port?: number, host?: string): Promise<string>;
  /** Stops listening and destroys every open socket, held (timeout-faulted) requests included. */
  close(): Promise<void>;
  /**
   * Replaces the fault configuration; omitted fields take their defaults.
   * @throws Error when the configuration is invalid.
   */
  setFaults(faults: FaultInput): FaultConfig;
  /** The current fault configuration. */
  getFaults(): FaultConfig;
  /** A snapshot of the call counters. */
  stats(): MockStats;
  /** Zeroes the call counters. */
  resetStats(): void;
}

/** Options of {@link makeMockServer}. */
export interface MockServerOptions {
  /** Backend name, e.g. `"credit-bureau"`. */
  name: string;
  /** Business routes; `GET /health` is added automatically. */
  routes: readonly Route[];
  /** Extra admin routes; their paths must start with `/__admin/`. Never faulted or counted. */
  adminRoutes?: readonly Route[];
  /**
   * Initial fault configuration.
   * @throws Error (from the factory) when invalid.
   * @default healthy
   */
  faults?: FaultInput;
  /** Seeds the stream behind `errorRate` and `jitterMs`. @default 42 */
  seed?: number;
}

function emptyStats(): MockStats {
  return { total: 0, byRoute: {}, idsRequested: 0 };
}

function validFaults(input: FaultInput): FaultConfig {
  const parsed = parseFaultConfig(input);
  if (!parsed.ok) throw new Error(`invalid fault configuration: ${parsed.message}`);
  return parsed.config;
}

function countedIds(match: RouteMatch, body: BodyResult): number {
  if (match.kind !== 'found' || match.route.batchField === undefined || body.kind !== 'json') return 0;
  const value = body.value;
  if (typeof value !== 'object' || value === null) return 0;
  const ids = (value as Record<string, unknown>)[match.route.batchField];
  return Array.isArray(ids) ? ids.length : 0;
}

/** A truncated document: parses as the start of a batch answer, then stops. */
const MALFORMED_BODY = '{"results": [';

/**
 * Builds a mock backend on node:http with fault injection, call statistics and an admin API
 * (`/__admin/faults`, `/__admin/stats`, plus `adminRoutes`).
 * @throws Error when `faults` is invalid.
 */
export function makeMockServer(options: MockServerOptions): MockServer {
  const { name } = options;
  let faults: FaultConfig = validFaults(options.faults ?? {});
  let counters = emptyStats();
  const random = mulberry32(seedFrom(options.seed ?? 42, name, 'faults'));
  let shutdown = new AbortController();
  /** The W3C `traceparent` of the last requests that carried one (newest last), for tracing tests. */
  const traceparents: string[] = [];

  const healthRoute: Route = {
    method: 'GET',
    path: '/health',
    handler: () => json(200, { status: 'ok', backend: name }),
  };
  const router = makeRouter([healthRoute, ...options.routes]);

  const adminRouter = makeRouter([
    { method: 'GET', path: '/__admin/faults', handler: () => json(200, faults) },
    {
      method: 'PUT',
      path: '/__admin/faults',
      handler: ({ body }) => {
        const parsed = parseFaultConfig(body);
        if (!parsed.ok) return errorReply(400, 'BAD_REQUEST', parsed.message);
        faults = parsed.config;
        return json(200, faults);
      },
    },
    {
      method: 'DELETE',
      path: '/__admin/faults',
      handler: () => {
        faults = { ...HEALTHY_FAULTS };
        return json(200, faults);
      },
    },
    { method: 'GET', path: '/__admin/stats', handler: () => json(200, snapshot()) },
    { method: 'GET', path: '/__admin/traceparents', handler: () => json(200, { traceparents }) },
    {
      method: 'DELETE',
      path: '/__admin/stats',
      handler: () => {
        counters = emptyStats();
        return json(200, snapshot());
      },
    },
    ...(options.adminRoutes ?? []),
  ]);

  function snapshot(): MockStats {
    return { total: counters.total, byRoute: { ...counters.byRoute }, idsRequested: counters.idsRequested };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req);
    if (url.pathname === '/__admin' || url.pathname.startsWith('/__admin/')) {
      await adminRouter.handle(req, res);
      return;
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const traceparent = req.headers.traceparent;
    if (typeof traceparent === 'string') {
      traceparents.push(traceparent);
      if (traceparents.length > 100) traceparents.shift();
    }
    const body = await readJsonBody(req);
    const match = router.match(method, url.pathname);
    const routeKey = match.kind === 'found' ? `${match.route.method} ${match.route.path}` : `${method} ${url.pathname}`;
    counters.total += 1;
    counters.byRoute[routeKey] = (counters.byRoute[routeKey] ?? 0) + 1;
    counters.idsRequested += countedIds(match, body);

    const decision = decideFault(faults.routes.length === 0 || faults.routes.includes(routeKey) ? faults : HEALTHY_FAULTS, random);
    if (decision.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    // Held on purpose: the socket stays open until the client gives up or close() destroys it.
    if (decision.kind === 'hold') return;
    if (decision.delayMs > 0) {
      try {
        await sleep(decision.delayMs, undefined, { signal: shutdown.signal });
      } catch {
        return;
      }
    }
    if (decision.outcome === 'error') {
      const reply = errorReply(faults.errorStatus, 'INJECTED_FAULT', `${name}: injected fault (HTTP ${faults.errorStatus})`);
      if (faults.retryAfterSeconds !== null) reply.headers = { 'retry-after': String(faults.retryAfterSeconds) };
      sendJson(res, reply);
      return;
    }
    if (decision.outcome === 'malformed') {
      if (res.destroyed) return;
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(MALFORMED_BODY);
      return;
    }
    sendJson(res, await router.dispatch(match, body, req, url));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      sendJson(res, errorReply(500, 'INTERNAL_ERROR', message));
    });
  });

  return {
    name,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        if (server.listening) {
          reject(new Error(`${name} mock is already listening`));
          return;
        }
        shutdown = new AbortController();
        const onError = (error: Error): void => reject(error);
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`http://${shownHost}:${address.port}`);
        });
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        if (!server.listening) {
          resolve();
          return;
        }
        shutdown.abort();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
    setFaults(input) {
      faults = validFaults(input);
      return { ...faults };
    },
    getFaults: () => ({ ...faults }),
    stats: snapshot,
    resetStats() {
      counters = emptyStats();
    },
  };
}
