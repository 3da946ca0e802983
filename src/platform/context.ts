/**
 * The request context: created once per HTTP request and once per WebSocket operation.
 * Everything a resolver may touch arrives through it; nothing is shared between viewers except
 * the process-wide handles (database, backend clients).
 */
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Backends } from '../adapters/backends.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Logger } from './logger.js';

/** Every channel the bank serves through the gateway. */
export const CHANNELS = ['APP', 'MINI_PROGRAM', 'WEB', 'PARTNER', 'BRANCH', 'STAFF'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The channel assumed when a client sends no `x-channel` header (a browser or an IDE). */
export const DEFAULT_CHANNEL: Channel = 'WEB';

/** Who is asking. Anonymous until the login issue adds customers, partners and staff. */
export type Viewer = { kind: 'anonymous' };

export interface RequestContext {
  requestId: string;
  channel: Channel;
  viewer: Viewer;
  log: Logger;
  db: Database;
  backends: Backends;
  config: Config;
}

/** Process-wide handles a context is built from. */
export interface ContextDeps {
  db: Database;
  backends: Backends;
  config: Config;
  log: Logger;
}

/**
 * Reads the channel a client declared.
 * @throws GraphQLError BAD_CHANNEL (HTTP 400) for a value that is not a known channel
 */
export function parseChannel(value: string | undefined): Channel {
  if (value === undefined || value === '') return DEFAULT_CHANNEL;
  const channel = value.trim().toUpperCase();
  if ((CHANNELS as readonly string[]).includes(channel)) return channel as Channel;
  throw new GraphQLError(
    `Unknown channel "${value.slice(0, 40)}": x-channel must be one of ${CHANNELS.join(', ')}.`,
    { extensions: { code: 'BAD_CHANNEL', http: { status: 400 } } },
  );
}

/** A request id: the caller's `x-request-id` when it looks sane, otherwise a new UUID. */
export function requestIdFrom(header: string | undefined): string {
  return header && /^[A-Za-z0-9._:-]{8,128}$/.test(header) ? header : randomUUID();
}

export function createContext(
  deps: ContextDeps,
  request: { requestId: string; channel: Channel },
): RequestContext {
  return {
    requestId: request.requestId,
    channel: request.channel,
    viewer: { kind: 'anonymous' },
    log: deps.log.child({ requestId: request.requestId, channel: request.channel }),
    db: deps.db,
    backends: deps.backends,
    config: deps.config,
  };
}
