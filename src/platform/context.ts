/**
 * The request context: created once per HTTP request and once per WebSocket operation.
 * Everything a resolver may touch arrives through it; nothing is shared between viewers except
 * the process-wide handles (database, backend clients).
 */
import { randomUUID } from 'node:crypto';
import { GraphQLError } from 'graphql';
import type { Backends } from '../adapters/backends.js';
import { createLoaders, type Loaders } from '../adapters/loaders.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Logger } from './logger.js';
import { BACKGROUND, type CallScope } from './request-scope.js';

/**
 * The modules' use cases as resolvers reach them (`ctx.services.loans`). Declared empty here and
 * filled in by the composition root (`src/modules/services.ts` augments it), so that the platform
 * imports no module.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface Services {}

/** Every channel the bank serves through the gateway. */
export const CHANNELS = ['APP', 'MINI_PROGRAM', 'WEB', 'PARTNER', 'BRANCH', 'STAFF'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The channel assumed when a client sends no `x-channel` header (a browser or an IDE). */
export const DEFAULT_CHANNEL: Channel = 'WEB';

export const STAFF_ROLES = ['TELLER', 'REVIEWER', 'RISK_OFFICER', 'OPS_ANALYST', 'ADMIN', 'EXPERT_REVIEWER', 'FEEDBACK_OFFICER'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Scopes a partner may be granted by a customer's consent. */
export const PARTNER_SCOPES = ['profile:read', 'profile:pii', 'accounts:read'] as const;
export type PartnerScope = (typeof PARTNER_SCOPES)[number];

/**
 * Who is asking, established from a verified access token whose session (or consent) is live.
 * `tokenExpiresAt` lets long-lived connections end when the token does.
 */
export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'customer'; customerId: string; sessionId: string; sessionChannel: string; tokenExpiresAt: Date }
  | {
      kind: 'partner';
      partnerId: string;
      customerId: string;
      consentId: string;
      scopes: PartnerScope[];
      tokenExpiresAt: Date;
    }
  | { kind: 'staff'; staffId: string; roles: StaffRole[]; sessionId: string; tokenExpiresAt: Date };

export interface RequestContext {
  requestId: string;
  channel: Channel;
  viewer: Viewer;
  /** The caller's address, for throttling and security events. */
  clientAddress: string;
  services: Services;
  /** Per-request DataLoaders over the backends' batch reads: never shared between requests. */
  loaders: Loaders;
  /**
   * The operation's budget and record (request-scope.ts): pass it to every service or port call
   * that may reach a backend, so the call keeps to the budget and is counted against the operation.
   */
  scope: CallScope;
  log: Logger;
  db: Database;
  backends: Backends;
  config: Config;
}

/** Process-wide handles a context is built from. */
export interface ContextDeps {
  services: Services;
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

/**
 * The channel a request is served on. An anonymous caller declares it (`x-channel`); an
 * authenticated one is on the channel its token was issued for — a customer's session channel,
 * `PARTNER` for a partner token, `STAFF` for staff — whatever a header says. Limits and risk
 * rules read this, so a client cannot pick the laxer channel by changing a header.
 * @throws GraphQLError BAD_CHANNEL for an unknown declared value, CHANNEL_MISMATCH (HTTP 400)
 *   when a declared channel disagrees with the token's
 */
export function channelOf(viewer: Viewer, declared: string | undefined): Channel {
  const asked = parseChannel(declared);
  if (viewer.kind === 'anonymous') return asked;
  const own = viewer.kind === 'partner' ? 'PARTNER' : viewer.kind === 'staff' ? 'STAFF' : viewer.sessionChannel;
  if (!(CHANNELS as readonly string[]).includes(own)) {
    throw new GraphQLError('The access token names no known channel.', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
  if (declared !== undefined && declared !== '' && asked !== own) {
    throw new GraphQLError(`This access token was issued for the ${own} channel; x-channel says ${asked}.`, {
      extensions: { code: 'CHANNEL_MISMATCH', http: { status: 400 } },
    });
  }
  return own as Channel;
}

/** Whose grants a revocation names, on every instance: `CUSTOMER:C000001`, `STAFF:S0001`. */
export function grantSubject(kind: 'CUSTOMER' | 'STAFF', id: string): string {
  return `${kind}:${id}`;
}

/** A request id: the caller's `x-request-id` when it looks sane, otherwise a new UUID. */
export function requestIdFrom(header: string | undefined): string {
  return header && /^[A-Za-z0-9._:-]{8,128}$/.test(header) ? header : randomUUID();
}

/** What one request brings to its context. */
interface RequestInfo {
  requestId: string;
  channel: Channel;
  viewer: Viewer;
  clientAddress: string;
  /** Its budget and record; none (no budget) when the transport gives none. */
  scope?: CallScope;
}

export function createContext(deps: ContextDeps, request: RequestInfo): RequestContext {
  return new Context(deps, request);
}

/**
 * The context's logger child (request id and channel bound) is made on first use: most requests
 * log nothing, and a pino child with redaction costs more than the rest of the context.
 * No `#private` fields: Apollo copies the context's own properties onto an object with the same
 * prototype (`cloneObject`), and a private field would not come along.
 */
class Context implements RequestContext {
  readonly requestId: string;
  readonly channel: Channel;
  readonly viewer: Viewer;
  readonly clientAddress: string;
  readonly services: Services;
  readonly loaders: Loaders;
  readonly scope: CallScope;
  readonly db: Database;
  readonly backends: Backends;
  readonly config: Config;
  private requestLog: Logger | undefined;
  private readonly rootLog: Logger;

  constructor(deps: ContextDeps, request: RequestInfo) {
    this.requestId = request.requestId;
    this.channel = request.channel;
    this.viewer = request.viewer;
    this.clientAddress = request.clientAddress;
    this.services = deps.services;
    this.scope = request.scope ?? BACKGROUND;
    this.loaders = createLoaders(deps.backends, this.scope);
    this.db = deps.db;
    this.backends = deps.backends;
    this.config = deps.config;
    this.rootLog = deps.log;
  }

  get log(): Logger {
    return (this.requestLog ??= this.rootLog.child({ requestId: this.requestId, channel: this.channel }));
  }
}
