/**
 * The one AsyncLocalStorage a request runs in: its time budget (budget.ts) and its record
 * (observability/request-record.ts) ride together.
 *
 * Why one: while any AsyncLocalStorage is in use, Node runs a hook for every promise created, and
 * that hook copies each storage's value onto the new promise. A GraphQL request creates a few
 * hundred promises (Apollo's pipeline is async from end to end), so every extra storage is paid per
 * promise, not per request. budget.ts and request-record.ts keep their own functions
 * (`runWithBudget`, `currentRecord`, …) on top of this store.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Budget } from './budget.js';
import type { RequestRecord } from './observability/request-record.js';

export interface RequestScope {
  readonly budget: Budget | undefined;
  readonly record: RequestRecord | undefined;
}

export const requestScope = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` (and everything it starts) with both the request's budget and its record. */
export function runInRequest<T>(budget: Budget, record: RequestRecord, fn: () => T): T {
  return requestScope.run({ budget, record }, fn);
}

/** Runs `fn` with `change` applied to the current scope (the rest stays as it is). */
export function runWithScope<T>(change: Partial<RequestScope>, fn: () => T): T {
  const current = requestScope.getStore();
  return requestScope.run({ budget: current?.budget, record: current?.record, ...change }, fn);
}
