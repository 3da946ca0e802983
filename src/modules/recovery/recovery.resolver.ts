import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/context.js';
import { RecoveryItem, type RecoveryState, type RecoveryWorkKind } from './recovery.type.js';

@Resolver(() => RecoveryItem)
export class RecoveryResolver {
  @Authorized('RISK_OFFICER', 'REVIEWER', 'ADMIN')
  @Query(() => [RecoveryItem], {
    description:
      'The reconciliation report: in-flight work that needed recovery (postings, payouts, decisions, openings), most recent first — what was settled (and what core banking said), what the sweep is still trying, what needs a person. Each role sees the work it owns; administrators see all. A report of the latest records, not a connection: a record moves to the top each time the sweep retries it, so ask again for a fresh view rather than paging.',
  })
  async recoveryReport(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 50, description: 'How many records, 1-100.' }) first: number,
  ): Promise<RecoveryItem[]> {
    const rows = await ctx.services.recovery.report(ctx.viewer, first);
    return rows.map((row) => ({
      kind: row.kind as RecoveryWorkKind,
      subjectId: row.subjectId,
      state: row.state as RecoveryState,
      outcome: row.outcome,
      settledBy: row.settledBy,
      note: row.note,
      attempts: row.attempts,
      lastError: row.lastError,
      updatedAt: row.updatedAt,
      settledAt: row.settledAt,
    }));
  }
}
