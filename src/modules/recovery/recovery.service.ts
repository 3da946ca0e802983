/**
 * Recovery of in-flight work: the sweep every instance runs (through src/platform/work/), and the
 * reconciliation report staff read. Each module finishes its own work through the same idempotent
 * path its requests and staff retries use; this module only schedules the passes and reports.
 */
import type { Config } from '../../platform/config.js';
import type { Viewer } from '../../platform/context.js';
import type { Leases, LeaseRow } from '../../platform/work/leases.js';
import type { SweepTask } from '../../platform/work/sweeper.js';
import { RecoveryError } from './recovery.errors.js';
import { kindsFor, recoveryState, type RecoveryKind, type RecoveryState } from './recovery.rules.js';

/** What each module offers the sweep: one pass over its work left before `before`. */
type Pass = (before: Date, limit: number) => Promise<number>;

export interface RecoveryServiceDeps {
  leases: Leases;
  config: Config['recovery'];
  now: () => Date;
  passes: Record<RecoveryKind, Pass>;
}

export interface RecoveryItem extends LeaseRow {
  state: RecoveryState;
}

/** Rows handled per kind and pass: a large backlog drains over several passes. */
const PASS_LIMIT = 50;

export function createRecoveryService(deps: RecoveryServiceDeps) {
  return {
    /**
     * The sweep's tasks. Work last changed more than a lease ago is a candidate; the lease claim
     * then skips whatever a live instance still holds.
     */
    tasks: (): SweepTask[] =>
      (Object.entries(deps.passes) as [RecoveryKind, Pass][]).map(([kind, pass]) => ({
        name: kind,
        run: () => pass(new Date(deps.now().getTime() - deps.config.leaseMs), PASS_LIMIT),
      })),

    /**
     * The reconciliation report: work that needed recovery — settled (by whom, and what core
     * banking said), waiting (the sweep keeps trying) or needing a person — most recent first,
     * limited to the kinds the viewer's role owns.
     * @throws RecoveryError FORBIDDEN, BAD_USER_INPUT
     */
    async report(viewer: Viewer, first: number): Promise<RecoveryItem[]> {
      const kinds = viewer.kind === 'staff' ? kindsFor(viewer.roles) : [];
      if (kinds.length === 0) throw new RecoveryError('FORBIDDEN', 'Risk officers, reviewers and administrators only.');
      if (!Number.isInteger(first) || first < 1 || first > 100) throw new RecoveryError('BAD_USER_INPUT', 'first must be 1-100.', { field: 'first' });
      const rows = await deps.leases.list({ kinds, limit: first });
      return rows.map((row) => ({ ...row, state: recoveryState(row, deps.config.needsPersonAfterAttempts) }));
    },
  };
}

export type RecoveryService = ReturnType<typeof createRecoveryService>;
