/**
 * `node(id)` and `nodes(ids)`: any object with a global id, fetched again through the same use
 * case and the same rules as its type's own query (`customer`/`me`, `Customer.account`,
 * `loanApplication`, `transfer`, `riskAlert`, `accountOpening`). Someone else's object, a missing
 * one and a malformed id are the same NOT_FOUND.
 */
import { GraphQLError } from 'graphql';
import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext, Viewer } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { grants } from '../../platform/graphql/auth-checker.js';
import { asNode, fromGlobalId, Node } from '../../platform/graphql/relay.js';
import { toRiskAlert } from '../alerts/alerts.resolver.js';
import type { CustomerRef } from '../customers/customer.type.js';
import { toLoanApplication } from '../loans/loans.resolver.js';
import { toAccountOpening } from '../onboarding/onboarding.resolver.js';
import { toTransfer } from '../transfers/transfers.resolver.js';

/** At most this many ids per `nodes` call. */
export const MAX_NODES = 100;

/** The roles of each type's own query (its `@Authorized`), checked the way the auth checker does. */
const ROLES = {
  Customer: ['CUSTOMER', 'PARTNER', 'TELLER', 'REVIEWER', 'RISK_OFFICER'],
  Account: ['CUSTOMER', 'PARTNER', 'TELLER', 'REVIEWER', 'RISK_OFFICER'],
  LoanApplication: ['CUSTOMER', 'REVIEWER'],
  Transfer: ['CUSTOMER', 'RISK_OFFICER'],
  RiskAlert: ['RISK_OFFICER', 'ADMIN'],
  AccountOpening: ['CUSTOMER', 'RISK_OFFICER', 'ADMIN'],
} as const;
type NodeTypeName = keyof typeof ROLES;

function authorize(viewer: Viewer, roles: readonly string[]): void {
  if (viewer.kind === 'anonymous') throw new GraphQLError('Log in first.', { extensions: { code: 'UNAUTHENTICATED' } });
  if (!roles.some((role) => grants(viewer, role))) throw new GraphQLError('You may not do this.', { extensions: { code: 'FORBIDDEN' } });
}

const notFound = () => new DomainError('NOT_FOUND', 'No such object.');

/** The customer as `me` (their own, or a partner's consenting customer) or `customer(id)` (staff) would give it. */
function customerRef(ctx: RequestContext, customerId: string): Promise<CustomerRef> | CustomerRef {
  if (ctx.viewer.kind === 'staff') return ctx.services.customers.byId(ctx.viewer, customerId, ctx.loaders);
  const me = ctx.services.customers.me(ctx.viewer);
  if (me.id !== customerId) throw notFound();
  return me;
}

async function load(ctx: RequestContext, typeName: NodeTypeName, localId: string): Promise<object> {
  const { services, viewer } = ctx;
  switch (typeName) {
    case 'Customer':
      return customerRef(ctx, localId);
    case 'Account': {
      const account = await ctx.loaders.accountById.load(localId);
      if (!account) throw notFound();
      return services.customers.account(await customerRef(ctx, account.customerId), localId, ctx.loaders);
    }
    case 'LoanApplication':
      return toLoanApplication(await services.loans.get(viewer, localId), viewer);
    case 'Transfer':
      return toTransfer(await services.transfers.get(viewer, localId));
    case 'RiskAlert':
      return toRiskAlert(await services.alerts.get(viewer, localId));
    case 'AccountOpening':
      return toAccountOpening(await services.onboarding.get(viewer, localId));
  }
}

/**
 * One node, with its type's rules; NOT_FOUND for whatever the viewer may not see.
 * @param expected the only type accepted (federation's `_entities`), if any
 */
async function resolveNode(ctx: RequestContext, globalId: string, expected?: NodeTypeName): Promise<object> {
  const parsed = fromGlobalId(globalId);
  if (!parsed || !Object.hasOwn(ROLES, parsed.typeName) || (expected && parsed.typeName !== expected)) throw notFound();
  const typeName = parsed.typeName as NodeTypeName;
  authorize(ctx.viewer, ROLES[typeName]);
  try {
    return asNode(await load(ctx, typeName, parsed.localId), typeName);
  } catch (error) {
    // The own queries answer NOT_FOUND or FORBIDDEN ("not your profile"); through node both are NOT_FOUND.
    if (error instanceof DomainError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN')) throw notFound();
    throw error;
  }
}

/**
 * Federation's reference resolvers for the entity types: `_entities` loads a `{ __typename, id }`
 * representation (the global id) exactly as `node(id)` does, so another subgraph learns nothing
 * the viewer could not read here.
 */
export const ENTITY_REFERENCES = Object.fromEntries(
  (['Customer', 'Account', 'LoanApplication'] as const).map((typeName) => [
    typeName,
    (representation: { id: string }, ctx: unknown) => resolveNode(ctx as RequestContext, String(representation.id), typeName),
  ]),
);

@Resolver()
export class NodesResolver {
  @Query(() => Node, {
    nullable: true,
    description:
      'Fetches any object by its global `id` (Customer, Account, LoanApplication, Transfer, RiskAlert, AccountOpening), with the same access rules as its own query. Null with NOT_FOUND for an unknown, malformed or foreign id; UNAUTHENTICATED or FORBIDDEN as its own query would answer.',
  })
  node(@Arg('id', () => ID, { description: 'A global id read from some `id` field of a Node.' }) id: string, @Ctx() ctx: RequestContext): Promise<object> {
    return resolveNode(ctx, id);
  }

  @Query(() => [Node], {
    nullable: 'items',
    description: `Fetches up to ${MAX_NODES} objects by global id, in the order asked; each one is null (with its own error at \`nodes[i]\`) when \`node(id)\` would be. BAD_USER_INPUT for more than ${MAX_NODES} ids.`,
  })
  nodes(@Arg('ids', () => [ID], { description: `Global ids, at most ${MAX_NODES}.` }) ids: string[], @Ctx() ctx: RequestContext): Promise<object>[] {
    if (ids.length > MAX_NODES) {
      throw new GraphQLError(`ids: at most ${MAX_NODES} ids.`, { extensions: { code: 'BAD_USER_INPUT', field: 'ids' } });
    }
    return ids.map((id) => resolveNode(ctx, id));
  }
}
