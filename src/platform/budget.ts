/**
 * One time budget per operation, shared by everything the operation does on the wire.
 *
 * A request gets a `Budget` when it arrives (HTTP: before its body is parsed; WebSocket: when the
 * operation is subscribed) and carries it in its scope (request-scope.ts: `ctx.scope`, passed to
 * every service and port call that reaches a backend). The budget's length is set once the
 * operation's kind is known (a query gets `REQUEST_BUDGET_QUERY_MS`, a mutation
 * `REQUEST_BUDGET_MUTATION_MS`). The shared backend client reads it from the call's scope: each
 * attempt's timeout is the smaller of the backend's own timeout and what remains, a retry is made
 * only while enough remains, and a call made after the budget ran out fails at once with
 * UPSTREAM_TIMEOUT. A slow backend therefore costs an operation at most its budget; the fields it
 * feeds come back null.
 *
 * Work with no budget (start-up sweeps, workers, subscriptions' event streams) calls without a
 * scope and keeps the backends' per-attempt timeouts and retry counts.
 */

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
