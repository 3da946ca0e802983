/**
 * What one operation did, gathered while it runs and written once to the access log and the
 * metrics when it ends: its name, the error codes it answered, the backend calls it made.
 *
 * The record travels in the request's scope (request-scope.ts) so that the shared backend client
 * (which knows nothing of requests) can count a call against the operation that made it, wherever it
 * is called from: a resolver, a DataLoader batch or a service.
 */

export interface RequestRecord {
  requestId: string;
  /** `operationName`, or the first root field when the operation has no name. */
  operation: string | undefined;
  /** query | mutation | subscription, once the document was resolved. */
  operationType: string | undefined;
  /** `extensions.code` of every error answered, in order, without repeats. */
  errorCodes: string[];
  /** Backend calls made for this operation (after retries: one per call). */
  backendCalls: number;
}

export function newRecord(requestId: string): RequestRecord {
  return { requestId, operation: undefined, operationType: undefined, errorCodes: [], backendCalls: 0 };
}

/** Adds an error code to a record (once). */
export function recordErrorCode(record: RequestRecord, code: string): void {
  if (!record.errorCodes.includes(code)) record.errorCodes.push(code);
}

/** `{ customer { … } }` → `(customer)`: the name given to an operation sent without one. */
export function firstRootField(operation: { selectionSet: { selections: readonly { kind: string; name?: { value: string } }[] } } | null | undefined): string | undefined {
  const first = operation?.selectionSet.selections.find((selection) => selection.kind === 'Field');
  return first?.name ? `(${first.name.value})` : undefined;
}
