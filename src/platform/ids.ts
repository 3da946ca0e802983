/** Identifier checks shared by every module. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True for a UUID. Ids that reach a `uuid` column must pass this first: anything else would be a
 * database error, where the client should simply get "not found".
 */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** An idempotency key as clients send them: 8-128 letters, digits or `._:-`. */
export function isIdempotencyKey(value: string): boolean {
  return /^[A-Za-z0-9._:-]{8,128}$/.test(value);
}
