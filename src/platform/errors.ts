/**
 * The gateway's error vocabulary and the one place that decides what a client may see of an error.
 *
 * Expected failures carry a stable `extensions.code`. Everything else is masked as
 * INTERNAL_SERVER_ERROR: no message, stack trace or SQL leaves the process; the log has them,
 * under the request id that the client also receives.
 */
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { BackendName } from './config.js';

/**
 * Codes of failures caused by a backend system:
 * - UPSTREAM_UNAVAILABLE: it failed (5xx, network, breaker open); retrying later may help.
 * - UPSTREAM_TIMEOUT: it did not answer within the request's budget; retrying later may help.
 * - UPSTREAM_THROTTLED: it asked the gateway to slow down (429) for longer than the request could
 *   wait; retry after `retryAfterSeconds` when given.
 * - UPSTREAM_INVALID: it answered something the gateway cannot accept (wrong shape, an unexpected
 *   4xx); retrying does not help until someone fixes one side.
 */
export type UpstreamErrorCode = 'UPSTREAM_UNAVAILABLE' | 'UPSTREAM_TIMEOUT' | 'UPSTREAM_THROTTLED' | 'UPSTREAM_INVALID';

/**
 * A backend failed, was too slow, or answered something we could not accept.
 * Thrown by adapters; the fields it feeds resolve to null with this code.
 */
export class UpstreamError extends Error {
  constructor(
    readonly code: UpstreamErrorCode,
    readonly backend: BackendName,
    /** For the log only: may name hosts or payload details. */
    readonly detail: string,
    options?: { cause?: unknown; retryAfterMs?: number | undefined },
  ) {
    super(`${backend}: ${code}: ${detail}`, options);
    this.name = 'UpstreamError';
    this.retryAfterMs = options?.retryAfterMs;
  }

  /** For UPSTREAM_THROTTLED: how long the backend asked us to wait, when it said. */
  readonly retryAfterMs: number | undefined;

  /** What a client is told: which system, never how it failed internally. */
  get publicMessage(): string {
    const what = BACKEND_LABELS[this.backend];
    switch (this.code) {
      case 'UPSTREAM_UNAVAILABLE':
        return `${what} is unavailable right now.`;
      case 'UPSTREAM_TIMEOUT':
        return `${what} did not answer in time.`;
      case 'UPSTREAM_THROTTLED':
        return `${what} is busy; try again shortly.`;
      case 'UPSTREAM_INVALID':
        return `${what} returned data the gateway could not accept.`;
      default:
        return assertUnreachable(this.code);
    }
  }
}

const BACKEND_LABELS: Record<BackendName, string> = {
  coreBanking: 'Core banking',
  crm: 'CRM',
  creditBureau: 'The credit bureau',
  risk: 'The risk platform',
  identity: 'Identity verification',
  businessRegistry: 'The business registry',
};

/**
 * An expected failure of a use case, with the stable `extensions.code` a client acts on and the
 * details it may see (e.g. `field`). Each module declares its codes once, as a union, and a
 * subclass: `class LoanError extends DomainError<LoanErrorCode> {}`. Being a GraphQLError, it
 * reaches the client as it is (no per-module mapping); `httpStatus` sets the status of an HTTP
 * answer that has no data (e.g. 401 for UNAUTHENTICATED).
 */
export class DomainError<C extends string = string> extends GraphQLError {
  constructor(
    readonly code: C,
    message: string,
    readonly details: Record<string, unknown> = {},
    httpStatus?: number,
  ) {
    super(message, { extensions: { code, ...details, ...(httpStatus ? { http: { status: httpStatus } } : {}) } });
    this.name = new.target.name;
  }
}

/** True when `error` is a DomainError with `code`. */
export function hasCode(error: unknown, code: string): error is DomainError {
  return error instanceof DomainError && error.code === code;
}

/** A bearer token that does not admit anyone now; the message is safe to show the client. */
export class UnauthenticatedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

/** Codes for queries refused by the gateway's limits. */
export type QueryLimit = 'depth' | 'fields' | 'aliases' | 'tokens';

/** A validation error raised by the gateway's query limits (see limits.ts). */
export class QueryLimitError extends GraphQLError {
  constructor(
    readonly limit: QueryLimit,
    message: string,
  ) {
    super(message, { extensions: { code: 'QUERY_TOO_COMPLEX', limit } });
  }
}

/** graphql-js' own wording when `parse` stops at `maxTokens`. */
// (graphql 16 spells it "more that"; accept both in case it is ever corrected.)
const TOKEN_LIMIT_MESSAGE = /Document contains more tha[nt] \d+ tokens/;
/** graphql-js' suggestions, which reveal schema names to a client that could not introspect. */
const SUGGESTION = / ?Did you mean .+\?$/;

export interface FormatOptions {
  /** Strip "Did you mean …?" suggestions (production). */
  hideSuggestions: boolean;
}

/**
 * Turns any error raised while serving an operation into what the client sees.
 * Used for HTTP (Apollo's `formatError`) and for WebSocket results alike.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: FormatOptions,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const { path, locations } = formatted;
  const where = { ...(locations ? { locations } : {}), ...(path ? { path } : {}) };
  if (original instanceof UpstreamError) {
    return {
      message: original.publicMessage,
      ...where,
      extensions: {
        code: original.code,
        backend: original.backend,
        ...(original.retryAfterMs !== undefined ? { retryAfterSeconds: Math.ceil(original.retryAfterMs / 1000) } : {}),
      },
    };
  }
  const limit = findLimitError(error);
  if (limit) {
    return { message: limit.message, ...where, extensions: { code: 'QUERY_TOO_COMPLEX', limit: limit.limit } };
  }
  // Thrown on purpose (resolvers, type-graphql, Apollo's parse/validation errors): keep it.
  if (original instanceof GraphQLError) {
    const extensions = { ...formatted.extensions };
    delete extensions.stacktrace;
    if (TOKEN_LIMIT_MESSAGE.test(formatted.message)) {
      return { message: formatted.message, ...where, extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'tokens' } };
    }
    const message = options.hideSuggestions
      ? formatted.message.replace(SUGGESTION, '')
      : formatted.message;
    return { message, ...where, extensions };
  }
  // Masked in every mode, development included: an unexpected error's message can carry SQL and its
  // parameters (usernames, ids). The log has it in full under the request id the client receives.
  return {
    message: 'Internal server error',
    ...where,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** True when an error is one that `formatError` masks (for logging it in full). */
export function isUnexpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  return !(original instanceof UpstreamError) && !(original instanceof GraphQLError);
}

function findLimitError(error: unknown): QueryLimitError | undefined {
  let current: unknown = error;
  for (let i = 0; i < 3 && current; i++) {
    if (current instanceof QueryLimitError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/** Makes a `switch` over a union exhaustive: a new member without a case does not compile. */
export function assertUnreachable(value: never): never {
  throw new Error(`unreachable: ${String(value)}`);
}
