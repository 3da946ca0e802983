/** SQL of customer credentials: logins, known devices, one-time-code challenges, mini-program bindings. */
import { and, eq, gt, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { appendEvent } from '../../platform/events/event-log.js';
import type { Database } from '../../platform/db/database.js';
import { isUuid } from '../../platform/ids.js';
import { customerLogins, knownDevices, loginChallenges, miniProgramBindings } from './auth.tables.js';
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


    recordSecurityEvent: (event: SecurityEvent, now: Date) => recordSecurityEvent(db, event, now),

    createChallenge: (challenge: typeof loginChallenges.$inferInsert) => db.insert(loginChallenges).values(challenge),

    findChallenge: async (id: string) =>
      isUuid(id) ? (await db.select().from(loginChallenges).where(eq(loginChallenges.id, id)).limit(1))[0] : undefined,

    /**
     * Takes one of the challenge's `maxSends` codes, atomically: undefined when the challenge is used,
     * exhausted (sends or guesses) or expired.
     */
    takeChallengeSend: async (id: string, limits: { maxSends: number; maxAttempts: number }, now: Date) =>
      (
        await db
          .update(loginChallenges)
          .set({ sends: sql`${loginChallenges.sends} + 1` })
          .where(
            and(
              eq(loginChallenges.id, id),
              isNull(loginChallenges.consumedAt),
              lt(loginChallenges.sends, limits.maxSends),
              lt(loginChallenges.attempts, limits.maxAttempts),
              gt(loginChallenges.expiresAt, now),
            ),
          )
          .returning({ id: loginChallenges.id })
      ).length === 1,

    /** The code just sent for the challenge, and how long it lives. */
    setChallengeCode: (id: string, codeHash: string, expiresAt: Date) =>
      db.update(loginChallenges).set({ codeHash, expiresAt }).where(eq(loginChallenges.id, id)),

    /**
     * Counts one guess against the challenge BEFORE the code is compared, atomically: returns the
     * code hash to compare with and the guesses used, or undefined when no guess is left (or the
     * challenge is used, expired or has no code yet). However many guesses arrive at once, at most
     * `maxAttempts` are ever compared.
     */
    takeChallengeAttempt: async (id: string, maxAttempts: number, now: Date) =>
      (
        await db
          .update(loginChallenges)
          .set({ attempts: sql`${loginChallenges.attempts} + 1` })
          .where(
            and(
              eq(loginChallenges.id, id),
              isNull(loginChallenges.consumedAt),
              isNotNull(loginChallenges.codeHash),
              lt(loginChallenges.attempts, maxAttempts),
              gt(loginChallenges.expiresAt, now),
            ),
          )
          .returning({ codeHash: loginChallenges.codeHash, attempts: loginChallenges.attempts })
      )[0],

    /**
     * Completes a challenge in one transaction: marks it used (false when another request did first),
     * binds the mini-program user (with a security event and a `MINI_PROGRAM_BOUND` event the
     * customer is told from), remembers the device.
     */
    completeChallenge: (challenge: typeof loginChallenges.$inferSelect, now: Date, audit: (tx: Database) => Promise<unknown>) =>
      db.transaction(async (tx) => {
        const [consumed] = await tx
          .update(loginChallenges)
          .set({ consumedAt: now })
          .where(and(eq(loginChallenges.id, challenge.id), isNull(loginChallenges.consumedAt)))
          .returning({ id: loginChallenges.id });
        if (!consumed) return false;
        if (challenge.purpose === 'MINI_PROGRAM_BIND' && challenge.platformUserId) {
          const bound = await tx
            .insert(miniProgramBindings)
            .values({ platformUserId: challenge.platformUserId, customerId: challenge.customerId })
            .onConflictDoNothing()
            .returning({ customerId: miniProgramBindings.customerId });
          if (bound.length > 0) {
            await recordSecurityEvent(tx, { kind: 'MINI_PROGRAM_BOUND', subjectId: challenge.customerId, detail: { platformUserId: challenge.platformUserId } }, now);
            await appendEvent(
              tx,
              {
                stream: `mini-program-binding:${challenge.platformUserId}`,
                type: 'MINI_PROGRAM_BOUND',
                actor: `customer:${challenge.customerId}`,
                payload: { customerId: challenge.customerId, channel: 'MINI_PROGRAM' },
                topics: [`customer:${challenge.customerId}:security`],
              },
              now,
            );
          }
        }
        if (challenge.deviceId) await tx.insert(knownDevices).values({ customerId: challenge.customerId, deviceId: challenge.deviceId }).onConflictDoNothing();
        await audit(tx);
        return true;
      }),

    findBinding: async (platformUserId: string) =>
      (await db.select().from(miniProgramBindings).where(eq(miniProgramBindings.platformUserId, platformUserId)).limit(1))[0],

  };
}

export type CredentialsRepository = ReturnType<typeof createCredentialsRepository>;
