import { z } from 'zod';

/** How a faulted backend behaves; see the mocks README for the exact effect of each. */
export const FAULT_MODES = ['ok', 'down', 'timeout', 'error', 'malformed'] as const;

/** One of {@link FAULT_MODES}. */
export type FaultMode = (typeof FAULT_MODES)[number];

/** Complete fault configuration of one mock backend. */
export interface FaultConfig {
  mode: FaultMode;
  /** Fixed wait before answering, in every mode that answers. */
  delayMs: number;
  /** Extra uniform wait in [0, jitterMs). */
  jitterMs: number;
  /** Probability (0..1) that an otherwise healthy call is answered with `errorStatus`. */
  errorRate: number;
  /** Status of injected error answers (400–599). */
  errorStatus: number;
  /** Sent as `Retry-After` (seconds) with injected error answers; `null`: no such header. */
  retryAfterSeconds: number | null;
  /**
   * Routes the fault applies to, as `"<METHOD> <route pattern>"` (the keys of the stats'
   * `byRoute`); every other route answers normally. Empty (the default): every route.
   */
  routes: string[];
}

/** Fault configuration as accepted from callers: any field may be left out and takes its default. */
export type FaultInput = Partial<FaultConfig>;

/** The healthy configuration: mode ok, no delay, no errors. */
export const HEALTHY_FAULTS: Readonly<FaultConfig> = Object.freeze({
  mode: 'ok',
  delayMs: 0,
  jitterMs: 0,
  errorRate: 0,
  errorStatus: 503,
  retryAfterSeconds: null,
  routes: [],
});

/** Validates a fault configuration; unknown fields are rejected so typos do not pass silently. */
export const faultConfigSchema = z.strictObject({
  mode: z.enum(FAULT_MODES).default('ok'),
  delayMs: z.number().int().min(0).max(600_000).default(0),
  jitterMs: z.number().int().min(0).max(600_000).default(0),
  errorRate: z.number().min(0).max(1).default(0),
  errorStatus: z.number().int().min(400).max(599).default(503),
  retryAfterSeconds: z.number().int().min(0).max(3600).nullable().default(null),
  routes: z.array(z.string().regex(/^[A-Z]+ \/\S*$/, 'routes are "<METHOD> <route pattern>"')).max(50).default([]),
});

/**
 * Parses a (partial) fault configuration, filling defaults.
 * @returns the complete configuration, or a message describing the first problem.
 */
export function parseFaultConfig(input: unknown): { ok: true; config: FaultConfig } | { ok: false; message: string } {
  const result = faultConfigSchema.safeParse(input ?? {});
  if (result.success) return { ok: true, config: result.data };
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, message: `${where}${issue?.message ?? 'invalid fault configuration'}` };
}

/**
 * Reads a fault configuration from an environment variable holding JSON.
 * @returns `undefined` when the variable is unset or empty.
 * @throws Error naming the variable when its value is not valid JSON or not a valid configuration.
 */
export function faultsFromEnv(env: NodeJS.ProcessEnv, variable: string): FaultConfig | undefined {
  const raw = env[variable];
  if (raw === undefined || raw.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(`${variable} is not valid JSON: ${raw}`);
  }
  const parsed = parseFaultConfig(value);
  if (!parsed.ok) throw new Error(`${variable} is not a valid fault configuration: ${parsed.message}`);
  return parsed.config;
}

/** What to do with one incoming call under a fault configuration. */
export type FaultDecision =
  | { kind: 'drop' }
  | { kind: 'hold' }
  | { kind: 'answer'; delayMs: number; outcome: 'normal' | 'error' | 'malformed' };

/**
 * Decides the fate of one call. Pure apart from drawing from `random`, and it draws only when
 * jitter or an error rate is configured, so a seeded stream gives a repeatable sequence.
 */
export function decideFault(config: FaultConfig, random: () => number): FaultDecision {
  if (config.mode === 'down') return { kind: 'drop' };
  if (config.mode === 'timeout') return { kind: 'hold' };
  const delayMs = config.delayMs + (config.jitterMs > 0 ? Math.floor(random() * config.jitterMs) : 0);
  if (config.mode === 'error') return { kind: 'answer', delayMs, outcome: 'error' };
  if (config.mode === 'malformed') return { kind: 'answer', delayMs, outcome: 'malformed' };
  const failed = config.errorRate > 0 && random() < config.errorRate;
  return { kind: 'answer', delayMs, outcome: failed ? 'error' : 'normal' };
}
