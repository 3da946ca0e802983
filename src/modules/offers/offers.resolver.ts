import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { RequestContext } from '../../platform/context.js';
import type { StoredEvent } from '../../platform/events/event-log.js';
import { eventSubscription } from '../../platform/graphql/event-subscription.js';
import { OffersError } from './offers.errors.js';
import type { OfferRow, ProfileRow } from './offers.repository.js';
import {
  type AdvisorStatus,
  BehaviourEventInput,
  Offer,
  OfferEvent,
  OfferResponse,
  OfferStatus,
  NeedsProfile,
  TrackEventsResult,
  type Need,
} from './offers.type.js';

type SubscribeData<A> = SubscribeResolverData<unknown, A, RequestContext>;

export function toNeedsProfile(row: ProfileRow): NeedsProfile {
  return {
    customerId: row.customerId,
    needs: row.needs.map((n) => ({ need: n.need as Need, rule: n.rule, firstSeenAt: new Date(n.firstSeenAt), lastSeenAt: new Date(n.lastSeenAt) })),
    advisorStatus: row.advisorStatus as AdvisorStatus,
    advisorId: row.advisorStatus === 'ASSIGNED' ? row.advisorId : null,
    marketingConsent: row.marketingConsent,
    consentChangedAt: row.consentChangedAt,
    evaluatedAt: row.evaluatedAt,
  };
}

export function toOffer(row: OfferRow): Offer {
  return {
    id: row.id,
    need: row.need as Need,
    productCode: row.productCode,
    status: row.status as OfferStatus,
    createdAt: row.createdAt,
    shownAt: row.shownAt,
    respondedAt: row.respondedAt,
  };
}

@Resolver(() => Offer)
export class OffersResolver {
  @Authorized('CUSTOMER') // Partners and staff never send behaviour events.
  @Mutation(() => TrackEventsResult, {
    description:
      'Records up to 100 behaviour events of the signed-in customer’s session, all or nothing. BAD_USER_INPUT (extensions.field, e.g. events[3].productCode) for an empty or over-long batch, an unknown product, a missing productCode where the kind needs one, or a time older than 24 h; times more than 2 minutes ahead are clamped (counted in clamped). EVENTS_RATE_LIMITED (extensions.retryAfterSeconds) when the session’s event budget is spent. Partners: FORBIDDEN.',
  })
  async trackEvents(
    @Arg('events', () => [BehaviourEventInput], { description: '1 to 100 events, oldest first.' }) events: BehaviourEventInput[],
    @Ctx() ctx: RequestContext,
  ): Promise<TrackEventsResult> {
    return ctx.services.offers.track(ctx.viewer, events, ctx.channel, ctx.scope);
  }

  @Authorized('CUSTOMER')
  @Mutation(() => NeedsProfile, {
    description:
      'Grants (true) or revokes (false) your consent to marketing offers. Revoking withdraws your open offers and any advisor assignment; granting lets the rules make offers at once.',
  })
  async setMarketingConsent(
    @Arg('granted', () => Boolean, { description: 'true to allow offers, false to stop them.' }) granted: boolean,
    @Ctx() ctx: RequestContext,
  ): Promise<NeedsProfile> {
    return toNeedsProfile(await ctx.services.offers.setMarketingConsent(ctx.viewer, granted, ctx.channel, ctx.scope));
  }

  @Authorized('CUSTOMER')
  @Query(() => NeedsProfile, { description: 'Your needs profile: what the rules inferred, your advisor and your marketing consent. Partners: FORBIDDEN.' })
  async myNeedsProfile(@Ctx() ctx: RequestContext): Promise<NeedsProfile> {
    return toNeedsProfile(await ctx.services.offers.myProfile(ctx.viewer));
  }

  @Authorized('TELLER', 'ADMIN')
  @Query(() => NeedsProfile, {
    description: 'A customer’s needs profile for their advisor (TELLER, ADMIN). NOT_FOUND when nothing was recorded for the customer. A pending advisor assignment is retried first.',
  })
  async customerNeedsProfile(@Arg('customerId', () => ID, { description: 'The customer’s id (C000001) or their Customer global id.' }) customerId: string, @Ctx() ctx: RequestContext): Promise<NeedsProfile> {
    return toNeedsProfile(await ctx.services.offers.customerProfile(ctx.viewer, customerId, ctx.scope));
  }

  @Authorized('CUSTOMER')
  @Query(() => [Offer], { description: 'Your offers, newest first (OPEN ones by default). Offers returned here count as shown for the conversion indicator. Partners: FORBIDDEN.' })
  async myOffers(
    @Arg('status', () => [OfferStatus], { defaultValue: [OfferStatus.OPEN], description: 'Which statuses to list (default OPEN).' }) status: OfferStatus[],
    @Arg('first', () => Int, { defaultValue: 50, description: 'At most this many (1–100).' }) first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Offer[]> {
    return (await ctx.services.offers.mine(ctx.viewer, status, first)).map(toOffer);
  }

  @Authorized('CUSTOMER')
  @Mutation(() => Offer, { description: 'Accepts or dismisses one of your OPEN offers. NOT_FOUND for an offer that is not yours; INVALID_TRANSITION (extensions.status) once answered or withdrawn.' })
  async respondToOffer(
    @Arg('id', () => ID, { description: 'The offer id.' }) id: string,
    @Arg('response', () => OfferResponse, { description: 'ACCEPTED or DISMISSED.' }) response: OfferResponse,
    @Ctx() ctx: RequestContext,
  ): Promise<Offer> {
    return toOffer(await ctx.services.offers.respond(ctx.viewer, id, response));
  }

  @Subscription(() => OfferEvent, {
    description: 'Your new offers, live: every one after afterSeq is replayed first, then new ones as they are made — no gap, no duplicate. Customers only (partners and staff: FORBIDDEN).',
    subscribe: ({ args, context }: SubscribeData<{ afterSeq: number }>) => eventSubscription((signal) => context.services.offers.received(context.viewer, args.afterSeq, signal)),
  })
  offerReceived(
    @Root() event: StoredEvent,
    @Arg('afterSeq', () => Int, { defaultValue: 0, description: 'The last seq you have seen (0 for every offer ever made to you).' }) _afterSeq: number,
  ): OfferEvent {
    return { seq: event.seq, type: event.type, at: event.occurredAt, offerId: String(event.payload.offerId) };
  }
}

@Resolver(() => OfferEvent)
export class OfferEventResolver {
  @FieldResolver(() => Offer, { description: 'The offer as it is now.' })
  async offer(@Root() event: OfferEvent, @Ctx() ctx: RequestContext): Promise<Offer> {
    const row = await ctx.services.offers.findOffer(event.offerId);
    if (!row || ctx.viewer.kind !== 'customer' || row.customerId !== ctx.viewer.customerId) throw new OffersError('NOT_FOUND', 'No such offer.');
    return toOffer(row);
  }
}
