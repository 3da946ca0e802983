/**
 * The gateway's configuration: read from the environment and validated here, and nowhere else.
 * Every other module receives a `Config` value; none reads `process.env`.
 */
import path from 'node:path';
import { z } from 'zod';
import { CHANNELS, type Channel } from './context.js';

/** The backend systems the gateway talks to, by their config key. */
export const BACKENDS = ['coreBanking', 'crm', 'creditBureau', 'risk', 'identity', 'businessRegistry'] as const;
export type BackendName = (typeof BACKENDS)[number];

/** The environment variable that holds each backend's base URL. */
export const BACKEND_URL_VARIABLES = {
  coreBanking: 'CORE_BANKING_URL',
  crm: 'CRM_URL',
  creditBureau: 'CREDIT_BUREAU_URL',
  risk: 'RISK_URL',
  identity: 'IDENTITY_URL',
  businessRegistry: 'BUSINESS_REGISTRY_URL',
} as const satisfies Record<BackendName, string>;

export type NodeEnv = 'development' | 'test' | 'production';

/** Where the gateway keeps its data. */
export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string }
  | { kind: 'pglite-memory' }
  | { kind: 'postgres'; url: string };

export interface BackendConfig {
  /** Base URL; `undefined` means "start the in-process mock for it". */
  url: string | undefined;
  /** Per-call timeout in milliseconds. */
  timeoutMs: number;
}

export interface Config {
  nodeEnv: NodeEnv;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** The address clients are told to use, e.g. behind a proxy. Defaults to http://host:port. */
  publicUrl: string | undefined;
  database: DatabaseConfig;
  backends: Record<BackendName, BackendConfig>;
  /** Retries for idempotent backend reads after the first attempt. */
  backendRetries: number;
  /** Each backend's circuit breaker (a sampling breaker; see BreakerOptions in the backend client). */
  breaker: {
    /** Share of failed calls (0–1) over the window that opens it. */
    failureRate: number;
    windowMs: number;
    /** Calls the window must hold before the rate counts. */
    minCalls: number;
    /** First wait before a trial call; grows with jitter while trials fail. */
    halfOpenAfterMs: number;
    halfOpenMaxMs: number;
  };
  /**
   * One time budget per operation, shared by every backend call and retry it makes (a slow backend
   * costs at most this; its fields come back null with UPSTREAM_TIMEOUT).
   */
  requestBudget: { queryMs: number; mutationMs: number };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * `subgraph` serves the schema as an Apollo Federation 2 subgraph (entities, `_service`,
   * `_entities`); `off` (the default) is a standalone gateway.
   */
  federation: 'off' | 'subgraph';
  /**
   * Queries and mutations over HTTP run compiled (graphql-jit) once a document has run `after`
   * times on graphql-js (src/platform/graphql/compiled-execution.ts); off: always graphql-js.
   */
  compiledExecution: { enabled: boolean; after: number };
  limits: {
    maxDepth: number;
    maxFields: number;
    maxAliases: number;
    maxTokens: number;
    maxBodyBytes: number;
  };
  /** Seconds between `serverTime` ticks. */
  serverTimeIntervalMs: number;
  /** Time allowed for in-flight requests on shutdown before sockets are cut. */
  shutdownGraceMs: number;
  /**
   * Seed the demo logins, staff and partners at start (idempotent). `SEED_DEMO`; by default only
   * on the embedded defaults (no backend URL set, not production). Never in production.
   */
  seedDemoData: boolean;
  /**
   * With the demo seed: also a login for each of the first N generated customers of the mock
   * backends' data world (`sim.c100000`, … with the demo password), for the simulation
   * (`DEMO_GENERATED_CUSTOMERS`, default 0, at most 5000).
   */
  demoGeneratedCustomers: number;
  /** Browser origins allowed to call the gateway (CORS); empty: no cross-origin access. */
  corsOrigins: string[];
  /** WebSocket caps: per client address, and sockets that have not authenticated, overall. */
  webSocket: {
    maxConnectionsPerAddress: number;
    maxUnauthenticated: number;
    /** Live subscriptions share one execution per (document, variables, visibility class): `WS_MULTIPLEX`. */
    multiplex: boolean;
    /** Bytes a socket may have waiting to be sent before it is closed as a slow consumer (1013): `WS_MAX_BUFFERED_BYTES`. */
    maxBufferedBytes: number;
  };
  /**
   * Trusted documents (the kit's persisted-documents manifest). `TRUSTED_DOCUMENTS_ONLY` lists the
   * channels that may run only manifest documents allowed for them, by hash (default PARTNER);
   * other channels may send a hash or a body. Registering new hashes at run time (APQ) is on only
   * outside production.
   */
  /**
   * The offline explorer at /explorer (GraphiQL from npm, kit operations per channel): `EXPLORER`,
   * on by default outside production, never in production.
   */
  explorer: { enabled: boolean; operationsDir: string };
  trustedDocuments: {
    file: string;
    onlyChannels: Channel[];
    apqRegistration: boolean;
  };
  auth: AuthConfig;
  /** How long a bought credit bureau report is reused before a new one is bought. */
  bureauReportTtlMs: number;
  /** How often core banking's suspicious-withdrawal feed is read; 0 turns it off. */
  withdrawalFeedPollMs: number;
  /** How often backend call counts are added to `backend_call_minutes` (`BACKEND_OUTCOME_FLUSH_MS`); also at shutdown. */
  backendOutcomeFlushMs: number;
  /** Finishing in-flight work an instance abandoned (see src/platform/work/). */
  recovery: {
    /** How often every instance sweeps for abandoned work; 0 turns the sweep off. */
    sweepIntervalMs: number;
    /** How long a claim on in-flight work lasts without renewal (renewed every third). */
    leaseMs: number;
    /** After this many failed tries, the reconciliation report says a person is needed. */
    needsPersonAfterAttempts: number;
  };
  /** When set, `/metrics` asks for `Authorization: Bearer <token>` (`METRICS_TOKEN`). */
  metricsToken: string | undefined;
  /** OTLP/HTTP collector base URL; traces are exported only when set (`OTEL_EXPORTER_OTLP_ENDPOINT`). */
  otlpEndpoint: string | undefined;
  /** `service.name` of the traces (`OTEL_SERVICE_NAME`). */
  serviceName: string;
  /** Token buckets per viewer, shared by every instance (src/platform/limits/rate-limiter.ts). */
  rateLimits: RateLimitConfig;
  offers: {
    /** Behaviour events per session: one token per event (`OFFERS_EVENTS_PER_MINUTE`, 0 turns it off; `OFFERS_EVENTS_BURST`, at least a full batch of 100). */
    eventsBucket: BucketConfig;
  };
  feedback: {
    /** How long a feedback item may wait for its first answer (`FEEDBACK_SLA_HOURS`, default 72). */
    slaMs: number;
    /** How often overdue feedback is escalated (`FEEDBACK_ESCALATION_INTERVAL_MS`); 0 turns it off. */
    escalationIntervalMs: number;
  };
  loans: {
    /** Above this amount an automatically decided product still goes to a reviewer. */
    autoApprovalLimit: string;
    /** Above this amount an approval needs two different reviewers. */
    fourEyesThreshold: string;
    /** Largest supplement document, in bytes (decoded). */
    documentMaxBytes: number;
  };
  corporate: {
    /** Above this amount a corporate request's approval needs two different experts. */
    fourEyesThreshold: string;
  };
  health: {
    /** Indicator id → target value, overriding the plan's defaults (`HEALTH_TARGETS`, a JSON object). */
    targets: Record<string, number>;
    /** IANA time zone whose calendar days the daily operations report covers (`REPORT_TIME_ZONE`). */
    reportTimeZone: string;
    /** How often each instance checks for a day whose report is due (`REPORT_SCHEDULE_INTERVAL_MS`); 0 turns it off. */
    reportScheduleIntervalMs: number;
    /** How long after local midnight yesterday's report is generated (`REPORT_DELAY_MINUTES`): late postings settle first. */
    reportDelayMs: number;
    /** How many past days the scheduler catches up when reports are missing (`REPORT_CATCH_UP_DAYS`). */
    reportCatchUpDays: number;
  };
  /** Counter services, form drafts and branch tickets. */
  services: {
    /** A form draft not saved again for this long is gone. */
    draftTtlMs: number;
    /** Largest draft payload, in bytes of JSON. */
    draftMaxBytes: number;
    /** How long a QR pre-fill ticket can be redeemed. */
    ticketTtlMs: number;
  };
}

/** A token bucket: refilled at `perMinute`, holding at most `burst` operations. `perMinute` 0: no limit. */
export interface BucketConfig {
  perMinute: number;
  burst: number;
}

export interface RateLimitConfig {
  /** Each signed-in customer and each staff member. */
  viewer: BucketConfig;
  /** Each partner client (all its customers' consents together), unless `partners` names it. */
  partner: BucketConfig;
  /** Quotas of particular partner clients, by partner id. */
  partners: Record<string, BucketConfig>;
}

export interface AuthConfig {
  /** `iss` of every token the gateway signs. */
  issuer: string;
  /** `aud` of customer and partner tokens. */
  audience: string;
  /** `aud` of staff tokens: a staff token is never accepted where a customer's is, and back. */
  staffAudience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Private ES256 JWKs given by the environment (production); otherwise generated and stored. */
  signingKeys: Record<string, unknown>[] | undefined;
  otpTtlSeconds: number;
  otpMaxAttempts: number;
  qrLoginTtlSeconds: number;
  /** QR logins one client address may start per minute. */
  qrStartsPerAddressPerMinute: number;
  /** One-time codes sent per customer, and per mini-program user, in any hour (across challenges). */
  otpSendsPerHour: number;
  /** Wrong-or-right one-time-code guesses per customer, and per mini-program user, in any hour. */
  otpGuessesPerHour: number;
  /** One-time-code sends, and guesses, per client address in any hour. */
  otpPerAddressPerHour: number;
  /** A refresh token presented again within this of its rotation gets the same new pair (RFC 9700 §4.14.2). */
  refreshGraceMs: number;
  /**
   * How long a live session or partner consent read by `authenticate` is reused from memory.
   * Revocations evict at once on every instance (NOTIFY); this bounds only a missed notification. 0: off.
   */
  grantCacheTtlMs: number;
  /** Failed logins per username before it is locked. */
  maxFailuresPerUser: number;
  /** Failed logins per client address before it is locked. */
  maxFailuresPerAddress: number;
  /** First lockout; each further failure doubles it, up to 15 minutes. */
  lockoutMs: number;
}

/** A configuration value that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  constructor(readonly issues: { variable: string; message: string }[]) {
    super(
      'Invalid configuration:\n' + issues.map((i) => `  ${i.variable}: ${i.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

const integer = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const httpUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http:// or https:// URL')
  .transform((value) => value.replace(/\/+$/, ''));

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** One entry per variable: its schema and its default (as the string a user would write). */
const variables = {
  NODE_ENV: { schema: z.enum(['development', 'test', 'production']), default: 'development' },
  HOST: { schema: z.string().trim().min(1), default: '127.0.0.1' },
  PORT: { schema: integer(0, 65_535), default: '4000' },
  PUBLIC_URL: { schema: httpUrl.optional(), default: undefined },
  GRAPHQL_FEDERATION: { schema: z.enum(['off', 'subgraph']), default: 'off' },
  GRAPHQL_COMPILED_EXECUTION: { schema: boolean, default: 'true' },
  GRAPHQL_COMPILE_AFTER: { schema: integer(0, 1_000_000), default: '1' },
  DATABASE_URL: { schema: z.string().trim().min(1), default: 'pglite://.data/pglite' },
  CORE_BANKING_URL: { schema: httpUrl.optional(), default: undefined },
  CRM_URL: { schema: httpUrl.optional(), default: undefined },
  CREDIT_BUREAU_URL: { schema: httpUrl.optional(), default: undefined },
  RISK_URL: { schema: httpUrl.optional(), default: undefined },
  IDENTITY_URL: { schema: httpUrl.optional(), default: undefined },
  BUSINESS_REGISTRY_URL: { schema: httpUrl.optional(), default: undefined },
  BACKEND_TIMEOUT_MS: { schema: integer(10, 60_000), default: '2000' },
  // One backend's own timeout per attempt, when it needs another than BACKEND_TIMEOUT_MS.
  CORE_BANKING_TIMEOUT_MS: { schema: integer(10, 60_000).optional(), default: undefined },
  CRM_TIMEOUT_MS: { schema: integer(10, 60_000).optional(), default: undefined },
  CREDIT_BUREAU_TIMEOUT_MS: { schema: integer(10, 60_000).optional(), default: undefined },
  RISK_TIMEOUT_MS: { schema: integer(10, 60_000).optional(), default: undefined },
  IDENTITY_TIMEOUT_MS: { schema: integer(10, 60_000).optional(), default: undefined },
  BUSINESS_REGISTRY_TIMEOUT_MS: { schema: integer(10, 60_000).optional(), default: undefined },
  BACKEND_RETRIES: { schema: integer(0, 5), default: '2' },
  BREAKER_FAILURE_PERCENT: { schema: integer(1, 100), default: '50' },
  BREAKER_WINDOW_MS: { schema: integer(100, 600_000), default: '10000' },
  BREAKER_THRESHOLD: { schema: integer(1, 100_000), default: '10' },
  BREAKER_HALF_OPEN_AFTER_MS: { schema: integer(10, 600_000), default: '500' },
  BREAKER_HALF_OPEN_MAX_MS: { schema: integer(10, 600_000), default: '1000' },
  REQUEST_BUDGET_QUERY_MS: { schema: integer(50, 600_000), default: '2500' },
  REQUEST_BUDGET_MUTATION_MS: { schema: integer(50, 600_000), default: '8000' },
  LOG_LEVEL: {
    schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    default: 'info',
  },
  MAX_QUERY_DEPTH: { schema: integer(2, 100), default: '12' },
  MAX_QUERY_FIELDS: { schema: integer(10, 100_000), default: '500' },
  MAX_QUERY_ALIASES: { schema: integer(0, 10_000), default: '30' },
  MAX_QUERY_TOKENS: { schema: integer(100, 1_000_000), default: '5000' },
  MAX_BODY_BYTES: { schema: integer(1024, 50 * 1024 * 1024), default: String(1024 * 1024) },
  SERVER_TIME_INTERVAL_MS: { schema: integer(10, 3_600_000), default: '1000' },
  SHUTDOWN_GRACE_MS: { schema: integer(0, 120_000), default: '10000' },
  SEED_DEMO: { schema: boolean.optional(), default: undefined },
  DEMO_GENERATED_CUSTOMERS: { schema: integer(0, 5000), default: '0' },
  CORS_ORIGINS: {
    schema: z
      .string()
      .transform((value, ctx) => {
        const origins = value.split(',').map((o) => o.trim()).filter(Boolean);
        for (const origin of origins) {
          let ok: boolean;
          try {
            const url = new URL(origin);
            ok = (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === origin;
          } catch {
            ok = false;
          }
          if (!ok) {
            ctx.addIssue({ code: 'custom', message: `"${origin.slice(0, 80)}" is not an origin like https://app.bank.example (scheme, host, optional port; no path)` });
            return z.NEVER;
          }
        }
        return origins;
      }),
    default: '',
  },
  EXPLORER: { schema: boolean.optional(), default: undefined },
  TRUSTED_DOCUMENTS_FILE: { schema: z.string().trim().min(1), default: 'schema/trusted-documents.json' },
  TRUSTED_DOCUMENTS_ONLY: {
    schema: z
      .string()
      .transform((value) => value.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean))
      .pipe(z.array(z.enum(CHANNELS))),
    default: 'PARTNER',
  },
  WS_MAX_CONNECTIONS_PER_ADDRESS: { schema: integer(1, 100_000), default: '50' },
  WS_MAX_UNAUTHENTICATED: { schema: integer(1, 1_000_000), default: '1000' },
  WS_MULTIPLEX: { schema: boolean, default: 'true' },
  WS_MAX_BUFFERED_BYTES: { schema: integer(1, 1_073_741_824), default: '1048576' },
  JWT_ISSUER: { schema: z.string().trim().min(1), default: 'https://gateway.bank.example' },
  JWT_AUDIENCE: { schema: z.string().trim().min(1), default: 'channel-gateway' },
  JWT_STAFF_AUDIENCE: { schema: z.string().trim().min(1), default: 'channel-gateway-staff' },
  ACCESS_TOKEN_TTL_SECONDS: { schema: integer(5, 3600), default: '900' },
  REFRESH_TOKEN_TTL_SECONDS: { schema: integer(60, 90 * 24 * 3600), default: String(30 * 24 * 3600) },
  JWT_SIGNING_KEYS: {
    schema: z
      .string()
      .transform((value, ctx) => {
        try {
          const parsed: unknown = JSON.parse(value);
          const keys = Array.isArray(parsed) ? parsed : [parsed];
          if (keys.every((k) => typeof k === 'object' && k && (k as { kty?: unknown }).kty === 'EC' && typeof (k as { d?: unknown }).d === 'string')) {
            return keys as Record<string, unknown>[];
          }
        } catch {
          // reported below
        }
        ctx.addIssue({ code: 'custom', message: 'must be a JSON array of private EC (P-256) JWKs' });
        return z.NEVER;
      })
      .optional(),
    default: undefined,
  },
  OTP_TTL_SECONDS: { schema: integer(30, 3600), default: '300' },
  OTP_MAX_ATTEMPTS: { schema: integer(1, 20), default: '5' },
  QR_LOGIN_TTL_SECONDS: { schema: integer(5, 600), default: '60' },
  QR_STARTS_PER_ADDRESS_PER_MINUTE: { schema: integer(1, 100_000), default: '10' },
  OTP_SENDS_PER_HOUR: { schema: integer(1, 100_000), default: '5' },
  OTP_GUESSES_PER_HOUR: { schema: integer(1, 100_000), default: '10' },
  OTP_PER_ADDRESS_PER_HOUR: { schema: integer(1, 1_000_000), default: '100' },
  REFRESH_GRACE_MS: { schema: integer(0, 60_000), default: '10000' },
  LOGIN_MAX_FAILURES_PER_USER: { schema: integer(1, 1000), default: '5' },
  LOGIN_MAX_FAILURES_PER_ADDRESS: { schema: integer(1, 10_000), default: '50' },
  LOGIN_LOCKOUT_MS: { schema: integer(10, 3_600_000), default: '30000' },
  AUTH_CACHE_TTL_MS: { schema: integer(0, 60_000), default: '5000' },
  BUREAU_REPORT_TTL_HOURS: { schema: integer(0, 24 * 365), default: '720' },
  WITHDRAWAL_FEED_POLL_MS: { schema: integer(0, 3_600_000), default: '30000' },
  BACKEND_OUTCOME_FLUSH_MS: { schema: integer(50, 600_000), default: '5000' },
  SWEEP_INTERVAL_MS: { schema: integer(0, 600_000), default: '5000' },
  WORK_LEASE_MS: { schema: integer(100, 600_000), default: '15000' },
  RECOVERY_NEEDS_PERSON_AFTER: { schema: integer(1, 1000), default: '10' },
  METRICS_TOKEN: { schema: z.string().trim().min(16, 'must be at least 16 characters').optional(), default: undefined },
  OTEL_EXPORTER_OTLP_ENDPOINT: { schema: httpUrl.optional(), default: undefined },
  OTEL_SERVICE_NAME: { schema: z.string().trim().min(1), default: 'channel-gateway' },
  RATE_LIMIT_PER_MINUTE: { schema: integer(0, 1_000_000), default: '600' },
  RATE_LIMIT_BURST: { schema: integer(1, 1_000_000), default: '120' },
  PARTNER_RATE_LIMIT_PER_MINUTE: { schema: integer(0, 1_000_000), default: '300' },
  PARTNER_RATE_LIMIT_BURST: { schema: integer(1, 1_000_000), default: '60' },
  PARTNER_RATE_LIMITS: {
    schema: z
      .string()
      .transform((value, ctx) => {
        try {
          const parsed: unknown = JSON.parse(value);
          const bucket = z.object({ perMinute: z.number().int().min(0).max(1_000_000), burst: z.number().int().min(1).max(1_000_000) }).strict();
          const result = z.record(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/), bucket).safeParse(parsed);
          if (result.success) return result.data;
        } catch {
          // reported below
        }
        ctx.addIssue({ code: 'custom', message: 'must be JSON like {"P0001": {"perMinute": 1200, "burst": 200}}' });
        return z.NEVER;
      }),
    default: '{}',
  },
  OFFERS_EVENTS_PER_MINUTE: { schema: integer(0, 1_000_000), default: '600' },
  OFFERS_EVENTS_BURST: { schema: integer(100, 1_000_000), default: '300' },
  FEEDBACK_SLA_HOURS: { schema: z.coerce.number().positive().max(24 * 365), default: '72' },
  FEEDBACK_ESCALATION_INTERVAL_MS: { schema: integer(0, 3_600_000), default: '60000' },
  LOAN_AUTO_APPROVAL_LIMIT: { schema: z.string().regex(/^\d+(\.\d{1,2})?$/, 'must be a decimal amount'), default: '200000.00' },
  LOAN_FOUR_EYES_THRESHOLD: { schema: z.string().regex(/^\d+(\.\d{1,2})?$/, 'must be a decimal amount'), default: '500000.00' },
  LOAN_DOCUMENT_MAX_BYTES: { schema: integer(1024, 10 * 1024 * 1024), default: String(512 * 1024) },
  CORPORATE_FOUR_EYES_THRESHOLD: { schema: z.string().regex(/^\d+(\.\d{1,2})?$/, 'must be a decimal amount'), default: '1000000.00' },
  HEALTH_TARGETS: {
    schema: z
      .string()
      .transform((value, ctx) => {
        try {
          return JSON.parse(value) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be a JSON object of indicator id to number' });
          return z.NEVER;
        }
      })
      .pipe(z.record(z.string(), z.number())),
    default: '{}',
  },
  REPORT_SCHEDULE_INTERVAL_MS: { schema: integer(0, 3_600_000), default: '60000' },
  REPORT_DELAY_MINUTES: { schema: integer(0, 720), default: '30' },
  REPORT_CATCH_UP_DAYS: { schema: integer(1, 31), default: '7' },
  REPORT_TIME_ZONE: {
    schema: z.string().refine(
      (zone) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      },
      { message: 'must be an IANA time zone, e.g. Asia/Shanghai' },
    ),
    default: 'Asia/Shanghai',
  },
  FORM_DRAFT_TTL_HOURS: { schema: integer(1, 24 * 90), default: '168' },
  FORM_DRAFT_MAX_BYTES: { schema: integer(256, 1024 * 1024), default: '16384' },
  BRANCH_TICKET_TTL_SECONDS: { schema: integer(30, 7 * 24 * 3600), default: '86400' },
} as const;

/** Never echoed back, not even in part. */
const SECRET_VARIABLES = new Set(['JWT_SIGNING_KEYS', 'METRICS_TOKEN']);

type Variables = typeof variables;
type Parsed = { [K in keyof Variables]: z.output<Variables[K]['schema']> };

/**
 * Reads and validates the configuration.
 * @param env the environment to read (defaults to `process.env`)
 * @param cwd the folder relative paths are resolved against (defaults to `process.cwd()`)
 * @throws ConfigError naming every variable with a bad value
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const issues: { variable: string; message: string }[] = [];
  const parsed = {} as Record<string, unknown>;
  for (const [name, spec] of Object.entries(variables)) {
    const raw = env[name] === '' ? undefined : env[name];
    const result = (spec.schema as z.ZodType).safeParse(raw ?? spec.default);
    if (result.success) parsed[name] = result.data;
    else issues.push({ variable: name, message: describe(raw, result.error, SECRET_VARIABLES.has(name)) });
  }
  let database: DatabaseConfig | undefined;
  if (typeof parsed.DATABASE_URL === 'string') {
    const db = parseDatabaseUrl(parsed.DATABASE_URL, cwd);
    if (typeof db === 'string') issues.push({ variable: 'DATABASE_URL', message: db });
    else database = db;
  }
  if (parsed.NODE_ENV === 'production') issues.push(...productionIssues(env, parsed, database));
  if (issues.length > 0 || !database) throw new ConfigError(issues);
  const v = parsed as Parsed;
  const embedded = BACKENDS.every((name) => !v[BACKEND_URL_VARIABLES[name]]);
  const backend = (url: string | undefined, timeoutMs: number | undefined): BackendConfig => ({
    url,
    timeoutMs: timeoutMs ?? v.BACKEND_TIMEOUT_MS,
  });
  return {
    nodeEnv: v.NODE_ENV,
    host: v.HOST,
    port: v.PORT,
    publicUrl: v.PUBLIC_URL,
    database,
    backends: {
      coreBanking: backend(v.CORE_BANKING_URL, v.CORE_BANKING_TIMEOUT_MS),
      crm: backend(v.CRM_URL, v.CRM_TIMEOUT_MS),
      creditBureau: backend(v.CREDIT_BUREAU_URL, v.CREDIT_BUREAU_TIMEOUT_MS),
      risk: backend(v.RISK_URL, v.RISK_TIMEOUT_MS),
      identity: backend(v.IDENTITY_URL, v.IDENTITY_TIMEOUT_MS),
      businessRegistry: backend(v.BUSINESS_REGISTRY_URL, v.BUSINESS_REGISTRY_TIMEOUT_MS),
    },
    backendRetries: v.BACKEND_RETRIES,
    breaker: {
      failureRate: v.BREAKER_FAILURE_PERCENT / 100,
      windowMs: v.BREAKER_WINDOW_MS,
      minCalls: v.BREAKER_THRESHOLD,
      halfOpenAfterMs: v.BREAKER_HALF_OPEN_AFTER_MS,
      halfOpenMaxMs: Math.max(v.BREAKER_HALF_OPEN_MAX_MS, v.BREAKER_HALF_OPEN_AFTER_MS),
    },
    requestBudget: { queryMs: v.REQUEST_BUDGET_QUERY_MS, mutationMs: v.REQUEST_BUDGET_MUTATION_MS },
    logLevel: v.LOG_LEVEL,
    federation: v.GRAPHQL_FEDERATION,
    compiledExecution: { enabled: v.GRAPHQL_COMPILED_EXECUTION, after: v.GRAPHQL_COMPILE_AFTER },
    limits: {
      maxDepth: v.MAX_QUERY_DEPTH,
      maxFields: v.MAX_QUERY_FIELDS,
      maxAliases: v.MAX_QUERY_ALIASES,
      maxTokens: v.MAX_QUERY_TOKENS,
      maxBodyBytes: v.MAX_BODY_BYTES,
    },
    serverTimeIntervalMs: v.SERVER_TIME_INTERVAL_MS,
    shutdownGraceMs: v.SHUTDOWN_GRACE_MS,
    seedDemoData: v.SEED_DEMO ?? (v.NODE_ENV !== 'production' && embedded),
    demoGeneratedCustomers: v.DEMO_GENERATED_CUSTOMERS,
    corsOrigins: v.CORS_ORIGINS,
    explorer: {
      enabled: v.NODE_ENV !== 'production' && (v.EXPLORER ?? true),
      operationsDir: path.resolve(process.cwd(), 'packages/client/operations'),
    },
    trustedDocuments: {
      file: path.resolve(process.cwd(), v.TRUSTED_DOCUMENTS_FILE),
      onlyChannels: v.TRUSTED_DOCUMENTS_ONLY,
      apqRegistration: v.NODE_ENV !== 'production',
    },
    webSocket: {
      maxConnectionsPerAddress: v.WS_MAX_CONNECTIONS_PER_ADDRESS,
      maxUnauthenticated: v.WS_MAX_UNAUTHENTICATED,
      multiplex: v.WS_MULTIPLEX,
      maxBufferedBytes: v.WS_MAX_BUFFERED_BYTES,
    },
    bureauReportTtlMs: v.BUREAU_REPORT_TTL_HOURS * 3600 * 1000,
    withdrawalFeedPollMs: v.WITHDRAWAL_FEED_POLL_MS,
    backendOutcomeFlushMs: v.BACKEND_OUTCOME_FLUSH_MS,
    recovery: { sweepIntervalMs: v.SWEEP_INTERVAL_MS, leaseMs: v.WORK_LEASE_MS, needsPersonAfterAttempts: v.RECOVERY_NEEDS_PERSON_AFTER },
    metricsToken: v.METRICS_TOKEN,
    otlpEndpoint: v.OTEL_EXPORTER_OTLP_ENDPOINT,
    serviceName: v.OTEL_SERVICE_NAME,
    rateLimits: {
      viewer: { perMinute: v.RATE_LIMIT_PER_MINUTE, burst: v.RATE_LIMIT_BURST },
      partner: { perMinute: v.PARTNER_RATE_LIMIT_PER_MINUTE, burst: v.PARTNER_RATE_LIMIT_BURST },
      partners: v.PARTNER_RATE_LIMITS,
    },
    offers: { eventsBucket: { perMinute: v.OFFERS_EVENTS_PER_MINUTE, burst: v.OFFERS_EVENTS_BURST } },
    feedback: { slaMs: Math.round(v.FEEDBACK_SLA_HOURS * 3_600_000), escalationIntervalMs: v.FEEDBACK_ESCALATION_INTERVAL_MS },
    loans: {
      autoApprovalLimit: v.LOAN_AUTO_APPROVAL_LIMIT,
      fourEyesThreshold: v.LOAN_FOUR_EYES_THRESHOLD,
      documentMaxBytes: v.LOAN_DOCUMENT_MAX_BYTES,
    },
    corporate: { fourEyesThreshold: v.CORPORATE_FOUR_EYES_THRESHOLD },
    health: {
      targets: v.HEALTH_TARGETS,
      reportTimeZone: v.REPORT_TIME_ZONE,
      reportScheduleIntervalMs: v.REPORT_SCHEDULE_INTERVAL_MS,
      reportDelayMs: v.REPORT_DELAY_MINUTES * 60_000,
      reportCatchUpDays: v.REPORT_CATCH_UP_DAYS,
    },
    services: {
      draftTtlMs: v.FORM_DRAFT_TTL_HOURS * 3600 * 1000,
      draftMaxBytes: v.FORM_DRAFT_MAX_BYTES,
      ticketTtlMs: v.BRANCH_TICKET_TTL_SECONDS * 1000,
    },
    auth: {
      issuer: v.JWT_ISSUER,
      audience: v.JWT_AUDIENCE,
      staffAudience: v.JWT_STAFF_AUDIENCE,
      accessTokenTtlSeconds: v.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: v.REFRESH_TOKEN_TTL_SECONDS,
      signingKeys: v.JWT_SIGNING_KEYS,
      otpTtlSeconds: v.OTP_TTL_SECONDS,
      otpMaxAttempts: v.OTP_MAX_ATTEMPTS,
      qrLoginTtlSeconds: v.QR_LOGIN_TTL_SECONDS,
      qrStartsPerAddressPerMinute: v.QR_STARTS_PER_ADDRESS_PER_MINUTE,
      otpSendsPerHour: v.OTP_SENDS_PER_HOUR,
      otpGuessesPerHour: v.OTP_GUESSES_PER_HOUR,
      otpPerAddressPerHour: v.OTP_PER_ADDRESS_PER_HOUR,
      refreshGraceMs: v.REFRESH_GRACE_MS,
      maxFailuresPerUser: v.LOGIN_MAX_FAILURES_PER_USER,
      maxFailuresPerAddress: v.LOGIN_MAX_FAILURES_PER_ADDRESS,
      lockoutMs: v.LOGIN_LOCKOUT_MS,
      grantCacheTtlMs: v.AUTH_CACHE_TTL_MS,
    },
  };
}

/**
 * What production refuses to start without: real backends (the mocks never run in production),
 * PostgreSQL (state shared by every instance), signing keys from configuration (a key generated
 * by one instance would not verify on another), and no demo logins.
 */
function productionIssues(
  env: NodeJS.ProcessEnv,
  parsed: Record<string, unknown>,
  database: DatabaseConfig | undefined,
): { variable: string; message: string }[] {
  const issues: { variable: string; message: string }[] = [];
  for (const name of BACKENDS) {
    const variable = BACKEND_URL_VARIABLES[name];
    if (!env[variable]) issues.push({ variable, message: 'is required in production (the mock backends never run there)' });
  }
  if (!env.DATABASE_URL) issues.push({ variable: 'DATABASE_URL', message: 'is required in production (a postgres:// URL)' });
  else if (database && database.kind !== 'postgres') issues.push({ variable: 'DATABASE_URL', message: 'must be a postgres:// URL in production (PGlite keeps state in one process)' });
  if (!env.JWT_SIGNING_KEYS) issues.push({ variable: 'JWT_SIGNING_KEYS', message: 'is required in production (keys generated by one instance would not verify on another)' });
  if (parsed.SEED_DEMO === true) issues.push({ variable: 'SEED_DEMO', message: 'must not be true in production: the demo logins and their published password are never created there' });
  return issues;
}

/**
 * `postgres://…` / `postgresql://…` → PostgreSQL through `pg`;
 * `pglite://<folder>` → embedded PGlite keeping its files in that folder (relative to `cwd`);
 * `memory://` → embedded PGlite in memory, gone when the process ends.
 * Returns an error message for anything else.
 */
export function parseDatabaseUrl(value: string, cwd: string): DatabaseConfig | string {
  if (value === 'memory://' || value === 'pglite://memory') return { kind: 'pglite-memory' };
  if (value.startsWith('pglite://')) {
    const dir = value.slice('pglite://'.length);
    if (!dir) return 'pglite:// needs a folder, e.g. pglite://.data/pglite';
    return { kind: 'pglite', dataDir: path.resolve(cwd, dir) };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be postgres://user@host:port/database, pglite://<folder> or memory://';
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    return `unsupported scheme "${url.protocol}"; use postgres://, pglite:// or memory://`;
  }
  if (!url.hostname) return 'a postgres:// URL needs a host';
  if (url.pathname.length <= 1) return 'a postgres:// URL needs a database name';
  return { kind: 'postgres', url: value };
}

function describe(raw: string | undefined, error: z.ZodError, secret = false): string {
  const message = error.issues[0]?.message ?? 'is invalid';
  if (secret) return message;
  // Never echo what looks like a credential back into logs.
  const shown = raw === undefined ? '' : ` (got "${redact(raw)}")`;
  return `${message}${shown}`;
}

/** Hides the password part of a URL-like value. */
export function redact(value: string): string {
  return value.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}
