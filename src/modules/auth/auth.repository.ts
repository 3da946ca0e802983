/** SQL of the login layer. Each function is one statement or one short transaction. */
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import {
  customerLogins,
  knownDevices,
  loginChallenges,
  miniProgramBindings,
  qrLogins,
  loginThrottle,
  partnerConsents,
  partners,
  refreshTokens,
  securityEvents,
  sessions,
  staffMembers,
} from './auth.tables.js';
import type { ThrottleState } from './auth.rules.js';
import { randomUUID } from 'node:crypto';
import { isUuid } from '../../platform/ids.js';
import { AUTH_REVOKED_CHANNEL, grantSubject } from './grant-cache.js';

export type SessionRow = typeof sessions.$inferSelect;
export type ConsentRow = typeof partnerConsents.$inferSelect;

/** Announces, on commit, that grants of `subject` were revoked: every instance drops its cached copies. */
async function announceRevocation(tx: Database, subject: string): Promise<void> {
  await tx.execute(sql`select pg_notify(${AUTH_REVOKED_CHANNEL}, ${subject})`);
}

export function createAuthRepository(db: Database) {
  return {
    findLoginByUsername: async (username: string) =>
      (await db.select().from(customerLogins).where(eq(customerLogins.username, username.toLowerCase())).limit(1))[0],

    findLoginByCustomerId: async (customerId: string) =>
      (await db.select().from(customerLogins).where(eq(customerLogins.customerId, customerId)).limit(1))[0],

    findStaffByUsername: async (username: string) =>
      (await db.select().from(staffMembers).where(eq(staffMembers.username, username.toLowerCase())).limit(1))[0],

    findStaffById: async (id: string) =>
      (await db.select().from(staffMembers).where(eq(staffMembers.id, id)).limit(1))[0],

    isKnownDevice: async (customerId: string, deviceId: string) =>
      (
        await db
          .select({ id: knownDevices.deviceId })
          .from(knownDevices)
          .where(and(eq(knownDevices.customerId, customerId), eq(knownDevices.deviceId, deviceId)))
          .limit(1)
      ).length > 0,

    rememberDevice: (customerId: string, deviceId: string) =>
      db.insert(knownDevices).values({ customerId, deviceId }).onConflictDoNothing(),

    /** Opens a session with its first refresh token, in one transaction. */
    createSession: (session: typeof sessions.$inferInsert, refresh: { tokenHash: string; expiresAt: Date }) =>
      db.transaction(async (tx) => {
        await tx.insert(sessions).values(session);
        await tx.insert(refreshTokens).values({
          tokenHash: refresh.tokenHash,
          sessionId: session.id,
          issuedAt: session.createdAt,
          expiresAt: refresh.expiresAt,
        });
      }),

    findSession: async (id: string) =>
      isUuid(id) ? (await db.select().from(sessions).where(eq(sessions.id, id)).limit(1))[0] : undefined,

    /**
     * Rotates a refresh token: marks it used and stores its successor, or reports why it cannot.
     * A token presented a second time revokes its whole session (reuse means it was stolen).
     */
    rotateRefreshToken: (
      tokenHash: string,
      next: { tokenHash: string },
      now: Date,
    ): Promise<
      | { outcome: 'ROTATED'; session: SessionRow; expiresAt: Date }
      | { outcome: 'UNKNOWN' | 'EXPIRED' | 'SESSION_ENDED' }
      | { outcome: 'REUSED'; session: SessionRow }
    > =>
      db.transaction(async (tx) => {
        const [token] = await tx
          .select()
          .from(refreshTokens)
          .where(eq(refreshTokens.tokenHash, tokenHash))
          .for('update');
        if (!token) return { outcome: 'UNKNOWN' as const };
        const [session] = await tx.select().from(sessions).where(eq(sessions.id, token.sessionId)).for('update');
        if (!session || session.revokedAt || session.expiresAt <= now) return { outcome: 'SESSION_ENDED' as const };
        if (token.usedAt) {
          await tx
            .update(sessions)
            .set({ revokedAt: now, revokedReason: 'REFRESH_TOKEN_REUSED' })
            .where(eq(sessions.id, session.id));
          await announceRevocation(tx, grantSubject(session.subjectKind, session.subjectId));
          await tx.insert(securityEvents).values({
            id: randomUUID(),
            kind: 'REFRESH_TOKEN_REUSED',
            subjectId: session.subjectId,
            sessionId: session.id,
            detail: { channel: session.channel, deviceId: session.deviceId, tokenIssuedAt: token.issuedAt.toISOString() },
            at: now,
          });
          return { outcome: 'REUSED' as const, session };
        }
        if (token.expiresAt <= now) return { outcome: 'EXPIRED' as const };
        await tx.update(refreshTokens).set({ usedAt: now }).where(eq(refreshTokens.tokenHash, tokenHash));
        await tx.insert(refreshTokens).values({
          tokenHash: next.tokenHash,
          sessionId: session.id,
          issuedAt: now,
          expiresAt: session.expiresAt,
        });
        await tx.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.id));
        return { outcome: 'ROTATED' as const, session, expiresAt: session.expiresAt };
      }),

    /** Revokes sessions of a subject; `onlyId` limits it to one. Returns how many were live. */
    revokeSessions: async (
      subject: { kind: 'CUSTOMER' | 'STAFF'; id: string },
      reason: string,
      now: Date,
      onlyId?: string,
    ) =>
      onlyId !== undefined && !isUuid(onlyId)
        ? 0
        : db.transaction(async (tx) => {
            const revoked = await tx
              .update(sessions)
              .set({ revokedAt: now, revokedReason: reason })
              .where(
                and(
                  eq(sessions.subjectKind, subject.kind),
                  eq(sessions.subjectId, subject.id),
                  isNull(sessions.revokedAt),
                  ...(onlyId ? [eq(sessions.id, onlyId)] : []),
                ),
              )
              .returning({ id: sessions.id });
            if (revoked.length > 0) await announceRevocation(tx, grantSubject(subject.kind, subject.id));
            return revoked.length;
          }),

    liveSessionsOf: (subject: { kind: 'CUSTOMER' | 'STAFF'; id: string }, now: Date) =>
      db
        .select()
        .from(sessions)
        .where(
          and(
            eq(sessions.subjectKind, subject.kind),
            eq(sessions.subjectId, subject.id),
            isNull(sessions.revokedAt),
            gt(sessions.expiresAt, now),
          ),
        )
        .orderBy(sessions.createdAt),

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
        .onConflictDoUpdate({
          target: loginThrottle.key,
          set: { failures: state.failures, lockedUntil: state.lockedUntil, updatedAt: now },
        }),

    clearThrottle: (key: string) => db.delete(loginThrottle).where(eq(loginThrottle.key, key)),

    recordSecurityEvent: (event: { kind: string; subjectId?: string; sessionId?: string; detail?: Record<string, unknown> }, now: Date) =>
      db.insert(securityEvents).values({ id: randomUUID(), detail: {}, ...event, at: now }),

    findPartner: async (id: string) => (await db.select().from(partners).where(eq(partners.id, id)).limit(1))[0],

    findConsent: async (id: string) =>
      isUuid(id) ? (await db.select().from(partnerConsents).where(eq(partnerConsents.id, id)).limit(1))[0] : undefined,

    liveConsentsOf: (customerId: string) =>
      db
        .select({ consent: partnerConsents, partnerName: partners.name })
        .from(partnerConsents)
        .innerJoin(partners, eq(partners.id, partnerConsents.partnerId))
        .where(and(eq(partnerConsents.customerId, customerId), isNull(partnerConsents.revokedAt)))
        .orderBy(partnerConsents.grantedAt),

    /** Replaces the customer's live consent for a partner with a new one, atomically. */
    grantConsent: (consent: { id: string; customerId: string; partnerId: string; scopes: string[] }, now: Date) =>
      db.transaction(async (tx) => {
        await tx
          .update(partnerConsents)
          .set({ revokedAt: now })
          .where(
            and(
              eq(partnerConsents.customerId, consent.customerId),
              eq(partnerConsents.partnerId, consent.partnerId),
              isNull(partnerConsents.revokedAt),
            ),
          );
        await tx.insert(partnerConsents).values({ ...consent, grantedAt: now });
        await announceRevocation(tx, grantSubject('CUSTOMER', consent.customerId));
        await tx.insert(securityEvents).values({
          id: randomUUID(),
          kind: 'CONSENT_GRANTED',
          subjectId: consent.customerId,
          detail: { partnerId: consent.partnerId, scopes: consent.scopes, consentId: consent.id },
          at: now,
        });
      }),

    revokeConsent: (customerId: string, partnerId: string, now: Date) =>
      db.transaction(async (tx) => {
        const revoked = await tx
          .update(partnerConsents)
          .set({ revokedAt: now })
          .where(
            and(
              eq(partnerConsents.customerId, customerId),
              eq(partnerConsents.partnerId, partnerId),
              isNull(partnerConsents.revokedAt),
            ),
          )
          .returning({ id: partnerConsents.id });
        if (revoked.length > 0) {
          await announceRevocation(tx, grantSubject('CUSTOMER', customerId));
          await tx.insert(securityEvents).values({
            id: randomUUID(),
            kind: 'CONSENT_REVOKED',
            subjectId: customerId,
            detail: { partnerId, consentIds: revoked.map((r) => r.id) },
            at: now,
          });
        }
        return revoked.length;
      }),

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

    createQrLogin: (row: typeof qrLogins.$inferInsert) => db.insert(qrLogins).values(row),

    findQrLogin: async (id: string) =>
      isUuid(id) ? (await db.select().from(qrLogins).where(eq(qrLogins.id, id)).limit(1))[0] : undefined,

    /** PENDING → APPROVED for a customer, if still pending and unexpired. */
    approveQrLogin: async (id: string, customerId: string, now: Date) =>
      isUuid(id) &&
      (
        await db
          .update(qrLogins)
          .set({ status: 'APPROVED', customerId, approvedAt: now })
          .where(and(eq(qrLogins.id, id), eq(qrLogins.status, 'PENDING'), gt(qrLogins.expiresAt, now)))
          .returning({ id: qrLogins.id })
      ).length === 1,

    /** APPROVED → COMPLETED exactly once; returns the approving customer. */
    completeQrLogin: async (id: string, now: Date) =>
      (
        await db
          .update(qrLogins)
          .set({ status: 'COMPLETED', completedAt: now })
          .where(and(eq(qrLogins.id, id), eq(qrLogins.status, 'APPROVED')))
          .returning({ customerId: qrLogins.customerId, channel: qrLogins.channel })
      )[0],
  };
}

export type AuthRepository = ReturnType<typeof createAuthRepository>;
