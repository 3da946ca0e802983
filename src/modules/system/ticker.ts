/**
 * An async iterator that yields `now()` at once and then every `intervalMs`, and stops cleanly the
 * moment its consumer calls `return()` (an unsubscribing or disconnecting client): no timer is left
 * behind, unlike an async generator, whose `return()` waits for a pending sleep to finish.
 */
export function ticker(intervalMs: number, now: () => Date = () => new Date()): AsyncIterableIterator<Date> {
  let timer: NodeJS.Timeout | undefined;
  let wake: ((result: IteratorResult<Date>) => void) | undefined;
  let done = false;
  let first = true;
  const finish = (): Promise<IteratorResult<Date>> => {
    done = true;
    clearTimeout(timer);
    wake?.({ value: undefined, done: true });
    wake = undefined;
    return Promise.resolve({ value: undefined, done: true });
  };
  return {
    next() {
      if (done) return Promise.resolve({ value: undefined, done: true });
      if (first) {
        first = false;
        return Promise.resolve({ value: now(), done: false });
      }
      return new Promise((resolve) => {
        wake = resolve;
        timer = setTimeout(() => {
          wake = undefined;
          resolve({ value: now(), done: false });
        }, intervalMs);
      });
    },
    return: finish,
    throw: (error?: unknown) => {
      void finish();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
