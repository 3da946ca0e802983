import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  uniqueIndex,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A customer's login to every channel. The customer id is the bank's customer number
 * (core banking / CRM); profile data stays in those systems and is never copied here.
 */
export const customerLogins = pgTable('customer_logins', {
  customerId: text('customer_id').primaryKey(),
  username: text('username').notNull().unique(),
  /** `scrypt$N$r$p$salt$hash`, see password.ts. */
  passwordHash: text('password_hash').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
});

/** Staff of the bank, who log in with their own audience and act by role. */
export const staffMembers = pgTable('staff_members', {
  id: text('id').primaryKey(),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  displayName: text('display_name').notNull(),
  roles: text('roles').array().notNull(),
  /** Set when the staff member is also a customer: they never decide on their own applications. */
  customerId: text('customer_id'),
  createdAt: at('created_at').notNull().defaultNow(),
});

/** ES256 signing keys. Only the newest unretired key signs; every unexpired one verifies. */
export const signingKeys = pgTable('signing_keys', {
  kid: text('kid').primaryKey(),
  privateJwk: jsonb('private_jwk').$type<Record<string, unknown>>().notNull(),
  publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  /** When a newer key took over signing; the key still verifies for one token lifetime. */
  retiredAt: at('retired_at'),
});

/** Devices a customer has completed a login on; a new device needs a one-time code. */
export const knownDevices = pgTable(
  'known_devices',
  {
    customerId: text('customer_id').notNull(),
    deviceId: text('device_id').notNull(),
    firstSeenAt: at('first_seen_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.deviceId] })],
);

/**
 * A login session (a refresh-token family): one per login, on one channel and device.
 * Revoking it stops its refresh tokens at once and its access tokens at their next use.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey(),
    subjectKind: text('subject_kind').$type<'CUSTOMER' | 'STAFF'>().notNull(),
    subjectId: text('subject_id').notNull(),
    channel: text('channel').notNull(),
    deviceId: text('device_id'),
    createdAt: at('created_at').notNull(),
    lastSeenAt: at('last_seen_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    revokedAt: at('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (t) => [index('sessions_subject_idx').on(t.subjectKind, t.subjectId)],
);

/** Refresh tokens, stored as SHA-256 hashes; each is used once and replaced. */
export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id),
    issuedAt: at('issued_at').notNull(),
    expiresAt: at('expires_at').notNull(),
    /** Set when rotated: presenting it again is reuse, and ends the whole session. */
    usedAt: at('used_at'),
    /**
     * The pair this token was rotated into, encrypted under a key derived from this token (which is
     * itself never stored): a second refresh with it inside the grace window gets the same pair.
     */
    successorSealed: text('successor_sealed'),
    /** Hash of the successor refresh token: the grace answer is only given while it is unused. */
    successorHash: text('successor_hash'),
  },
  (t) => [index('refresh_tokens_session_idx').on(t.sessionId)],
);

/** A pending one-time-code step: a new device, or binding a mini-program user. */
export const loginChallenges = pgTable('login_challenges', {
  id: uuid('id').primaryKey(),
  purpose: text('purpose').$type<'NEW_DEVICE' | 'MINI_PROGRAM_BIND'>().notNull(),
  customerId: text('customer_id').notNull(),
  channel: text('channel').notNull(),
  deviceId: text('device_id'),
  platformUserId: text('platform_user_id'),
  codeHash: text('code_hash'),
  attempts: integer('attempts').notNull().default(0),
  /** Codes sent for this challenge: resends are capped. */
  sends: integer('sends').notNull().default(0),
  createdAt: at('created_at').notNull(),
  expiresAt: at('expires_at').notNull(),
  consumedAt: at('consumed_at'),
});

/** A mini-program platform user bound to a customer, after an OTP to the customer's phone. */
export const miniProgramBindings = pgTable('mini_program_bindings', {
  platformUserId: text('platform_user_id').primaryKey(),
  customerId: text('customer_id').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
});

/** QR hand-off: a waiting channel shows a code, a logged-in app approves it. */
export const qrLogins = pgTable('qr_logins', {
  id: uuid('id').primaryKey(),
  /** SHA-256 of the secret only the requesting page holds (it is not in the QR code). */
  secretHash: text('secret_hash').notNull(),
  channel: text('channel').notNull(),
  status: text('status').$type<'PENDING' | 'APPROVED' | 'COMPLETED'>().notNull(),
  /** The client address the waiting channel asked from: shown to the approving app. */
  requestedFrom: text('requested_from'),
  customerId: text('customer_id'),
  createdAt: at('created_at').notNull(),
  expiresAt: at('expires_at').notNull(),
  approvedAt: at('approved_at'),
  completedAt: at('completed_at'),
});

/** Registered partner mini-programs: client credentials and the scopes they may ever ask for. */
export const partners = pgTable('partners', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  secretHash: text('secret_hash').notNull(),
  allowedScopes: text('allowed_scopes').array().notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: at('created_at').notNull().defaultNow(),
});

/** A customer's consent for a partner to act for them within some scopes. */
export const partnerConsents = pgTable(
  'partner_consents',
  {
    id: uuid('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    partnerId: text('partner_id')
      .notNull()
      .references(() => partners.id),
    scopes: text('scopes').array().notNull(),
    grantedAt: at('granted_at').notNull(),
    revokedAt: at('revoked_at'),
  },
  (t) => [
    index('partner_consents_customer_idx').on(t.customerId),
    // At most one live consent per customer and partner; a new grant replaces it.
    uniqueIndex('partner_consents_live_idx')
      .on(t.customerId, t.partnerId)
      .where(sql`${t.revokedAt} is null`),
  ],
);

/** Failed-login counters per (username, address), per username and per client address (rate-limits.repository.ts). */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lockedUntil: at('locked_until'),
  updatedAt: at('updated_at').notNull(),
});

/**
 * Sliding-window rate limits (OTP sends and guesses per customer / platform user / address, QR
 * starts per address): the times of the hits inside the window, taken atomically (rate-limits.repository.ts).
 */
export const authRateLimits = pgTable('auth_rate_limits', {
  key: text('key').primaryKey(),
  hits: timestamp('hits', { withTimezone: true, mode: 'date' }).array().notNull(),
});

/** Security-relevant events (refresh token reuse, lockouts, consent changes). */
export const securityEvents = pgTable(
  'security_events',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    subjectId: text('subject_id'),
    sessionId: uuid('session_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    at: at('at').notNull(),
  },
  (t) => [index('security_events_subject_idx').on(t.subjectId)],
);
