import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { RequestContext } from '../../platform/context.js';
import type { StoredEvent } from '../../platform/events/event-log.js';
import { eventSubscription } from '../../platform/graphql/event-subscription.js';
import { pageRequest, toConnection } from '../../platform/graphql/connection.js';
import { toGlobalId } from '../../platform/graphql/relay.js';
import type { FeedbackRow } from './feedback.repository.js';
import { breachedSla } from './feedback.rules.js';
import {
  ExperienceRating,
  FeedbackEvent,
  FeedbackItem,
  FeedbackItemConnection,
  FeedbackQueueOrder,
  FeedbackStatus,
  RateExperienceInput,
  SubmitFeedbackInput,
  type FeedbackCategory,
  type FeedbackSubjectKind,
  type RatedFlow,
} from './feedback.type.js';

type SubscribeData<A> = SubscribeResolverData<unknown, A, RequestContext>;

/** The Node type a rated or linked flow is, so that its id goes out as the same global id the client read. */
const NODE_TYPE_OF: Record<string, string> = { LOAN_APPLICATION: 'LoanApplication', TRANSFER: 'Transfer', ACCOUNT_OPENING: 'AccountOpening' };
const subjectGlobalId = (kind: string, id: string): string => toGlobalId(NODE_TYPE_OF[kind] ?? kind, id);

/** The row as anyone who may see it sees it: never which officer holds it. */
export function toFeedbackItem(row: FeedbackRow, asOf: Date): FeedbackItem {
  return {
    id: row.id,
    category: row.category as FeedbackCategory,
    text: row.text,
    channel: row.channel,
    fromStaff: row.customerId === null,
    subjectKind: row.subjectKind as FeedbackSubjectKind | null,
    subjectId: row.subjectKind && row.subjectId ? subjectGlobalId(row.subjectKind, row.subjectId) : null,
    status: row.status as FeedbackStatus,
    inHand: row.claimedBy !== null,
    response: row.response,
    submittedAt: row.submittedAt,
    dueAt: row.dueAt,
    firstResponseAt: row.firstResponseAt,
    escalatedAt: row.escalatedAt,
    resolvedAt: row.resolvedAt,
    slaBreached: breachedSla(row, asOf),
    seq: row.seq,
  };
}

function toFeedbackEvent(event: StoredEvent): FeedbackEvent {
  const message = event.type === 'RESPONDED' && typeof event.payload.message === 'string' ? event.payload.message : null;
  return {
    feedbackId: event.stream.replace(/^feedback:/, ''),
    seq: event.seq,
    type: event.type,
    status: event.payload.status as FeedbackStatus,
    message,
    at: event.occurredAt,
  };
}

@Resolver(() => ExperienceRating)
export class FeedbackResolver {
  @Authorized('CUSTOMER') // Partners and staff never rate; the service lets only the flow's own customer rate it.
  @Mutation(() => ExperienceRating, {
    description:
      'Rates one of your own finished flows (CSAT 1–5 and/or NPS 0–10), once. NOT_FOUND for a flow that is not yours; BAD_USER_INPUT (extensions.field) for a score out of range or an unfinished flow; ALREADY_RATED the second time.',
  })
  async rateExperience(@Arg('input', () => RateExperienceInput, { description: 'Which finished flow (loan application, transfer or account opening) and the scores: csat 1–5 and/or nps 0–10.' }) input: RateExperienceInput, @Ctx() ctx: RequestContext): Promise<ExperienceRating> {
    const row = await ctx.services.feedback.rate(ctx.viewer, input, ctx.channel);
    return { id: row.id, flow: row.flow as RatedFlow, subjectId: subjectGlobalId(row.flow, row.subjectId), csat: row.csat, nps: row.nps, ratedAt: row.ratedAt };
  }
}

@Resolver(() => FeedbackItem)
export class FeedbackItemResolver {
  @Authorized('CUSTOMER', 'STAFF') // Partners never submit on a customer's behalf.
  @Mutation(() => FeedbackItem, {
    description:
      'Submits feedback (customers from any channel, or staff); it is due for a first answer 72 h later. BAD_USER_INPUT (extensions.field) for empty or over-long text; NOT_FOUND for a subject that is not yours. The same idempotencyKey replays the first item.',
  })
  async submitFeedback(
    @Arg('input', () => SubmitFeedbackInput, { description: 'The feedback.' }) input: SubmitFeedbackInput,
    @Arg('idempotencyKey', () => String, { description: '8–128 letters, digits or ._:- chosen by the client; resend the same key after a timeout.' })
    idempotencyKey: string,
    @Ctx() ctx: RequestContext,
  ): Promise<FeedbackItem> {
    return toFeedbackItem(await ctx.services.feedback.submit(ctx.viewer, input, idempotencyKey, ctx.channel), new Date());
  }

  @Authorized('CUSTOMER', 'STAFF')
  @Query(() => FeedbackItem, { description: 'One feedback item: your own, or any for feedback officers. Anyone else’s is NOT_FOUND.' })
  async feedbackItem(@Arg('id', () => ID, { description: 'The item id.' }) id: string, @Ctx() ctx: RequestContext): Promise<FeedbackItem> {
    return toFeedbackItem(await ctx.services.feedback.get(ctx.viewer, id), new Date());
  }

  @Authorized('CUSTOMER')
  @Query(() => FeedbackItemConnection, {
    description: 'Your own feedback items, newest first, a page at a time. BAD_USER_INPUT for `first` outside 1-100 or a cursor from elsewhere.',
  })
  async myFeedback(
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, 1-100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `pageInfo.endCursor` of the previous page; omit for the newest.' }) after: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<FeedbackItemConnection> {
    const now = new Date();
    const page = pageRequest('myFeedback', first, after);
    const { rows, totalCount } = await ctx.services.feedback.mine(ctx.viewer, page);
    return toConnection(page, rows, totalCount, (row) => ({ at: row.submittedAt, id: row.id }), (row) => toFeedbackItem(row, now));
  }

  @Authorized('FEEDBACK_OFFICER', 'ADMIN')
  @Query(() => FeedbackItemConnection, {
    description:
      'The officers’ queue (FEEDBACK_OFFICER, ADMIN): items in the given statuses, soonest due first, a page at a time; `totalCount` counts those statuses. status ESCALATED is the supervisors’ queue. BAD_USER_INPUT for `first` outside 1-100 or a cursor from elsewhere.',
  })
  async feedbackQueue(
    @Arg('status', () => [FeedbackStatus], { defaultValue: [FeedbackStatus.OPEN, FeedbackStatus.ESCALATED], description: 'Which statuses to list (default OPEN and ESCALATED).' })
    status: FeedbackStatus[],
    @Arg('orderBy', () => FeedbackQueueOrder, { defaultValue: FeedbackQueueOrder.DUE_AT, description: 'Sort order; DUE_AT (soonest first) is the only one.' })
    _orderBy: FeedbackQueueOrder,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, 1-100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `pageInfo.endCursor` of the previous page (with the same statuses); omit for the soonest due.' }) after: string | null | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<FeedbackItemConnection> {
    const now = new Date();
    const page = pageRequest('feedbackQueue', first, after);
    const { rows, totalCount } = await ctx.services.feedback.queue(ctx.viewer, status, page);
    return toConnection(page, rows, totalCount, (row) => ({ at: row.dueAt, id: row.id }), (row) => toFeedbackItem(row, now));
  }

  @Authorized('FEEDBACK_OFFICER', 'ADMIN')
  @Mutation(() => FeedbackItem, { description: 'Takes an OPEN or ESCALATED item. CLAIMED_BY_ANOTHER when another officer holds it.' })
  async claimFeedback(@Arg('id', () => ID, { description: 'The item id.' }) id: string, @Ctx() ctx: RequestContext): Promise<FeedbackItem> {
    return toFeedbackItem(await ctx.services.feedback.claim(ctx.viewer, id), new Date());
  }

  @Authorized('FEEDBACK_OFFICER', 'ADMIN')
  @Mutation(() => FeedbackItem, {
    description: 'Answers the submitter of an item you hold; they see it live. The first answer stops the 72-hour clock. INVALID_TRANSITION before claiming.',
  })
  async respondToFeedback(
    @Arg('id', () => ID, { description: 'The item id.' }) id: string,
    @Arg('message', () => String, { description: 'The answer, 1 to 2000 characters.' }) message: string,
    @Ctx() ctx: RequestContext,
  ): Promise<FeedbackItem> {
    return toFeedbackItem(await ctx.services.feedback.respond(ctx.viewer, id, message), new Date());
  }

  @Authorized('FEEDBACK_OFFICER', 'ADMIN')
  @Mutation(() => FeedbackItem, { description: 'Closes an answered item you hold. INVALID_TRANSITION before it is answered.' })
  async resolveFeedback(
    @Arg('id', () => ID, { description: 'The item id.' }) id: string,
    @Arg('note', () => String, { nullable: true, description: 'An optional closing note, kept in the item’s history.' }) note: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<FeedbackItem> {
    return toFeedbackItem(await ctx.services.feedback.resolve(ctx.viewer, id, note ?? null), new Date());
  }

  @Subscription(() => FeedbackEvent, {
    description: 'Every change to one feedback item after afterSeq (replayed), then live ones: no gap, no duplicate. Yours, or any for feedback officers.',
    subscribe: ({ args, context }: SubscribeData<{ id: string; afterSeq: number }>) =>
      eventSubscription((signal) => context.services.feedback.events(context.viewer, args.id, args.afterSeq, signal)),
  })
  feedbackUpdated(
    @Root() event: StoredEvent,
    @Arg('id', () => ID, { description: 'The item id.' }) _id: string,
    @Arg('afterSeq', () => Int, { defaultValue: 0, description: 'The last seq you have seen (0 for the whole history).' }) _afterSeq: number,
  ): FeedbackEvent {
    return toFeedbackEvent(event);
  }
}

@Resolver(() => FeedbackEvent)
export class FeedbackEventResolver {
  @FieldResolver(() => FeedbackItem, { description: 'The item as it is now.' })
  async item(@Root() event: FeedbackEvent, @Ctx() ctx: RequestContext): Promise<FeedbackItem> {
    return toFeedbackItem(await ctx.services.feedback.get(ctx.viewer, event.feedbackId), new Date());
  }
}
