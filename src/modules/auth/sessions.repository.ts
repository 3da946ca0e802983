/** SQL of sessions and refresh tokens. Each function is one statement or one short transaction. */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { isUuid } from '../../platform/ids.js';
import { refreshTokens, sessions } from './auth.tables.js';
import { grantSubject } from './grant-cache.js';
import { announceRevocation, recordSecurityEvent } from './security-events.js';

export type SessionRow = typeof sessions.$inferSelect;

export function createSessionsRepository(db: Database) {
  return {
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
        const [token] = await tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).for('update');
        if (!token) return { outcome: 'UNKNOWN' as const };
        const [session] = await tx.select().from(sessions).where(eq(sessions.id, token.sessionId)).for('update');
        if (!session || session.revokedAt || session.expiresAt <= now) return { outcome: 'SESSION_ENDED' as const };
        if (token.usedAt) {
          await tx.update(sessions).set({ revokedAt: now, revokedReason: 'REFRESH_TOKEN_REUSED' }).where(eq(sessions.id, session.id));
          await announceRevocation(tx, grantSubject(session.subjectKind, session.subjectId));
          await recordSecurityEvent(
            tx,
            {
              kind: 'REFRESH_TOKEN_REUSED',
              subjectId: session.subjectId,
              sessionId: session.id,
              detail: { channel: session.channel, deviceId: session.deviceId, tokenIssuedAt: token.issuedAt.toISOString() },
            },
            now,
          );
          return { outcome: 'REUSED' as const, session };
        }
        if (token.expiresAt <= now) return { outcome: 'EXPIRED' as const };
        await tx.update(refreshTokens).set({ usedAt: now }).where(eq(refreshTokens.tokenHash, tokenHash));
        await tx.insert(refreshTokens).values({ tokenHash: next.tokenHash, sessionId: session.id, issuedAt: now, expiresAt: session.expiresAt });
        await tx.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, session.id));
        return { outcome: 'ROTATED' as const, session, expiresAt: session.expiresAt };
      }),

    /** Revokes sessions of a subject; `onlyId` limits it to one. Returns how many were live. */
    revokeSessions: async (subject: { kind: 'CUSTOMER' | 'STAFF'; id: string }, reason: string, now: Date, onlyId?: string) =>
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
        .where(and(eq(sessions.subjectKind, subject.kind), eq(sessions.subjectId, subject.id), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
        .orderBy(sessions.createdAt),
  };
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
