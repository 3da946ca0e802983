import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { selectedFieldNames } from '../../platform/graphql/lookahead.js';
import type { RequestContext } from '../../platform/context.js';
import { TransactionFilter } from './customers.input.js';
import {
  Account,
  CreditProfile,
  Customer,
  CustomerProfile,
  RelationshipManager,
  RiskProfile,
  TransactionConnection,
  type CustomerRef,
} from './customer.type.js';

type AccountRoot = { id: string; customerId: string; ref: CustomerRef };

@Resolver(() => Customer)
export class CustomersResolver {
  @Authorized('CUSTOMER', 'PARTNER')
  @Query(() => Customer, { description: 'You (or, for a partner, the customer whose consent it holds).' })
  async me(@Ctx() ctx: RequestContext): Promise<CustomerRef> {
    return ctx.services.customers.me(ctx.viewer);
  }

  @Authorized('TELLER', 'REVIEWER', 'RISK_OFFICER') // Staff who serve or decide on customers.
  @Query(() => Customer, { nullable: true, description: 'A customer by number, for bank staff.' })
  customer(@Arg('id', () => ID, { description: "The customer number (`Customer.customerNumber`, as printed on statements). TELLER, REVIEWER and RISK_OFFICER only (else FORBIDDEN); an unknown customer fails with NOT_FOUND." }) id: string, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<CustomerRef> {
    return ctx.services.customers.byId(ctx.viewer, id, ctx.loaders, selectedFieldNames(info));
  }

  @FieldResolver(() => String, { description: "The bank's customer number, as printed on statements and typed by staff into `customer(id:)`." })
  customerNumber(@Root() ref: CustomerRef): string {
    return ref.id;
  }

  @FieldResolver(() => CustomerProfile, { nullable: true, description: 'CRM. Masked for partners without profile:pii.' })
  profile(@Root() ref: CustomerRef, @Ctx() ctx: RequestContext) {
    return ctx.services.customers.profile(ref, ctx.loaders);
  }

  @FieldResolver(() => RelationshipManager, { description: "The customer's relationship manager (CRM); null when none is assigned. FORBIDDEN for a partner without a profile scope.", nullable: true })
  relationshipManager(@Root() ref: CustomerRef, @Ctx() ctx: RequestContext) {
    return ctx.services.customers.relationshipManager(ref, ctx.loaders);
  }

  @FieldResolver(() => [Account], { nullable: true, description: 'Core banking accounts with balances. A list, not a connection: the few accounts one customer holds.' })
  accounts(@Root() ref: CustomerRef, @Ctx() ctx: RequestContext) {
    return ctx.services.customers.accounts(ref, ctx.loaders);
  }

  @FieldResolver(() => Account, { nullable: true, description: "One of the customer's accounts." })
  account(@Root() ref: CustomerRef, @Arg('id', () => ID, { description: "The account's global id (`Account.id`). An account of another customer fails with NOT_FOUND." }) id: string, @Ctx() ctx: RequestContext) {
    return ctx.services.customers.account(ref, id, ctx.loaders);
  }

  @FieldResolver(() => CreditProfile, {
    nullable: true,
    description: "Credit bureau summary; needs the customer's authorization (authorizeCreditBureauCheck).",
  })
  async creditProfile(@Root() ref: CustomerRef, @Ctx() ctx: RequestContext) {
    const report = await ctx.services.customers.creditProfile(ref, ctx.loaders);
    return report && { ...report, reportDate: new Date(report.generatedAt) };
  }

  @FieldResolver(() => RiskProfile, { nullable: true, description: 'Risk platform view; reviewers and risk officers only.' })
  async riskProfile(@Root() ref: CustomerRef, @Ctx() ctx: RequestContext) {
    const risk = await ctx.services.customers.riskProfile(ref, ctx.loaders);
    return (
      risk && {
        ...risk,
        watchlistHits: risk.watchlistHits.map((hit) => ({ ...hit, matchScore: hit.matchScore.toFixed(2) })),
        litigation: risk.litigation.map((record) => ({ ...record, filedAt: new Date(record.filedAt) })),
      }
    );
  }

  @Authorized('CUSTOMER')
  @Mutation(() => Boolean, { description: 'Lets the bank pull your credit bureau report (for loan decisions).' })
  authorizeCreditBureauCheck(@Ctx() ctx: RequestContext): Promise<boolean> {
    return ctx.services.customers.authorizeBureau(ctx.viewer, ctx.channel);
  }

  @Authorized('CUSTOMER')
  @Mutation(() => Boolean, { description: 'Withdraws the credit bureau authorization.' })
  revokeCreditBureauCheck(@Ctx() ctx: RequestContext): Promise<boolean> {
    return ctx.services.customers.revokeBureau(ctx.viewer);
  }
}

@Resolver(() => Account)
export class AccountResolver {
  @FieldResolver(() => TransactionConnection, { nullable: true, description: 'Newest first, by cursor.' })
  async transactions(
    @Root() account: AccountRoot,
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20, description: '1-100.' }) first: number,
    @Arg('after', () => String, { description: 'Cursor of the last edge already shown (`pageInfo.endCursor`); omit for the first page. An invalid cursor fails with BAD_USER_INPUT.', nullable: true }) after?: string | null,
    @Arg('filter', () => TransactionFilter, { description: 'Optional filter (dates, direction, minimum amount); omit for all transactions. An invalid filter fails with BAD_USER_INPUT.', nullable: true }) filter?: TransactionFilter | null,
  ): Promise<TransactionConnection> {
    const page = await ctx.services.customers.transactions(account, {
      first,
      after: after ?? null,
      filter: {
        ...(filter?.from ? { from: filter.from.toISOString() } : {}),
        ...(filter?.to ? { to: filter.to.toISOString() } : {}),
        ...(filter?.direction ? { direction: filter.direction } : {}),
        ...(filter?.minAmount ? { minAmount: filter.minAmount } : {}),
      },
    }, ctx.scope);
    return {
      edges: page.edges.map(({ cursor, item }) => ({
        cursor,
        node: {
          id: item.transactionId,
          bookedAt: new Date(item.bookedAt),
          direction: item.direction,
          amount: item.amount,
          balanceAfter: item.balanceAfter,
          counterparty: item.counterparty,
          description: item.description,
          channel: item.channel,
        },
      })),
      pageInfo: page.pageInfo,
    } as TransactionConnection;
  }
}
