/** SQL of customer credentials: logins, known devices, one-time-code challenges, mini-program bindings, throttling. */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { isUuid } from '../../platform/ids.js';
import type { ThrottleState } from './auth.rules.js';
import { customerLogins, knownDevices, loginChallenges, loginThrottle, miniProgramBindings } from './auth.tables.js';
import { recordSecurityEvent, type SecurityEvent } from './security-events.js';

export function createCredentialsRepository(db: Database) {
  return {
    findLoginByUsername: async (username: string) =>
      (await db.select().from(customerLogins).where(eq(customerLogins.username, username.toLowerCase())).limit(1))[0],

    isKnownDevice: async (customerId: string, deviceId: string) =>
      (
        await db
          .select({ id: knownDevices.deviceId })
          .from(knownDevices)
          .where(and(eq(knownDevices.customerId, customerId), eq(knownDevices.deviceId, deviceId)))
          .limit(1)
      ).length > 0,

    rememberDevice: (customerId: string, deviceId: string) => db.insert(knownDevices).values({ customerId, deviceId }).onConflictDoNothing(),

    readThrottle: async (keys: string[]) => {
      const rows = await db
        .select()
        .from(loginThrottle)
        .where(sql`${loginThrottle.key} in ${keys}`);
      return new Map(rows.map((row) => [row.key, row]));
    },

    writeThrottle: (key: string, state: ThrottleState, now: Date) =>
      db
        .insert(loginThrottle)
        .values({ key, failures: state.failures, lockedUntil: state.lockedUntil, updatedAt: now })
        .onConflictDoUpdate({ target: loginThrottle.key, set: { failures: state.failures, lockedUntil: state.lockedUntil, updatedAt: now } }),

    clearThrottle: (key: string) => db.delete(loginThrottle).where(eq(loginThrottle.key, key)),

    recordSecurityEvent: (event: SecurityEvent, now: Date) => recordSecurityEvent(db, event, now),

    createChallenge: (challenge: typeof loginChallenges.$inferInsert) => db.insert(loginChallenges).values(challenge),

    findChallenge: async (id: string) =>
      isUuid(id) ? (await db.select().from(loginChallenges).where(eq(loginChallenges.id, id)).limit(1))[0] : undefined,

    /** A new code for the challenge; wrong guesses so far still count against it. */
    setChallengeCode: (id: string, codeHash: string, expiresAt: Date) =>
      db
        .update(loginChallenges)
        .set({ codeHash, expiresAt, sends: sql`${loginChallenges.sends} + 1` })
        .where(eq(loginChallenges.id, id)),

    countChallengeAttempt: (id: string) =>
      db
        .update(loginChallenges)
        .set({ attempts: sql`${loginChallenges.attempts} + 1` })
        .where(eq(loginChallenges.id, id)),

    /** Marks a challenge used; false when another request used it first. */
    consumeChallenge: async (id: string, now: Date) =>
      (
        await db
          .update(loginChallenges)
          .set({ consumedAt: now })
          .where(and(eq(loginChallenges.id, id), isNull(loginChallenges.consumedAt)))
          .returning({ id: loginChallenges.id })
      ).length === 1,

    findBinding: async (platformUserId: string) =>
      (await db.select().from(miniProgramBindings).where(eq(miniProgramBindings.platformUserId, platformUserId)).limit(1))[0],

    bindMiniProgramUser: (platformUserId: string, customerId: string) =>
      db.insert(miniProgramBindings).values({ platformUserId, customerId }).onConflictDoNothing(),
  };
}

export type CredentialsRepository = ReturnType<typeof createCredentialsRepository>;
