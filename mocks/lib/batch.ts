import { z } from 'zod';
import { errorReply, json, parseInput, type Route } from './router.js';

/** Most ids one batch call may ask for; more is a 400 `BATCH_TOO_LARGE`. */
export const MAX_BATCH_SIZE = 500;

/**
 * Builds a `POST <path>` batch route: the body is `{ [field]: string[] }`, the answer
 * `{ "results": [...] }` aligned with the input, `null` where `load` knows no such id.
 * Duplicate ids are answered at every position they occur.
 */
export function batchRoute<T>(path: string, field: string, load: (id: string) => T | null): Route {
  const schema = z.object({ [field]: z.array(z.string().max(128)) });
  return {
    method: 'POST',
    path,
    batchField: field,
    handler: ({ body }) => {
      const ids: unknown = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
      if (Array.isArray(ids) && ids.length > MAX_BATCH_SIZE) {
        return errorReply(
          400,
          'BATCH_TOO_LARGE',
          `${field} holds ${ids.length} ids; at most ${MAX_BATCH_SIZE} are allowed per call`,
        );
      }
      const parsed = parseInput(schema, body);
      if (!parsed.ok) return parsed.reply;
      const list = parsed.data[field] as string[];
      return json(200, { results: list.map((id) => load(id)) });
    },
  };
}
