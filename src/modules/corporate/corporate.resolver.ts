import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { RequestContext } from '../../platform/context.js';
import type { StoredEvent } from '../../platform/events/event-log.js';
import { pageRequest, toConnection } from '../../platform/graphql/connection.js';
import { eventSubscription } from '../../platform/graphql/event-subscription.js';
import { CorporateRequestInput, CorporateSupplementInput, ExpertGuidanceInput, ExpertQueueFilter, SignatoryInput } from './corporate.input.js';
import type { CorporateRequestRow, GuidanceCaseRow } from './corporate.repository.js';
import type { BranchSignature } from './corporate.tables.js';
import {
  Company,
  CompanyAccount,
  CorporateActor,
  CorporateDocument,
  CorporateRequest,
  CorporateRequestConnection,
  CorporateRequestEvent,
  ExpertGuidanceCase,
  ExpertGuidanceCaseConnection,
  ExpertGuidanceEvent,
  type CorporateRequestKind,
  type CorporateRequestStatus,
  type GuidanceStatus,
} from './corporate.type.js';

/** The row as a client sees it: which expert or teller acted never leaves the bank. */
export function toCorporateRequest(row: CorporateRequestRow): CorporateRequest {
  const details = row.details as { bill?: CorporateRequest['bill']; guarantee?: CorporateRequest['guarantee'] };
  const signature = row.signature as BranchSignature | null;
  return {
    id: row.id,
    companyId: row.companyId,
    kind: row.kind as CorporateRequestKind,
    amount: { amount: row.amount, currency: row.currency },
    settlementAccountId: row.settlementAccountId,
    purpose: row.purpose,
    bill: details.bill ?? null,
    guarantee: details.guarantee ?? null,
    status: row.status as CorporateRequestStatus,
    seq: row.seq,
    requestedDocuments: row.requestedDocuments,
    conditions: row.conditions,
    returnReasons: row.returnReasons,
    inReview: row.claimedBy !== null,
    awaitingSecondApproval: row.firstApprovalBy !== null && row.status === 'IN_REVIEW',
    branchSignature: signature && row.signedAt ? { signatoryName: signature.signatoryName, relation: signature.relation, signedAt: row.signedAt } : null,
    channel: row.channel,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toGuidanceCase(row: GuidanceCaseRow): ExpertGuidanceCase {
  return {
    id: row.id,
    kind: row.kind,
    reference: row.reference,
    summary: row.summary,
    companyId: row.companyId,
    status: row.status as GuidanceStatus,
    seq: row.seq,
    inReview: row.claimedBy !== null,
    conditions: row.conditions,
    returnReasons: row.returnReasons,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const actorOf = (actor: string) => (actor.startsWith('customer:') ? CorporateActor.REPRESENTATIVE : actor.startsWith('staff:') ? CorporateActor.STAFF : CorporateActor.SYSTEM);

function toEvent(event: StoredEvent): CorporateRequestEvent {
  return {
    requestId: event.stream.replace(/^corporate:/, ''),
    seq: event.seq,
    type: event.type,
    status: event.payload.status as CorporateRequestStatus,
    reason: event.reason ?? null,
    actor: actorOf(event.actor),
    occurredAt: event.occurredAt,
  };
}

function toGuidanceEvent(event: StoredEvent): ExpertGuidanceEvent {
  return {
    caseId: event.stream.replace(/^guidance:/, ''),
    seq: event.seq,
    type: event.type,
    status: event.payload.status as GuidanceStatus,
    reason: event.reason ?? null,
    occurredAt: event.occurredAt,
  };
}

const mask = (accountNumber: string) => `****${accountNumber.slice(-4)}`;

type SubscribeData<A> = SubscribeResolverData<unknown, A, RequestContext>;

const KEY_DESCRIPTION = '8-128 letters, digits or ._:-; the same key replays the first answer, reusing it for another request is IDEMPOTENCY_KEY_REUSED.';

@Resolver(() => CorporateRequest)
export class CorporateResolver {
  @Authorized('CUSTOMER')
  @Query(() => [Company], { description: 'Companies you may act for (legal representative or authorised signatory), from the CRM. A list, not a connection: the few companies one person represents.' })
  async myCompanies(@Ctx() ctx: RequestContext): Promise<Company[]> {
    return (await ctx.services.corporate.myCompanies(ctx.viewer, ctx.scope)).map(({ profile, relation }) => ({
      companyId: profile.companyId,
      name: profile.name,
      registrationNumber: profile.registrationNumber,
      industry: profile.industry,
      relation,
    }));
  }

  @Authorized('CUSTOMER')
  @Query(() => [CompanyAccount], { description: 'Accounts of a company you may act for (NOT_FOUND otherwise). A list, not a connection: the handful of accounts core banking holds for one company.' })
  async companyAccounts(@Arg('companyId', () => ID, { description: 'A company from myCompanies.' }) companyId: string, @Ctx() ctx: RequestContext): Promise<CompanyAccount[]> {
    return (await ctx.services.corporate.companyAccounts(ctx.viewer, companyId, ctx.scope)).map((a) => ({
      accountId: a.accountId,
      maskedNumber: mask(a.accountNumber),
      kind: a.kind,
      balance: a.balance,
      status: a.status,
    }));
  }

  @Authorized('CUSTOMER')
  @Mutation(() => CorporateRequest, {
    description: 'Submits a bill discounting or letter of guarantee request with its documents, for a company you may act for. It goes to the expert queue (IN_REVIEW).',
  })
  async submitCorporateRequest(
    @Arg('input', () => CorporateRequestInput, { description: 'The request and its documents.' }) input: CorporateRequestInput,
    @Arg('idempotencyKey', () => String, { description: KEY_DESCRIPTION }) idempotencyKey: string,
    @Ctx() ctx: RequestContext,
  ): Promise<CorporateRequest> {
    return toCorporateRequest(await ctx.services.corporate.submit(ctx.viewer, { ...input, bill: input.bill ?? null, guarantee: input.guarantee ?? null }, idempotencyKey, ctx.channel, ctx.scope));
  }

  @Authorized('CUSTOMER', 'EXPERT_REVIEWER', 'TELLER')
  @Query(() => CorporateRequest, { nullable: true, description: 'One corporate request: your company’s, or any for experts (not of a company they are linked to) and tellers. NOT_FOUND otherwise.' })
  async corporateRequest(@Arg('id', () => ID, { description: 'Request id.' }) id: string, @Ctx() ctx: RequestContext): Promise<CorporateRequest> {
    return toCorporateRequest(await ctx.services.corporate.get(ctx.viewer, id));
  }

  @Authorized('CUSTOMER')
  @Query(() => CorporateRequestConnection, { description: 'Requests of the companies you may act for, newest first, a page at a time. BAD_USER_INPUT for `first` outside 1-100 or a cursor from elsewhere.' })
  async myCorporateRequests(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, 1-100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `pageInfo.endCursor` of the previous page; omit for the newest.' }) after?: string | null,
  ): Promise<CorporateRequestConnection> {
    const page = pageRequest('myCorporateRequests', first, after);
    const { rows, totalCount } = await ctx.services.corporate.mine(ctx.viewer, page);
    return toConnection(page, rows, totalCount, (row) => ({ at: row.createdAt, id: row.id }), toCorporateRequest);
  }

  @Authorized('CUSTOMER')
  @Mutation(() => CorporateRequest, { description: 'Uploads a document the expert asked for; the last one sends the request back to review.' })
  async uploadCorporateDocument(@Arg('input', () => CorporateSupplementInput, { description: 'The document and its request.' }) input: CorporateSupplementInput, @Ctx() ctx: RequestContext): Promise<CorporateRequest> {
    return toCorporateRequest(await ctx.services.corporate.uploadDocument(ctx.viewer, input, ctx.channel));
  }

  @Authorized('CUSTOMER')
  @Mutation(() => CorporateRequest, { description: 'Withdraws a request that is still in review.' })
  async withdrawCorporateRequest(
    @Arg('id', () => ID, { description: 'Request id.' }) id: string,
    @Arg('reason', () => String, { nullable: true, description: 'Why, optionally.' }) reason: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<CorporateRequest> {
    return toCorporateRequest(await ctx.services.corporate.withdraw(ctx.viewer, id, reason?.trim() || null));
  }

  @Authorized('EXPERT_REVIEWER')
  @Query(() => CorporateRequestConnection, {
    description: 'Requests waiting for an expert, oldest first, a page at a time; never those of a company you are linked to (nor counted in `totalCount`). BAD_USER_INPUT for `first` outside 1-100 or a cursor from elsewhere.',
  })
  async expertQueue(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => ExpertQueueFilter, { nullable: true, description: 'Narrow the queue.' }) filter: ExpertQueueFilter | null,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, 1-100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `pageInfo.endCursor` of the previous page (with the same arguments); omit for the oldest.' }) after?: string | null,
  ): Promise<CorporateRequestConnection> {
    const page = pageRequest('expertQueue', first, after);
    const { rows, totalCount } = await ctx.services.corporate.expertQueue(
      ctx.viewer,
      { kind: filter?.kind ?? null, status: filter?.status ?? null, onlyMine: filter?.onlyMine ?? false, unclaimed: filter?.unclaimed ?? false },
      page,
    );
    return toConnection(page, rows, totalCount, (row) => ({ at: row.createdAt, id: row.id }), toCorporateRequest);
  }

  @Authorized('EXPERT_REVIEWER')
  @Mutation(() => CorporateRequest, { description: 'Takes a request from the queue. ALREADY_CLAIMED if another expert has it; CONFLICT_OF_INTEREST if you are linked to the company.' })
  async claimCorporateRequest(@Arg('id', () => ID, { description: 'Request id.' }) id: string, @Ctx() ctx: RequestContext): Promise<CorporateRequest> {
    return toCorporateRequest(await ctx.services.corporate.claim(ctx.viewer, id, ctx.scope));
  }

  @Authorized('EXPERT_REVIEWER')
  @Mutation(() => CorporateRequest, { description: 'Gives a claimed request back to the queue, with a reason (audited). NOT_CLAIMED when nobody holds it.' })
  async releaseCorporateRequestClaim(
    @Arg('id', () => ID, { description: 'Request id.' }) id: string,
    @Arg('reason', () => String, { description: 'Why it is released.' }) reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<CorporateRequest> {
    return toCorporateRequest(await ctx.services.corporate.releaseClaim(ctx.viewer, id, reason));
  }

  @Authorized('EXPERT_REVIEWER')
  @Mutation(() => CorporateRequest, { description: 'Asks the company for more documents (you keep the claim).' })
  async requestCorporateDocuments(
    @Arg('id', () => ID, { description: 'Request id.' }) id: string,
    @Arg('kinds', () => [String], { description: 'Document codes, e.g. BANK_STATEMENT.' }) kinds: string[],
    @Arg('reason', () => String, { description: 'What the company is told.' }) reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<CorporateRequest> {
    return toCorporateRequest(await ctx.services.corporate.requestDocuments(ctx.viewer, id, kinds, reason));
  }

  @Authorized('EXPERT_REVIEWER') // Four eyes above CORPORATE_FOUR_EYES_THRESHOLD; never for a linked company.
  @Mutation(() => CorporateRequest, {
    description: 'Approves a claimed request with conditions. Above CORPORATE_FOUR_EYES_THRESHOLD the first approval waits for a second, different expert (FOUR_EYES_REQUIRED for the same one).',
  })
  async approveCorporateRequest(
    @Arg('id', () => ID, { description: 'Request id.' }) id: string,
    @Arg('conditions', () => [String], { defaultValue: [], description: 'Conditions the company must meet (up to 20, 3-500 characters each).' }) conditions: string[],
    @Arg('note', () => String, { nullable: true, description: 'A note for the record.' }) note: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<CorporateRequest> {
    return toCorporateRequest(await ctx.services.corporate.approve(ctx.viewer, id, conditions, note?.trim() || null, ctx.scope));
  }

  @Authorized('EXPERT_REVIEWER')
  @Mutation(() => CorporateRequest, { description: 'Returns a claimed request to the company with reasons (final).' })
  async returnCorporateRequest(
    @Arg('id', () => ID, { description: 'Request id.' }) id: string,
    @Arg('reasons', () => [String], { description: '1-20 reasons the company is shown.' }) reasons: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<CorporateRequest> {
    return toCorporateRequest(await ctx.services.corporate.returnRequest(ctx.viewer, id, reasons, ctx.scope));
  }

  @Authorized('TELLER')
  @Query(() => CorporateRequestConnection, { description: 'Approved requests waiting for their signature at a branch, longest waiting first, a page at a time. BAD_USER_INPUT for `first` outside 1-100 or a cursor from elsewhere.' })
  async corporateRequestsAwaitingSignature(
    @Ctx() ctx: RequestContext,
    @Arg('companyId', () => ID, { nullable: true, description: 'Only this company.' }) companyId: string | null,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, 1-100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `pageInfo.endCursor` of the previous page (with the same arguments); omit for the oldest.' }) after?: string | null,
  ): Promise<CorporateRequestConnection> {
    const page = pageRequest('corporateRequestsAwaitingSignature', first, after);
    const { rows, totalCount } = await ctx.services.corporate.awaitingSignature(ctx.viewer, companyId ?? null, page);
    return toConnection(page, rows, totalCount, (row) => ({ at: row.updatedAt, id: row.id }), toCorporateRequest);
  }

  @Authorized('TELLER')
  @Mutation(() => CorporateRequest, {
    description:
      'Records the offline signature of an APPROVED request → DONE. The signing person must be a legal representative or authorised signatory of the company (SIGNATORY_NOT_AUTHORISED) and pass identity verification (IDENTITY_NOT_VERIFIED).',
  })
  async recordBranchSignature(
    @Arg('id', () => ID, { description: 'Request id.' }) id: string,
    @Arg('signatory', () => SignatoryInput, { description: 'The person signing, from the identity document the teller checked.' }) signatory: SignatoryInput,
    @Arg('idempotencyKey', () => String, { description: KEY_DESCRIPTION }) idempotencyKey: string,
    @Ctx() ctx: RequestContext,
  ): Promise<CorporateRequest> {
    return toCorporateRequest(await ctx.services.corporate.recordBranchSignature(ctx.viewer, id, signatory, idempotencyKey, ctx.scope));
  }

  @FieldResolver(() => [CorporateDocument], { description: 'Documents supplied so far (content not served back).' })
  documents(@Root() request: CorporateRequest, @Ctx() ctx: RequestContext) {
    return ctx.services.corporate.documents(request.id);
  }

  @Subscription(() => CorporateRequestEvent, {
    description: 'Every event of a request after afterSeq (replayed), then live ones: no gap, no duplicate. Resume with the last seq seen.',
    subscribe: ({ args, context }: SubscribeData<{ id: string; afterSeq: number }>) =>
      eventSubscription((signal) => context.services.corporate.events(context.viewer, args.id, args.afterSeq, signal)),
  })
  corporateRequestUpdated(
    @Root() event: StoredEvent,
    @Arg('id', () => ID, { description: 'Request id.' }) _id: string,
    @Arg('afterSeq', () => Int, { defaultValue: 0, description: 'Replay events after this seq (0: all).' }) _afterSeq: number,
  ): CorporateRequestEvent {
    return toEvent(event);
  }

  @Authorized('EXPERT_REVIEWER')
  @Subscription(() => String, {
    description: 'The id of each corporate request or guidance case entering, moving in or leaving the expert queue, live; reload the queue.',
    subscribe: ({ context }: SubscribeData<unknown>) => eventSubscription((signal) => context.services.corporate.expertQueueEvents(context.viewer, signal)),
  })
  expertQueueChanged(@Root() event: StoredEvent): string {
    return event.stream;
  }
}

@Resolver(() => CorporateRequestEvent)
export class CorporateRequestEventResolver {
  @FieldResolver(() => CorporateRequest, { nullable: true, description: 'The request as it is now.' })
  async request(@Root() event: CorporateRequestEvent, @Ctx() ctx: RequestContext): Promise<CorporateRequest | null> {
    return toCorporateRequest(await ctx.services.corporate.get(ctx.viewer, event.requestId));
  }
}

@Resolver(() => ExpertGuidanceCase)
export class ExpertGuidanceResolver {
  @Authorized('TELLER')
  @Mutation(() => ExpertGuidanceCase, { description: 'Hands branch business (e.g. a corporate account opening) to the expert queue; follow the decision with expertGuidanceCaseUpdated.' })
  async createExpertGuidanceCase(
    @Arg('input', () => ExpertGuidanceInput, { description: 'Kind, reference and summary.' }) input: ExpertGuidanceInput,
    @Arg('idempotencyKey', () => String, { description: KEY_DESCRIPTION }) idempotencyKey: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ExpertGuidanceCase> {
    return toGuidanceCase(await ctx.services.guidance.open(ctx.viewer, input, idempotencyKey, ctx.scope));
  }

  @Authorized('TELLER', 'EXPERT_REVIEWER')
  @Query(() => ExpertGuidanceCase, { nullable: true, description: 'One case: the teller who opened it, or an expert not linked to its company. NOT_FOUND otherwise.' })
  async expertGuidanceCase(@Arg('id', () => ID, { description: 'Case id.' }) id: string, @Ctx() ctx: RequestContext): Promise<ExpertGuidanceCase> {
    return toGuidanceCase(await ctx.services.guidance.get(ctx.viewer, id));
  }

  @Authorized('TELLER')
  @Query(() => ExpertGuidanceCaseConnection, { description: 'Cases you opened, newest first, a page at a time. BAD_USER_INPUT for `first` outside 1-100 or a cursor from elsewhere.' })
  async myExpertGuidanceCases(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, 1-100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `pageInfo.endCursor` of the previous page; omit for the newest.' }) after?: string | null,
  ): Promise<ExpertGuidanceCaseConnection> {
    const page = pageRequest('myExpertGuidanceCases', first, after);
    const { rows, totalCount } = await ctx.services.guidance.mine(ctx.viewer, page);
    return toConnection(page, rows, totalCount, (row) => ({ at: row.createdAt, id: row.id }), toGuidanceCase);
  }

  @Authorized('EXPERT_REVIEWER')
  @Query(() => ExpertGuidanceCaseConnection, { description: 'Open cases you may take (unclaimed or yours), oldest first, a page at a time. BAD_USER_INPUT for `first` outside 1-100 or a cursor from elsewhere.' })
  async expertGuidanceQueue(
    @Ctx() ctx: RequestContext,
    @Arg('kind', () => String, { nullable: true, description: 'Only this kind.' }) kind: string | null,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, 1-100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `pageInfo.endCursor` of the previous page (with the same arguments); omit for the oldest.' }) after?: string | null,
  ): Promise<ExpertGuidanceCaseConnection> {
    const page = pageRequest('expertGuidanceQueue', first, after);
    const { rows, totalCount } = await ctx.services.guidance.queue(ctx.viewer, kind ?? null, page);
    return toConnection(page, rows, totalCount, (row) => ({ at: row.createdAt, id: row.id }), toGuidanceCase);
  }

  @Authorized('EXPERT_REVIEWER')
  @Mutation(() => ExpertGuidanceCase, { description: 'Takes a case. ALREADY_CLAIMED if another expert has it.' })
  async claimExpertGuidanceCase(@Arg('id', () => ID, { description: 'Case id.' }) id: string, @Ctx() ctx: RequestContext): Promise<ExpertGuidanceCase> {
    return toGuidanceCase(await ctx.services.guidance.claim(ctx.viewer, id));
  }

  @Authorized('EXPERT_REVIEWER')
  @Mutation(() => ExpertGuidanceCase, { description: 'Decides a claimed case: approve with conditions, or return with reasons. The teller sees it live.' })
  async decideExpertGuidanceCase(
    @Arg('id', () => ID, { description: 'Case id.' }) id: string,
    @Arg('approve', () => Boolean, { description: 'true: APPROVED; false: RETURNED.' }) approve: boolean,
    @Arg('statements', () => [String], { defaultValue: [], description: 'Conditions (approve, may be empty) or reasons (return, 1-20).' }) statements: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<ExpertGuidanceCase> {
    return toGuidanceCase(await ctx.services.guidance.decide(ctx.viewer, id, approve, statements));
  }

  @Authorized('TELLER')
  @Mutation(() => ExpertGuidanceCase, { description: 'Withdraws an open case you opened.' })
  async cancelExpertGuidanceCase(
    @Arg('id', () => ID, { description: 'Case id.' }) id: string,
    @Arg('reason', () => String, { defaultValue: '', description: 'Why, optionally.' }) reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ExpertGuidanceCase> {
    return toGuidanceCase(await ctx.services.guidance.cancel(ctx.viewer, id, reason));
  }

  @Subscription(() => ExpertGuidanceEvent, {
    description: 'Every event of a case after afterSeq (replayed), then live ones: the teller sees the expert decision as it is made.',
    subscribe: ({ args, context }: SubscribeData<{ id: string; afterSeq: number }>) =>
      eventSubscription((signal) => context.services.guidance.events(context.viewer, args.id, args.afterSeq, signal)),
  })
  expertGuidanceCaseUpdated(
    @Root() event: StoredEvent,
    @Arg('id', () => ID, { description: 'Case id.' }) _id: string,
    @Arg('afterSeq', () => Int, { defaultValue: 0, description: 'Replay events after this seq (0: all).' }) _afterSeq: number,
  ): ExpertGuidanceEvent {
    return toGuidanceEvent(event);
  }
}
