import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/context.js';
import { pageRequest, toConnection } from '../../platform/graphql/connection.js';
import { AccountOpening, AccountOpeningConnection, AccountOpeningKind, type AccountOpeningStatus } from './account-opening.type.js';
import { SubmitAccountOpeningInput } from './onboarding.input.js';
import type { OpeningRow } from './onboarding.repository.js';
import { customerMessage } from './onboarding.rules.js';

/** The row as clients see it: verification and screening results never leave the bank this way. */
export function toAccountOpening(row: OpeningRow): AccountOpening {
  return {
    id: row.id,
    kind: row.kind as AccountOpeningKind,
    currency: row.currency,
    status: row.status as AccountOpeningStatus,
    message: customerMessage(row.status),
    prefill: row.prefill,
    accountId: row.accountId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

@Resolver(() => AccountOpening)
export class OnboardingResolver {
  @Authorized('CUSTOMER')
  @Mutation(() => AccountOpening, {
    description: 'Starts a draft account opening, pre-filled from what the bank knows. The same idempotency key returns the same draft.',
  })
  async startAccountOpening(
    @Arg('kind', () => AccountOpeningKind, { description: 'Kind of account to open.' }) kind: AccountOpeningKind,
    @Arg('currency', () => String, { description: 'CNY, USD, EUR or HKD.' }) currency: string,
    @Arg('idempotencyKey', () => String, { description: '8-128 letters, digits or ._:-; reusing it for another request is refused (IDEMPOTENCY_KEY_REUSED).' })
    idempotencyKey: string,
    @Ctx() ctx: RequestContext,
  ): Promise<AccountOpening> {
    return toAccountOpening(await ctx.services.onboarding.start(ctx.viewer, kind, currency, idempotencyKey, ctx.scope));
  }

  @Authorized('CUSTOMER')
  @Mutation(() => AccountOpening, {
    description: 'Verifies the identity and opens the account, or holds it for review. Safe to repeat: a decided opening is returned as it is.',
  })
  async submitAccountOpening(
    @Arg('id', () => ID, { description: "Global id of your DRAFT opening (`AccountOpening.id`); another customer's fails with NOT_FOUND." }) id: string,
    @Arg('input', () => SubmitAccountOpeningInput, { description: 'Name, identity number and selfie token. Invalid: BAD_USER_INPUT; not your identity: IDENTITY_MISMATCH; not verified: IDENTITY_NOT_VERIFIED; check down: IDENTITY_CHECK_UNAVAILABLE.' }) input: SubmitAccountOpeningInput,
    @Ctx() ctx: RequestContext,
  ): Promise<AccountOpening> {
    return toAccountOpening(await ctx.services.onboarding.submit(ctx.viewer, id, input, ctx.scope));
  }

  @Authorized('CUSTOMER', 'RISK_OFFICER', 'ADMIN')
  @Query(() => AccountOpening, { description: 'One account opening: your own, or any for risk staff.' })
  async accountOpening(@Arg('id', () => ID, { description: 'Global id of the opening (`AccountOpening.id`). NOT_FOUND when it does not exist or is not yours to see.' }) id: string, @Ctx() ctx: RequestContext): Promise<AccountOpening> {
    return toAccountOpening(await ctx.services.onboarding.get(ctx.viewer, id));
  }

  @Authorized('RISK_OFFICER', 'ADMIN')
  @Query(() => AccountOpeningConnection, {
    description: 'Account openings waiting for a risk officer, oldest first, a page at a time. BAD_USER_INPUT for `first` outside 1-100 or a cursor from elsewhere.',
  })
  async accountOpeningReviewQueue(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, 1-100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `pageInfo.endCursor` of the previous page; omit for the oldest.' }) after?: string | null,
  ): Promise<AccountOpeningConnection> {
    const page = pageRequest('accountOpeningReviewQueue', first, after);
    const { rows, totalCount } = await ctx.services.onboarding.pendingReview(ctx.viewer, page);
    return toConnection(page, rows, totalCount, (row) => ({ at: row.createdAt, id: row.id }), toAccountOpening);
  }

  @Authorized('RISK_OFFICER')
  @Mutation(() => AccountOpening, { description: 'Decides a PENDING_REVIEW opening: approve opens the account, reject terminates it.' })
  async reviewAccountOpening(
    @Arg('id', () => ID, { description: 'Global id of a PENDING_REVIEW opening (`AccountOpening.id`). Unknown: NOT_FOUND; not pending: INVALID_TRANSITION; your own: OWN_APPLICATION.' }) id: string,
    @Arg('approve', () => Boolean, { description: 'True opens the account; false terminates the opening.' }) approve: boolean,
    @Arg('reason', () => String, { description: 'Why; recorded (audited), never shown to the customer.' }) reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<AccountOpening> {
    return toAccountOpening(await ctx.services.onboarding.review(ctx.viewer, id, approve, reason, ctx.scope));
  }
}
