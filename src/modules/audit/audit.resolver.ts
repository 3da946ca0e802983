import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/context.js';
import { canonicalJson } from './audit.rules.js';
import { AuditChainReport, AuditEntryConnection, AuditEntryNode } from './audit.type.js';

@Resolver(() => AuditEntryNode)
export class AuditResolver {
  @Authorized('ADMIN') // The trail names customers and staff: administrators only.
  @Query(() => AuditEntryConnection, { description: 'The audit trail, oldest first, paged by seq.' })
  async auditTrail(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 50, description: '1-200.' }) first: number,
    @Arg('afterSeq', () => Int, { nullable: true, description: 'Entries after this seq (a previous endCursor).' }) afterSeq?: number | null,
    @Arg('actor', () => String, { nullable: true, description: 'Exact actor, e.g. `staff:S0006`.' }) actor?: string | null,
    @Arg('action', () => String, { nullable: true, description: 'Exact action, e.g. `LOGIN_FAILED`.' }) action?: string | null,
  ): Promise<AuditEntryConnection> {
    const page = await ctx.services.audit.trail(ctx.viewer, { first, afterSeq, actor, action });
    const edges = page.entries.map((entry) => ({
      cursor: String(entry.seq),
      node: { ...entry, detail: canonicalJson(entry.detail) },
    }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Authorized('ADMIN')
  @Query(() => AuditChainReport, { description: 'Verifies the whole audit chain and reports the first broken link.' })
  async verifyAuditChain(@Ctx() ctx: RequestContext): Promise<AuditChainReport> {
    const report = await ctx.services.audit.verify(ctx.viewer);
    return report.ok
      ? { ok: true, checked: report.checked, brokenAtSeq: null, reason: null }
      : { ok: false, checked: 0, brokenAtSeq: report.brokenAtSeq, reason: report.reason };
  }
}
