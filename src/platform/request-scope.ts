/**
 * What a request hands to every backend call it makes: its time budget (budget.ts), its record
 * (observability/request-record.ts) and, for reads that may be cancelled, an abort signal.
 *
 * The scope is passed explicitly — `ctx.scope` to a service, the service on to the port it calls,
 * the port to the shared backend client — not through an AsyncLocalStorage. On Node 20 any
 * AsyncLocalStorage in use makes Node run a hook on every promise the process creates, and a
 * GraphQL request creates a few hundred: carrying the budget implicitly cost about a seventh of
 * the customer view's CPU (bench/README.md). A call made without a scope is background work (a
 * sweep, a worker, a subscription's event stream): no budget, counted against no request.
 */
import type { Budget } from './budget.js';
import type { RequestRecord } from './observability/request-record.js';

export interface CallScope {
  /** What the operation may still spend; none for background work. */
  readonly budget?: Budget | undefined;
  /** The operation's record: each backend call is counted on it and logged with its request id. */
  readonly record?: RequestRecord | undefined;
  /** Aborted when the caller gives up: cancels the call in flight. */
  readonly signal?: AbortSignal | undefined;
}

/** The scope of background work: no budget, no request. */
export const BACKGROUND: CallScope = Object.freeze({});
