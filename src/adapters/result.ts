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
 * Awaits a backend call and turns the refusals listed in `codes` into failure values.
 *
 * @param codes the backend's error code → the port's failure code
 * @throws UpstreamError when the backend failed; BackendRejection for a refusal not listed
 *   (that is a bug in the gateway, masked as an internal error)
 */
export async function refusalsAsResults<T, C extends string>(
  call: Promise<T>,
  codes: Readonly<Record<string, C>>,
): Promise<Result<T, C>> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    const code = error instanceof BackendRejection && error.code !== undefined ? codes[error.code] : undefined;
    if (code === undefined) throw error;
    return { ok: false, code, message: (error as BackendRejection).message };
  }
}

/**
 * Awaits a read and answers `null` when the backend says it does not know the thing asked for.
 * @throws UpstreamError, or BackendRejection for any other refusal
 */
export async function nullWhenNotFound<T>(call: Promise<T>, notFoundCode: string): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof BackendRejection && error.status === 404 && error.code === notFoundCode) return null;
    throw error;
  }
}
