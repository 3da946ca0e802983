import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { RequestContext } from '../../platform/context.js';
import { eventSubscription } from '../../platform/graphql/event-subscription.js';
import type { StoredEvent } from '../../platform/events/event-log.js';
import { AlertError } from './alerts.errors.js';
import { RiskAlertFilter } from './alerts.input.js';
import type { AlertRow } from './alerts.repository.js';
import { secondsBetween } from './alerts.rules.js';
import { RiskAlert, RiskAlertConnection, type RiskAlertKind, type RiskAlertSeverity, type RiskAlertStatus } from './alert.type.js';

/** The row as risk officers see it; `detail` and staff ids stay inside the bank's logs. */
export function toRiskAlert(row: AlertRow): RiskAlert {
  return {
    id: row.id,
    kind: row.kind as RiskAlertKind,
    severity: row.severity as RiskAlertSeverity,
    customerId: row.customerId,
    subject: row.subject,
    summary: row.summary,
    status: row.status as RiskAlertStatus,
    raisedAt: row.raisedAt,
    acknowledgedAt: row.acknowledgedAt,
    resolvedAt: row.resolvedAt,
    resolution: row.resolution,
    timeToAcknowledgeSeconds: secondsBetween(row.raisedAt, row.acknowledgedAt),
    timeToResolveSeconds: secondsBetween(row.raisedAt, row.resolvedAt),
  };
}


type SubscribeData<A> = SubscribeResolverData<unknown, A, RequestContext>;

@Resolver(() => RiskAlert)
export class AlertsResolver {
  @Authorized('RISK_OFFICER', 'ADMIN') // Administrators may read; only risk officers work alerts.
  @Query(() => RiskAlertConnection, { description: 'Risk alerts, newest first.' })
  async riskAlerts(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20, description: '1-100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after?: string | null,
    @Arg('filter', () => RiskAlertFilter, { description: 'Optional narrowing by status, kind, severity or customer.', nullable: true }) filter?: RiskAlertFilter | null,
  ): Promise<RiskAlertConnection> {
    const page = await ctx.services.alerts.list(ctx.viewer, { first, after, filter: filter ?? {} });
    const edges = page.edges.map(({ cursor, node }) => ({ cursor, node: toRiskAlert(node) }));
    return { edges, nodes: edges.map((edge) => edge.node), pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: page.totalCount };
  }

  @Authorized('RISK_OFFICER', 'ADMIN')
  @Query(() => RiskAlert, { description: 'One risk alert; NOT_FOUND for an unknown id.' })
  async riskAlert(@Arg('id', () => ID, { description: 'Global id of the alert (`RiskAlert.id`).' }) id: string, @Ctx() ctx: RequestContext): Promise<RiskAlert> {
    return toRiskAlert(await ctx.services.alerts.get(ctx.viewer, id));
  }

  @Authorized('RISK_OFFICER')
  @Mutation(() => RiskAlert, { description: 'Takes an OPEN alert on: ACKNOWLEDGED, recording who and when.' })
  async acknowledgeRiskAlert(@Arg('id', () => ID, { description: 'Global id of an OPEN alert (`RiskAlert.id`). Unknown: NOT_FOUND; not OPEN: INVALID_TRANSITION.' }) id: string, @Ctx() ctx: RequestContext): Promise<RiskAlert> {
    return toRiskAlert(await ctx.services.alerts.acknowledge(ctx.viewer, id));
  }

  @Authorized('RISK_OFFICER')
  @Mutation(() => RiskAlert, { description: 'Closes an OPEN or ACKNOWLEDGED alert, saying how it was resolved.' })
  async resolveRiskAlert(
    @Arg('id', () => ID, { description: 'Global id of an OPEN or ACKNOWLEDGED alert. Unknown: NOT_FOUND; already resolved: INVALID_TRANSITION.' }) id: string,
    @Arg('resolution', () => String, { description: 'How the alert was resolved; 1-2000 characters (else BAD_USER_INPUT).' }) resolution: string,
    @Ctx() ctx: RequestContext,
  ): Promise<RiskAlert> {
    return toRiskAlert(await ctx.services.alerts.resolve(ctx.viewer, id, resolution));
  }

  @Authorized('RISK_OFFICER')
  @Subscription(() => RiskAlert, {
    description: 'Every new risk alert, live (no replay: list riskAlerts after reconnecting).',
    subscribe: ({ context }: SubscribeData<unknown>) => eventSubscription((signal) => context.services.alerts.raised(context.viewer, signal)),
  })
  async riskAlertRaised(@Root() event: StoredEvent, @Ctx() ctx: RequestContext): Promise<RiskAlert> {
    // The event commits with the alert, so the row is there.
    const row = await ctx.services.alerts.findById(String(event.payload.alertId));
    if (!row) throw new AlertError('NOT_FOUND', 'No such risk alert.');
    return toRiskAlert(row);
  }
}
