/**
 * Turns a module's event stream into a subscription iterator that ends at once when the client
 * leaves: `return()` aborts the signal the stream was started with, then closes it. The stream
 * starts lazily on the first `next()`, so an authorization refusal surfaces as that result's
 * error (a DomainError, or mapped by `mapErrors`), not as a crash.
 */
export function eventSubscription<T>(
  start: (signal: AbortSignal) => Promise<AsyncIterableIterator<T>> | AsyncIterableIterator<T>,
  mapErrors: <R>(work: () => Promise<R>) => Promise<R> = (work) => work(),
): AsyncIterableIterator<T> {
  const abort = new AbortController();
  let inner: Promise<AsyncIterableIterator<T>> | undefined;
  const source = () => (inner ??= Promise.resolve().then(() => start(abort.signal)));
  const iterator: AsyncIterableIterator<T> = {
    next: () => mapErrors(async () => (await source()).next()),
    return: async () => {
      abort.abort();
      // Refused at start (FORBIDDEN, NOT_FOUND): there is nothing to close.
      await (await source().catch(() => undefined))?.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
