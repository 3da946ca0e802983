/** Use cases of the audit trail: recording (for other modules) and reading/verifying (for admins). */
import type { Database } from '../../platform/db/database.js';
import type { Viewer } from '../../platform/context.js';
import { appendAudit, verifyAuditChainInDatabase, type NewAuditEntry } from './audit-log.js';
import { AuditError } from './audit.errors.js';
import type { AuditRepository } from './audit.repository.js';
import type { AuditEntry, ChainReport } from './audit.rules.js';
import { requireStaff } from '../../platform/guards.js';

/** Largest `first` the trail query accepts. */
export const MAX_AUDIT_PAGE = 200;

export interface AuditTrailArgs {
  first: number;
  afterSeq?: number | null;
  actor?: string | null;
  action?: string | null;
}

export interface AuditTrailPage {
  entries: AuditEntry[];
  hasNextPage: boolean;
}

export function createAuditService(deps: { db: Database; repo: AuditRepository; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  const requireAdmin = (viewer: Viewer) => requireStaff(viewer, ['ADMIN'], 'Only administrators may read the audit trail.');

  return {
    /**
     * Records one entry. Pass `tx` (the caller's drizzle transaction) to commit it atomically with
     * the change it describes; without it, it commits on its own.
     * @throws on a database error (inside `tx`, that fails the caller's transaction too)
     */
    record(entry: NewAuditEntry, tx?: Database): Promise<AuditEntry> {
      return appendAudit(tx ?? deps.db, entry, now());
    },

    /**
     * A page of the trail, oldest first (ascending seq), after `afterSeq`, filtered by exact actor
     * and action. ADMIN only.
     * @throws AuditError FORBIDDEN for anyone else; BAD_USER_INPUT for `first` outside 1..MAX_AUDIT_PAGE or a negative `afterSeq`
     */
    async trail(viewer: Viewer, args: AuditTrailArgs): Promise<AuditTrailPage> {
      requireAdmin(viewer);
      if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_AUDIT_PAGE) {
        throw new AuditError('BAD_USER_INPUT', `first must be between 1 and ${MAX_AUDIT_PAGE}.`);
      }
      if (args.afterSeq != null && args.afterSeq < 0) throw new AuditError('BAD_USER_INPUT', 'afterSeq must not be negative.');
      // One row more than asked tells whether another page follows.
      const rows = await deps.repo.page({
        afterSeq: args.afterSeq ?? 0,
        limit: args.first + 1,
        ...(args.actor != null ? { actor: args.actor } : {}),
        ...(args.action != null ? { action: args.action } : {}),
      });
      return { entries: rows.slice(0, args.first), hasNextPage: rows.length > args.first };
    },

    /** Verifies the whole chain from seq 1. ADMIN only. @throws AuditError FORBIDDEN for anyone else */
    async verify(viewer: Viewer): Promise<ChainReport> {
      requireAdmin(viewer);
      return verifyAuditChainInDatabase(deps.db);
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
