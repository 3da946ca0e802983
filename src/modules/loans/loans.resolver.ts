import { GraphQLError } from 'graphql';
import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
  type SubscribeResolverData,
} from 'type-graphql';
import type { RequestContext, Viewer } from '../../platform/context.js';
import { customerAccess } from '../customers/customers.rules.js';
import { eventSubscription } from '../../platform/graphql/event-subscription.js';
import type { StoredEvent } from '../../platform/events/event-log.js';
import { Customer, type CustomerRef } from '../customers/customer.type.js';
import { LoanApplicationInput, LoanDocumentInput, ReviewQueueFilter } from './loans.input.js';
import type { LoanRow } from './loans.repository.js';
import { visibleReasons } from './loans.rules.js';
import { pageRequest, toConnection } from '../../platform/graphql/connection.js';
import { ActorRole, LoanApplication, LoanApplicationConnection, LoanApplicationEvent, LoanDocument, type LoanStatus } from './loan.type.js';

/**
 * The row as `viewer` sees it; reviewer identities never leave the bank. Every path to an
 * application (queries, mutations, the review queue, a customer's open applications, a
 * subscription's `application`) comes through here, so the reasons are filtered in one place: a
 * reason is shown only to a viewer who may read the data it came from (loans.rules.ts).
 */
export function toLoanApplication(row: LoanRow, viewer: Viewer): LoanApplication {
  const decision = row.decision as { reasons?: { code: string; message: string }[] } | null;
  const access = customerAccess(viewer, row.customerId);
  return {
    id: row.id,
    productCode: row.productCode,
    amount: { amount: row.amount, currency: row.currency },
    termMonths: row.termMonths,
    purpose: row.purpose,
    channel: row.channel,
    status: row.status as LoanStatus,
    seq: row.seq,
    reasons: visibleReasons(decision?.reasons ?? [], { credit: access.credit, risk: access.risk, staff: viewer.kind === 'staff' }),
    approvedTerms:
      row.approvedAmount && row.annualRate && row.monthlyPayment
        ? {
            amount: { amount: row.approvedAmount, currency: row.currency },
            termMonths: row.termMonths,
            annualRate: row.annualRate,
            monthlyPayment: { amount: row.monthlyPayment, currency: row.currency },
          }
        : null,
    requestedDocuments: row.requestedDocuments,
    inReview: row.claimedBy !== null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function toEvent(event: StoredEvent): LoanApplicationEvent {
  const actor = event.actor.startsWith('customer:') ? ActorRole.CUSTOMER : event.actor.startsWith('staff:') ? ActorRole.REVIEWER : ActorRole.SYSTEM;
  return {
    applicationId: event.stream.replace(/^loan:/, ''),
    seq: event.seq,
    type: event.type,
    status: event.payload.status as LoanStatus,
    reason: event.reason ?? null,
    actor,
    occurredAt: event.occurredAt,
  };
}


type SubscribeData<A> = SubscribeResolverData<unknown, A, RequestContext>;

@Resolver(() => LoanApplication)
export class LoansResolver {
  @Authorized('CUSTOMER')
  @Mutation(() => LoanApplication, {
    description: 'Applies for a loan and decides at once. Same idempotencyKey → same application and reply.',
  })
  async applyForLoan(
    @Arg('input', () => LoanApplicationInput, { description: 'What is applied for. Invalid input fails with BAD_USER_INPUT; an open application for the same product with PENDING_APPLICATION_EXISTS.' }) input: LoanApplicationInput,
    @Arg('idempotencyKey', () => String, { description: 'Client-chosen key, 8-128 letters, digits or ._:-. The same key with the same input replays the same application; reusing it for another request is refused (IDEMPOTENCY_KEY_REUSED).' }) idempotencyKey: string,
    @Ctx() ctx: RequestContext,
  ): Promise<LoanApplication> {
    return toLoanApplication(await ctx.services.loans.apply(ctx.viewer, input, idempotencyKey, ctx.channel, ctx.scope), ctx.viewer);
  }

  @Authorized('CUSTOMER', 'REVIEWER')
  @Query(() => LoanApplication, { description: "One loan application: the customer's own, or any for a REVIEWER. Fails with NOT_FOUND when it does not exist or is not yours to see.", nullable: true })
  async loanApplication(@Arg('id', () => ID, { description: 'Global id of the application (`LoanApplication.id`).' }) id: string, @Ctx() ctx: RequestContext): Promise<LoanApplication> {
    return toLoanApplication(await ctx.services.loans.get(ctx.viewer, id), ctx.viewer);
  }

  @Authorized('CUSTOMER')
  @Query(() => LoanApplicationConnection, {
    description: 'Your applications, newest first, from any channel, a page at a time. BAD_USER_INPUT for `first` outside 1-100 or a cursor from elsewhere.',
  })
  async myLoanApplications(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, 1-100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `pageInfo.endCursor` of the previous page; omit for the newest.' }) after?: string | null,
  ): Promise<LoanApplicationConnection> {
    const page = pageRequest('myLoanApplications', first, after);
    const { rows, totalCount } = await ctx.services.loans.mine(ctx.viewer, page);
    return toConnection(page, rows, totalCount, (row) => ({ at: row.createdAt, id: row.id }), (row) => toLoanApplication(row, ctx.viewer));
  }

  @Authorized('CUSTOMER')
  @Mutation(() => LoanApplication, { description: 'Withdraws an application before its decision is final.' })
  async withdrawLoanApplication(
    @Arg('id', () => ID, { description: 'Global id of your application; only while SUBMITTED, CHECKING, MANUAL_REVIEW or DOCUMENTS_REQUESTED (else INVALID_TRANSITION).' }) id: string,
    @Arg('reason', () => String, { description: "Optional reason, kept in the application's history.", nullable: true }) reason: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<LoanApplication> {
    return toLoanApplication(await ctx.services.loans.withdraw(ctx.viewer, id, reason ?? null), ctx.viewer);
  }

  @Authorized('CUSTOMER')
  @Mutation(() => LoanApplication, { description: 'Supplies a document the reviewer asked for.' })
  async uploadLoanDocument(@Arg('input', () => LoanDocumentInput, { description: 'The document. Not requested: DOCUMENT_NOT_REQUESTED; too large: DOCUMENT_TOO_LARGE; wrong type: DOCUMENT_TYPE_NOT_ALLOWED.' }) input: LoanDocumentInput, @Ctx() ctx: RequestContext): Promise<LoanApplication> {
    return toLoanApplication(await ctx.services.loans.uploadDocument(ctx.viewer, input, ctx.channel), ctx.viewer);
  }

  @Authorized('CUSTOMER')
  @Mutation(() => LoanApplication, {
    description: 'Accepts the approved terms; the loan is paid into the account. The same idempotency key replays the first answer and never pays twice.',
  })
  async signLoanContract(
    @Arg('id', () => ID, { description: 'Global id of your APPROVED application.' }) id: string,
    @Arg('disbursementAccountId', () => ID, { description: 'Global id (`Account.id`) of one of your own accounts to pay the loan into.' }) disbursementAccountId: string,
    @Arg('idempotencyKey', () => String, { description: '8-128 letters, digits or ._:-; reusing it for another request is refused (IDEMPOTENCY_KEY_REUSED).' })
    idempotencyKey: string,
    @Ctx() ctx: RequestContext,
  ): Promise<LoanApplication> {
    return toLoanApplication(await ctx.services.loans.signContract(ctx.viewer, id, disbursementAccountId, idempotencyKey, ctx.scope), ctx.viewer);
  }

  @Authorized('CUSTOMER', 'REVIEWER')
  @Mutation(() => LoanApplication, {
    description:
      'Retries the payout of a signed loan (CONTRACT_SIGNED): its customer, or a reviewer finishing a payout an outage left unpaid. Core banking is asked first; never pays twice. DISBURSEMENT_FAILED while core banking cannot pay (the sweep keeps trying).',
  })
  async disburseLoan(@Arg('id', () => ID, { description: 'Global id of a CONTRACT_SIGNED application. A failed payout fails with DISBURSEMENT_FAILED.' }) id: string, @Ctx() ctx: RequestContext): Promise<LoanApplication> {
    return toLoanApplication(await ctx.services.loans.disburse(ctx.viewer, id, ctx.scope), ctx.viewer);
  }

  @Authorized('REVIEWER')
  @Query(() => LoanApplicationConnection, {
    description: 'Applications waiting for a reviewer, oldest first, a page at a time; `totalCount` counts the whole filtered queue. BAD_USER_INPUT for `first` outside 1-100 or a cursor from elsewhere.',
  })
  async loanReviewQueue(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => ReviewQueueFilter, { description: 'Optional narrowing (status, product, mine, unclaimed).', nullable: true }) filter: ReviewQueueFilter | null,
    @Arg('first', () => Int, { description: 'Page size, 1-100.', defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `pageInfo.endCursor` of the previous page (with the same filter); omit for the oldest.' }) after?: string | null,
  ): Promise<LoanApplicationConnection> {
    const page = pageRequest('loanReviewQueue', first, after);
    const { rows, totalCount } = await ctx.services.loans.reviewQueue(
      ctx.viewer,
      { status: filter?.status ?? null, productCode: filter?.productCode ?? null, onlyMine: filter?.onlyMine ?? false, unclaimed: filter?.unclaimed ?? false },
      page,
    );
    return toConnection(page, rows, totalCount, (row) => ({ at: row.createdAt, id: row.id }), (row) => toLoanApplication(row, ctx.viewer));
  }

  @Authorized('REVIEWER')
  @Mutation(() => LoanApplication, { description: 'Takes an application from the queue.' })
  async claimLoanApplication(@Arg('id', () => ID, { description: 'Global id of the application (`LoanApplication.id`). Held by another reviewer: ALREADY_CLAIMED.' }) id: string, @Ctx() ctx: RequestContext): Promise<LoanApplication> {
    return toLoanApplication(await ctx.services.loans.claim(ctx.viewer, id), ctx.viewer);
  }

  @Authorized('REVIEWER')
  @Mutation(() => LoanApplication, {
    description: 'Gives a claimed application back to the queue, with a reason (audited). NOT_CLAIMED when nobody holds it.',
  })
  async releaseLoanApplicationClaim(@Arg('id', () => ID, { description: 'Global id of the application you hold.' }) id: string, @Arg('reason', () => String, { description: 'Why it goes back to the queue; recorded (audited).' }) reason: string, @Ctx() ctx: RequestContext): Promise<LoanApplication> {
    return toLoanApplication(await ctx.services.loans.releaseClaim(ctx.viewer, id, reason), ctx.viewer);
  }

  @Authorized('REVIEWER')
  @Mutation(() => LoanApplication, { description: 'Asks the customer for specific documents.' })
  async requestLoanDocuments(
    @Arg('id', () => ID, { description: 'Global id of an application you have claimed (else NOT_CLAIMED).' }) id: string,
    @Arg('kinds', () => [String], { description: 'Document codes the customer must supply, e.g. INCOME_PROOF.' }) kinds: string[],
    @Arg('reason', () => String, { description: 'Why they are needed; shown to the customer.' }) reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<LoanApplication> {
    return toLoanApplication(await ctx.services.loans.requestDocuments(ctx.viewer, id, kinds, reason), ctx.viewer);
  }

  @Authorized('REVIEWER') // Four-eyes above LOAN_FOUR_EYES_THRESHOLD; never on one's own application.
  @Mutation(() => LoanApplication, { description: 'Approves or rejects a claimed application, with a reason.' })
  async decideLoanApplication(
    @Arg('id', () => ID, { description: 'Global id of an application you have claimed (else NOT_CLAIMED).' }) id: string,
    @Arg('approve', () => Boolean, { description: 'True to approve, false to reject. Above the four-eyes threshold an approval needs a second, different reviewer (FOUR_EYES_REQUIRED).' }) approve: boolean,
    @Arg('reason', () => String, { description: "Why; recorded in the application's history (audited)." }) reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<LoanApplication> {
    return toLoanApplication(await ctx.services.loans.decideManually(ctx.viewer, id, approve, reason, ctx.scope), ctx.viewer);
  }

  @FieldResolver(() => [LoanDocument], { description: 'Documents supplied so far.' })
  documents(@Root() application: LoanApplication, @Ctx() ctx: RequestContext) {
    return ctx.services.loans.documents(application.id);
  }

  @Subscription(() => LoanApplicationEvent, {
    description: 'Every event after afterSeq (replayed), then live ones: no gap, no duplicate. Resume with the last seq seen.',
    subscribe: ({ args, context }: SubscribeData<{ id: string; afterSeq: number }>) =>
      eventSubscription((signal) => context.services.loans.events(context.viewer, args.id, args.afterSeq, signal)),
  })
  loanApplicationUpdated(
    @Root() event: StoredEvent,
    @Arg('id', () => ID, { description: 'Global id of the application to follow (yours, or any for a REVIEWER).' }) _id: string,
    @Arg('afterSeq', () => Int, { description: 'Replay events with a `seq` greater than this first (default 0: the whole history).', defaultValue: 0 }) _afterSeq: number,
  ): LoanApplicationEvent {
    return toEvent(event);
  }

  @Authorized('CUSTOMER')
  @Subscription(() => LoanApplicationEvent, {
    description: 'Changes to any of your applications, live, from whichever channel made them.',
    subscribe: ({ context }: SubscribeData<unknown>) => eventSubscription((signal) => context.services.loans.myEvents(context.viewer, signal)),
  })
  myLoanApplicationsUpdated(@Root() event: StoredEvent): LoanApplicationEvent {
    return toEvent(event);
  }

  @Authorized('REVIEWER')
  @Subscription(() => LoanApplicationEvent, {
    description: 'Applications entering, moving in or leaving the review queue.',
    subscribe: ({ context }: SubscribeData<unknown>) => eventSubscription((signal) => context.services.loans.queueEvents(context.viewer, signal)),
  })
  loanReviewQueueChanged(@Root() event: StoredEvent): LoanApplicationEvent {
    return toEvent(event);
  }
}

@Resolver(() => LoanApplicationEvent)
export class LoanApplicationEventResolver {
  @FieldResolver(() => LoanApplication, { nullable: true, description: 'The application as it is now.' })
  async application(@Root() event: LoanApplicationEvent, @Ctx() ctx: RequestContext): Promise<LoanApplication | null> {
    return toLoanApplication(await ctx.services.loans.get(ctx.viewer, event.applicationId), ctx.viewer);
  }
}

@Resolver(() => Customer)
export class CustomerLoansResolver {
  @FieldResolver(() => [LoanApplication], {
    nullable: true,
    description: 'Applications not yet finished, newest first. A list, not a connection: a customer has at most one open application per loan product (PENDING_APPLICATION_EXISTS), so it stays short.',
  })
  async openLoanApplications(@Root() ref: CustomerRef, @Ctx() ctx: RequestContext): Promise<LoanApplication[]> {
    // The customer themself, or staff who may see their accounts; partners never see applications.
    if (ctx.viewer.kind === 'partner' || !ref.access.accounts) {
      throw new GraphQLError('You may not see the applications of this customer.', { extensions: { code: 'FORBIDDEN' } });
    }
    return (await ctx.services.loans.openFor(ref.id)).map((row) => toLoanApplication(row, ctx.viewer));
  }
}
