/** Relay global ids in tests: the `id` a client reads is opaque; rows and backends use local ids. */
import { fromGlobalId, toGlobalId } from '../../src/platform/graphql/relay.js';

/** The local id (customer number, account id, row uuid) behind a global id read from the API. */
export function localId(globalId: string): string {
  const parsed = fromGlobalId(globalId);
  if (!parsed) throw new Error(`not a global id: ${globalId}`);
  return parsed.localId;
}

/** The global id the API shows for the local id `id` of `typeName`. */
export const globalId = toGlobalId;
