/**
 * Expected failures of a backend call, as values: a port method that can be refused for a reason
 * the caller must handle (insufficient funds, a reused idempotency key, …) returns a `Result`
 * instead of throwing. Only what nobody can handle (the backend is down, slow or talks nonsense)
 * is thrown, as an `UpstreamError`.
 */
import { BackendRejection } from './backend-client.js';

/** The outcome of a call the backend may refuse with one of the codes `C`. */
export type Result<T, C extends string> =
  | { ok: true; value: T }
  | {
      ok: false;
      code: C;
      /** The backend's own words, for the log; may name fields, never shown to customers as is. */
      message: string;
    };

/**
 * Makes a backend call that expects the refusals listed in `codes` (the client is told, so any
 * other 4xx is UPSTREAM_INVALID) and turns them into failure values.
 *
 * @param call makes the call, passing `refusals` on to the client's request options
 * @param codes the backend's error code → the port's failure code
 * @throws UpstreamError when the backend failed, throttled, or answered what was not expected
 */
export async function refusalsAsResults<T, C extends string>(
  call: (refusals: readonly string[]) => Promise<T>,
  codes: Readonly<Record<string, C>>,
): Promise<Result<T, C>> {
  try {
    return { ok: true, value: await call(Object.keys(codes)) };
  } catch (error) {
    const code = error instanceof BackendRejection && error.code !== undefined ? codes[error.code] : undefined;
    if (code === undefined) throw error;
    return { ok: false, code, message: (error as BackendRejection).message };
  }
}

/**
 * Makes a read and answers `null` when the backend says it does not know the thing asked for.
 * @throws UpstreamError (any other 4xx is UPSTREAM_INVALID)
 */
export async function nullWhenNotFound<T>(call: (refusals: readonly string[]) => Promise<T>, notFoundCode: string): Promise<T | null> {
  try {
    return await call([notFoundCode]);
  } catch (error) {
    if (error instanceof BackendRejection && error.status === 404 && error.code === notFoundCode) return null;
    throw error;
  }
}
