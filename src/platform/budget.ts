/**
 * One time budget per operation, shared by everything the operation does on the wire.
 *
 * A request gets a `Budget` when it arrives (HTTP: before its body is parsed) and runs inside it
 * (`runWithBudget`); the budget's length is set once the operation's kind is known (a query gets
 * `REQUEST_BUDGET_QUERY_MS`, a mutation `REQUEST_BUDGET_MUTATION_MS`). The shared backend client
 * reads the current budget (`currentBudget`) wherever it is called from — a resolver, a DataLoader
 * batch, a service — so no signature has to carry it: each attempt's timeout is the smaller of the
 * backend's own timeout and what remains, a retry is made only while enough remains, and a call
 * made after the budget ran out fails at once with UPSTREAM_TIMEOUT. A slow backend therefore costs
 * an operation at most its budget; the fields it feeds come back null.
 *
 * Work that must outlive the request (none is started today) runs in `outsideBudget`. Work with no
 * budget (start-up sweeps, subscriptions' event streams) keeps the backends' per-attempt timeouts and
 * retry counts.
 */
import { requestScope, runWithScope } from './request-scope.js';

/** What one operation may still spend; times from `performance.now()`. */
export class Budget {
  readonly startedAt: number;
  #deadline: number;

  /** @param totalMs the budget until `setTotal` says otherwise (the query budget) */
  constructor(totalMs: number, startedAt: number = performance.now()) {
    this.startedAt = startedAt;
    this.#deadline = startedAt + totalMs;
  }

  /** Sets the whole budget, counted from the request's arrival (not from now). */
  setTotal(totalMs: number): void {
    this.#deadline = this.startedAt + totalMs;
  }

  /** Milliseconds left; 0 once spent. */
  remainingMs(now: number = performance.now()): number {
    return Math.max(0, this.#deadline - now);
  }

  get totalMs(): number {
    return this.#deadline - this.startedAt;
  }
}

/** Runs `fn` (and everything it starts) within `budget` (the request's record stays). */
export function runWithBudget<T>(budget: Budget, fn: () => T): T {
  return runWithScope({ budget }, fn);
}

/** The budget of the operation this code runs for; undefined outside any operation. */
export function currentBudget(): Budget | undefined {
  return requestScope.getStore()?.budget;
}

/** Runs `fn` with no budget: for work that must not end when the request's time does. */
export function outsideBudget<T>(fn: () => T): T {
  return runWithScope({ budget: undefined }, fn);
}
