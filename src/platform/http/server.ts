/**
 * The gateway's HTTP server before and after the application is loaded.
 *
 * `bindServer` needs only node:http: `main.ts` binds the port with it right after reading the
 * configuration, so a busy port is reported in well under a second, and load balancers see a
 * live (`/healthz` 200) but not yet ready (`/readyz` 503) instance while the rest starts.
 * The application then takes the requests over with `setListener`.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listening HTTP server whose request handler is swapped in once the application is ready. */
export interface BoundServer {
  server: Server;
  /** The port actually bound (the configured one, or a free one for PORT=0). */
  port: number;
  /** Sends every request from now on to `listener`. */
  setListener(listener: RequestListener): void;
}

/** The port cannot be bound; `message` names the variable (PORT or HOST) and says why. */
export class ListenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ListenError';
  }
}

/**
 * Binds `host:port`; until `setListener` is called, `/healthz` answers 200, `/readyz` 503 and
 * everything else 503 with `retry-after: 1`.
 * @throws ListenError when the port is in use, not permitted or the host is not on this machine.
 */
export async function bindServer(options: { host: string; port: number }): Promise<BoundServer> {
  let current: RequestListener = startingListener;
  const server = createServer((req, res) => current(req, res));
  await listen(server, options.port, options.host);
  return {
    server,
    port: (server.address() as AddressInfo).port,
    setListener: (listener) => {
      current = listener;
    },
  };
}

function startingListener(req: IncomingMessage, res: ServerResponse): void {
  const path = (req.url ?? '/').split('?')[0];
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  if (path === '/healthz') {
    res.statusCode = 200;
    res.end(JSON.stringify({ status: 'starting' }));
    return;
  }
  res.statusCode = 503;
  res.setHeader('retry-after', '1');
  if (path === '/readyz') {
    res.end(JSON.stringify({ ready: false, starting: true }));
    return;
  }
  res.end(JSON.stringify({ errors: [{ message: 'The gateway is starting; try again in a moment.', extensions: { code: 'STARTING' } }] }));
}

/** `server.listen` as a promise, with a one-line reason instead of an errno stack. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      const badHost = error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND';
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${port} on ${host} is already in use`
          : error.code === 'EACCES'
            ? `no permission to listen on port ${port}`
            : badHost
              ? `address ${host} is not available on this machine`
              : error.message;
      reject(new ListenError(`${badHost ? 'HOST' : 'PORT'}: cannot listen: ${reason}`, { cause: error }));
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

export function formatHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
