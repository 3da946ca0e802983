import type { FaultInput } from './lib/faults.js';
import { DEFAULT_SEED, makeWorld, type World } from './data/world.js';

/** Options every `make<Backend>Mock` factory accepts. */
export interface BackendMockOptions {
  /** Shared data world; when omitted one is built from `seed`. */
  world?: World;
  /** Seed of the data world and of the fault stream. @default 42 */
  seed?: number;
  /** Initial fault configuration. @default healthy */
  faults?: FaultInput;
  /** Clock for writes (posting times, message times). @default () => new Date() */
  now?: () => Date;
}

/** The world to serve: the given one, or a new one for the seed. */
export function resolveWorld(options: BackendMockOptions): World {
  return options.world ?? makeWorld(options.seed ?? DEFAULT_SEED);
}

/** A monotonically numbered id such as `TRF-00000001`. */
export function makeIdSequence(prefix: string, width = 8): () => string {
  let next = 0;
  return () => {
    next += 1;
    return `${prefix}-${String(next).padStart(width, '0')}`;
  };
}
