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
import type { RequestContext } from '../../platform/context.js';
import { eventSubscription } from '../../platform/graphql/event-subscription.js';
import type { StoredEvent } from '../../platform/events/event-log.js';
import type { TransferRow } from './transfers.repository.js';
import { Transfer, TransferConnection, TransferEvent, TransferInput, TransferRiskAssessment, type TransferStatus } from './transfer.type.js';
import { pageRequest, toConnection } from '../../platform/graphql/connection.js';
import { requireStaff } from '../../platform/guards.js';

type TransferRoot = Transfer & { row: TransferRow };

export function toTransfer(row: TransferRow): TransferRoot {
  return {
    id: row.id,
    fromAccountId: row.fromAccountId,
    payeeAccountNumber: row.payeeAccountNumber,
    payeeName: row.payeeName,
    amount: { amount: row.amount, currency: row.currency },
    status: row.status as TransferStatus,
    seq: row.seq,
    stepUpCodeExpiresAt: row.status === 'PENDING_STEP_UP' && row.otpHash ? row.otpExpiresAt : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    row,
  };
}


type SubscribeData<A> = SubscribeResolverData<unknown, A, RequestContext>;

@Resolver(() => Transfer)
export class TransfersResolver {
  @Authorized('CUSTOMER')
  @Mutation(() => Transfer, {
    description:
      'Sends money, risk-checked before it executes. Same idempotencyKey → never posts twice. POSTING_PENDING (extensions.transferId) when core banking has not confirmed yet: the transfer stays POSTING and is settled automatically; follow it rather than sending a new one.',
  })
  async submitTransfer(
    @Arg('input', () => TransferInput, { description: 'Source account, payee and amount. Over a limit: LIMIT_EXCEEDED; not enough available balance: INSUFFICIENT_FUNDS.' }) input: TransferInput,
    @Arg('idempotencyKey', () => String, { description: 'Client-chosen key, 8-128 letters, digits or ._:-. The same key with the same input replays the first answer and never moves money twice; reusing it for another request is refused (IDEMPOTENCY_KEY_REUSED).' }) idempotencyKey: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Transfer> {
    return toTransfer(await ctx.services.transfers.submit(ctx.viewer, input, idempotencyKey, ctx.channel, ctx.scope));
  }

  @Authorized('CUSTOMER')
  @Mutation(() => Transfer, { description: 'Confirms a PENDING_STEP_UP transfer with the code sent to your phone.' })
  async confirmTransfer(@Arg('id', () => ID, { description: 'Global id (`Transfer.id`) of your PENDING_STEP_UP transfer.' }) id: string, @Arg('code', () => String, { description: 'The confirmation code sent to your phone. Wrong: CODE_INVALID (`extensions.attemptsLeft`); expired: CODE_EXPIRED.' }) code: string, @Ctx() ctx: RequestContext): Promise<Transfer> {
    return toTransfer(await ctx.services.transfers.confirm(ctx.viewer, id, code, ctx.scope));
  }

  @Authorized('CUSTOMER')
  @Mutation(() => Transfer, {
    description:
      'Sends a new confirmation code for your PENDING_STEP_UP transfer (the previous code stops working). At most 5 codes per transfer: then TOO_MANY_CODES, submit a new transfer. CODE_NOT_SENT when the SMS could not be sent: try again later.',
  })
  async resendTransferCode(
    @Arg('id', () => ID, { description: 'The PENDING_STEP_UP transfer.' }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Transfer> {
    return toTransfer(await ctx.services.transfers.resendCode(ctx.viewer, id, ctx.scope));
  }

  @Authorized('CUSTOMER', 'RISK_OFFICER')
  @Query(() => Transfer, { description: 'One transfer: your own, or any for a RISK_OFFICER. NOT_FOUND when it does not exist or is not yours to see.', nullable: true })
  async transfer(@Arg('id', () => ID, { description: 'Global id of the transfer (`Transfer.id`).' }) id: string, @Ctx() ctx: RequestContext): Promise<Transfer> {
    return toTransfer(await ctx.services.transfers.get(ctx.viewer, id));
  }

  @Authorized('CUSTOMER')
  @Query(() => TransferConnection, { description: 'Your transfers, newest first, a page at a time. BAD_USER_INPUT for `first` outside 1-100 or a cursor from elsewhere.' })
  async myTransfers(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, 1-100.' }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `pageInfo.endCursor` of the previous page; omit for the newest.' }) after?: string | null,
  ): Promise<TransferConnection> {
    const page = pageRequest('myTransfers', first, after);
    const { rows, totalCount } = await ctx.services.transfers.mine(ctx.viewer, page);
    return toConnection(page, rows, totalCount, (row) => ({ at: row.createdAt, id: row.id }), toTransfer);
  }

  @Authorized('RISK_OFFICER')
  @Query(() => TransferConnection, {
    description: 'Transfers waiting for a risk officer (HELD), oldest first, a page at a time. BAD_USER_INPUT for `first` outside 1-100 or a cursor from elsewhere.',
  })
  async heldTransfers(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { description: 'Page size, 1-100.', defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The `pageInfo.endCursor` of the previous page; omit for the oldest.' }) after?: string | null,
  ): Promise<TransferConnection> {
    const page = pageRequest('heldTransfers', first, after);
    const { rows, totalCount } = await ctx.services.transfers.held(ctx.viewer, page);
    return toConnection(page, rows, totalCount, (row) => ({ at: row.createdAt, id: row.id }), toTransfer);
  }

  @Authorized('RISK_OFFICER')
  @Mutation(() => Transfer, {
    description:
      'Releases a HELD transfer; it posts exactly once. On a transfer left POSTING by a core-banking outage it is the retry: core banking is asked what became of it first, never debiting twice. POSTING_PENDING while core banking has not confirmed.',
  })
  async releaseHeldTransfer(@Arg('id', () => ID, { description: 'Global id (`Transfer.id`) of a HELD transfer; any other status fails with INVALID_TRANSITION.' }) id: string, @Arg('reason', () => String, { description: 'Why it is released; recorded (audited).' }) reason: string, @Ctx() ctx: RequestContext): Promise<Transfer> {
    return toTransfer(await ctx.services.transfers.release(ctx.viewer, id, reason, ctx.scope));
  }

  @Authorized('RISK_OFFICER')
  @Mutation(() => Transfer, { description: 'Rejects a held transfer; nothing is posted.' })
  async rejectHeldTransfer(@Arg('id', () => ID, { description: 'Global id (`Transfer.id`) of a HELD transfer; any other status fails with INVALID_TRANSITION.' }) id: string, @Arg('reason', () => String, { description: 'Why it is rejected; recorded (audited).' }) reason: string, @Ctx() ctx: RequestContext): Promise<Transfer> {
    return toTransfer(await ctx.services.transfers.rejectHeld(ctx.viewer, id, reason));
  }

  @FieldResolver(() => TransferRiskAssessment, { nullable: true, description: 'Risk officers only; null with FORBIDDEN for anyone else.' })
  risk(@Root() transfer: TransferRoot, @Ctx() ctx: RequestContext): TransferRiskAssessment {
    requireStaff(ctx.viewer, ['RISK_OFFICER'], 'Risk details are for risk officers.');
    return { decision: transfer.row.decision, score: transfer.row.score, signals: transfer.row.signals };
  }

  @Subscription(() => TransferEvent, {
    description: 'Status changes of one of your transfers: replayed after afterSeq, then live.',
    subscribe: ({ args, context }: SubscribeData<{ id: string; afterSeq: number }>) =>
      eventSubscription((signal) => context.services.transfers.events(context.viewer, args.id, args.afterSeq, signal)),
  })
  transferUpdated(
    @Root() event: StoredEvent,
    @Arg('id', () => ID, { description: 'Global id of your transfer (`Transfer.id`).' }) _id: string,
    @Arg('afterSeq', () => Int, { description: 'Replay events with a `seq` greater than this first (default 0: the whole history).', defaultValue: 0 }) _afterSeq: number,
  ): TransferEvent {
    return {
      transferId: event.stream.replace(/^transfer:/, ''),
      seq: event.seq,
      type: event.type,
      status: event.payload.status as TransferStatus,
      occurredAt: event.occurredAt,
    };
  }
}
