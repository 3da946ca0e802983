/**
 * Batch reads: every backend answers `POST /<resource>:batch` with `{ "<idsField>": [...] }` by
 * `{ "results": [...] }`, one entry per id in input order, `null` for an unknown id.
 */
import { z } from 'zod';
import { UpstreamError } from '../platform/errors.js';
import type { CallScope } from '../platform/request-scope.js';
import type { BackendClient } from './backend-client.js';

/** Most ids a backend accepts in one batch call; longer lists are split. */
export const MAX_BATCH_SIZE = 500;

export interface BatchReadOptions<T> {
  /** The request's budget, record and signal (request-scope.ts); none for background work. */
  scope?: CallScope | undefined;
  /**
   * Whether an answer really is the one for `id`. A backend that answers in another order would
   * otherwise hand one customer's data to another, so a mismatch is UPSTREAM_INVALID.
   */
  belongsTo?: (value: T, id: string) => boolean;
}

// zod compiles a validator per schema object: build each batch wrapper once, not per call.
const batchSchemas = new WeakMap<z.ZodType, z.ZodType>();
function batchSchema<S extends z.ZodType>(item: S) {
  let schema = batchSchemas.get(item);
  if (!schema) {
    schema = z.object({ results: z.array(item.nullable()) });
    batchSchemas.set(item, schema);
  }
  return schema as z.ZodObject<{ results: z.ZodArray<z.ZodNullable<S>> }>;
}

/**
 * Reads many things by id in as few calls as the batch limit allows (one per
 * {@link MAX_BATCH_SIZE} ids, sent in parallel). Batch reads change nothing, so they are retried.
 *
 * @returns one entry per id, aligned with `ids`; `null` where the backend knows no such id
 * @throws UpstreamError when a call fails, or an answer has the wrong shape, length or ids
 */
export async function readBatch<S extends z.ZodType>(
  client: BackendClient,
  path: string,
  idsField: string,
  ids: readonly string[],
  item: S,
  options: BatchReadOptions<z.output<S>> = {},
): Promise<Array<z.output<S> | null>> {
  if (ids.length === 0) return [];
  const schema = batchSchema(item);
  const readChunk = async (chunk: readonly string[]): Promise<Array<z.output<S> | null>> => {
    const body = await client.post(path, { [idsField]: chunk }, schema, { idempotent: true, scope: options.scope });
    const results = body.results as Array<z.output<S> | null>;
    if (results.length !== chunk.length) {
      throw new UpstreamError('UPSTREAM_INVALID', client.name, `POST ${path}: ${results.length} results for ${chunk.length} ids`);
    }
    if (options.belongsTo) {
      const belongsTo = options.belongsTo;
      const stray = results.findIndex((value, i) => value !== null && !belongsTo(value, chunk[i] as string));
      if (stray !== -1) {
        throw new UpstreamError('UPSTREAM_INVALID', client.name, `POST ${path}: result ${stray} is not the one for id ${chunk[stray]}`);
      }
    }
    return results;
  };
  // Nearly every read fits one call: no chunk list, no Promise.all.
  if (ids.length <= MAX_BATCH_SIZE) return readChunk(ids);
  const chunks: string[][] = [];
  for (let start = 0; start < ids.length; start += MAX_BATCH_SIZE) {
    chunks.push(ids.slice(start, start + MAX_BATCH_SIZE));
  }
  return (await Promise.all(chunks.map(readChunk))).flat();
}
