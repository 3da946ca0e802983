/** Security-relevant events (refresh token reuse, lockouts, consent changes, bindings), written in the caller's transaction. */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { AUTH_REVOKED_CHANNEL } from './grant-cache.js';
import { securityEvents } from './auth.tables.js';

export interface SecurityEvent {
  kind: string;
  subjectId?: string;
  sessionId?: string;
  detail?: Record<string, unknown>;
}

export const recordSecurityEvent = (db: Database, event: SecurityEvent, now: Date) =>
  db.insert(securityEvents).values({ id: randomUUID(), detail: {}, ...event, at: now });

/** Announces, on commit, that grants of `subject` were revoked: every instance drops its cached copies. */
export async function announceRevocation(tx: Database, subject: string): Promise<void> {
  await tx.execute(sql`select pg_notify(${AUTH_REVOKED_CHANNEL}, ${subject})`);
}

/** The audit trail as the login layer uses it; pass `tx` to commit the entry with the change it records. */
export interface AuditRecorder {
  record(entry: { actor: string; action: string; subject?: string | null; detail?: Record<string, unknown> }, tx?: Database): Promise<unknown>;
}
