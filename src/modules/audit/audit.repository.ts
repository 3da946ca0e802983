/** SQL of the audit trail: reading pages of entries. Appending lives in audit-log.ts. */
import { and, asc, desc, eq, gt, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import type { AuditEntry } from './audit.rules.js';
import { auditEntries } from './audit.tables.js';

export interface AuditPageQuery {
  /** Entries with seq greater than this; 0 for the start. */
  afterSeq: number;
  limit: number;
  actor?: string;
  action?: string;
}

export function createAuditRepository(db: Database) {
  return {
    /** Entries in seq order (oldest first) after `afterSeq`, optionally filtered by exact actor/action. */
    page: async (query: AuditPageQuery): Promise<AuditEntry[]> => {
      const conditions: SQL[] = [gt(auditEntries.seq, query.afterSeq)];
      if (query.actor !== undefined) conditions.push(eq(auditEntries.actor, query.actor));
      if (query.action !== undefined) conditions.push(eq(auditEntries.action, query.action));
      const rows = await db
        .select()
        .from(auditEntries)
        .where(and(...conditions))
        .orderBy(asc(auditEntries.seq))
        .limit(query.limit);
      return rows.map(toAuditEntry);
    },

    /** The newest entry, or undefined for an empty trail. */
    last: async (): Promise<AuditEntry | undefined> => {
      const [row] = await db.select().from(auditEntries).orderBy(desc(auditEntries.seq)).limit(1);
      return row && toAuditEntry(row);
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;

/** Validates a row where it enters: `detail` must be a JSON object. */
export function toAuditEntry(row: typeof auditEntries.$inferSelect): AuditEntry {
  const detail: unknown = row.detail;
  if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
    throw new Error(`audit_entries seq ${row.seq}: detail is not a JSON object`);
  }
  return { ...row, detail: detail as Record<string, unknown> };
}
