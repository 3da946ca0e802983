/** SQL of sessions and refresh tokens. Each function is one statement or one short transaction. */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { isUuid } from '../../platform/ids.js';
import { refreshTokens, sessions, staffMembers } from './auth.tables.js';
import { grantSubject } from './grant-cache.js';
import { announceRevocation, recordSecurityEvent } from './security-events.js';

export type SessionRow = typeof sessions.$inferSelect;
/** What `authenticate` caches per session: the row, and a staff member's current roles. */
export type SessionGrant = SessionRow & { staffRoles: string[] };

export function createSessionsRepository(db: Database) {
  return {
    /** Opens a session with its first refresh token, in one transaction. */
    createSession: (
      session: typeof sessions.$inferInsert,
      refresh: { tokenHash: string; expiresAt: Date },
      audit: (tx: Database) => Promise<unknown>,
    ) =>
      db.transaction(async (tx) => {
        await audit(tx);
        await tx.insert(sessions).values(session);
        await tx.insert(refreshTokens).values({
          tokenHash: refresh.tokenHash,
          sessionId: session.id,
          issuedAt: session.createdAt,
          expiresAt: refresh.expiresAt,
        });
      }),

    /** A session and, for a staff session, the staff member's roles as they are now (none once removed). */
    findSessionGrant: async (id: string): Promise<SessionGrant | undefined> => {
      if (!isUuid(id)) return undefined;
      const [row] = await db
        .select({ session: sessions, roles: staffMembers.roles })
        .from(sessions)
        .leftJoin(staffMembers, and(eq(sessions.subjectKind, 'STAFF'), eq(staffMembers.id, sessions.subjectId)))
        .where(eq(sessions.id, id))
        .limit(1);
      return row && { ...row.session, staffRoles: row.roles ?? [] };
    },

    /** The session a refresh token belongs to, without locking (to prepare the next pair before rotating). */
    findByRefreshToken: async (tokenHash: string) =>
      (
        await db
          .select({ session: sessions })
          .from(refreshTokens)
          .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
          .where(eq(refreshTokens.tokenHash, tokenHash))
          .limit(1)
      )[0]?.session,

    /**
     * Rotates a refresh token: marks it used and stores its successor (and the sealed pair it was
     * rotated into), or reports why it cannot. The same token presented again within `graceMs` of
     * its rotation, while its successor is unused, gets the sealed pair back (two tabs refreshing at
     * once); any other second use revokes the whole session (reuse means it was stolen).
     */
    rotateRefreshToken: (
      tokenHash: string,
      next: { tokenHash: string; sealed: string },
      now: Date,
      options: { graceMs: number; audit: (tx: Database, session: SessionRow) => Promise<unknown> },
    ): Promise<
      | { outcome: 'ROTATED'; session: SessionRow; expiresAt: Date }
      | { outcome: 'UNKNOWN' | 'EXPIRED' | 'SESSION_ENDED' }
      | { outcome: 'REPLAYED'; sealed: string }
      | { outcome: 'REUSED'; session: SessionRow }
    > =>
      db.transaction(async (tx) => {
        const [token] = await tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).for('update');
        if (!token) return { outcome: 'UNKNOWN' as const };
        const [session] = await tx.select().from(sessions).where(eq(sessions.id, token.sessionId)).for('update');
        if (!session || session.revokedAt || session.expiresAt <= now) return { outcome: 'SESSION_ENDED' as const };
        if (token.usedAt) {
          if (token.successorSealed && token.successorHash && now.getTime() - token.usedAt.getTime() <= options.graceMs) {
            const [successor] = await tx.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, token.successorHash));
            if (successor && !successor.usedAt) return { outcome: 'REPLAYED' as const, sealed: token.successorSealed };
          }
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
          await options.audit(tx, session);
          return { outcome: 'REUSED' as const, session };
        }
        if (token.expiresAt <= now) return { outcome: 'EXPIRED' as const };
        await tx
          .update(refreshTokens)
          .set({ usedAt: now, successorSealed: next.sealed, successorHash: next.tokenHash })
          .where(eq(refreshTokens.tokenHash, tokenHash));
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
