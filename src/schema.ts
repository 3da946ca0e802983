/** The executable schema (composition root): every module's resolvers, built once per process by type-graphql. */
import type { GraphQLSchema } from 'graphql';
import { authChecker } from './platform/graphql/auth-checker.js';
import { applyGlobalIds } from './platform/graphql/relay.js';
import { guardStringArguments } from './platform/graphql/string-arguments.js';
import { buildSchema, type NonEmptyArray, type PubSub } from 'type-graphql';
import { AlertsResolver } from './modules/alerts/alerts.resolver.js';
import { AuditResolver } from './modules/audit/audit.resolver.js';
import { AuthResolver } from './modules/auth/auth.resolver.js';
import { AccountResolver, CustomersResolver } from './modules/customers/customers.resolver.js';
import { CustomerLoansResolver, LoanApplicationEventResolver, LoansResolver } from './modules/loans/loans.resolver.js';
import { TransfersResolver } from './modules/transfers/transfers.resolver.js';
import { ENTITY_REFERENCES, NodesResolver } from './modules/nodes/nodes.resolver.js';
import { buildSubgraph } from './platform/graphql/federation.js';
import { OnboardingResolver } from './modules/onboarding/onboarding.resolver.js';
import { ProductsResolver } from './modules/products/products.resolver.js';
import { SystemResolver } from './modules/system/system.resolver.js';
import { CorporateRequestEventResolver, CorporateResolver, ExpertGuidanceResolver } from './modules/corporate/corporate.resolver.js';
import { FeedbackEventResolver, FeedbackItemResolver, FeedbackResolver } from './modules/feedback/feedback.resolver.js';
import { HealthResolver } from './modules/health/health.resolver.js';
import { ServicesResolver } from './modules/services/services.resolver.js';
import { BranchResolver } from './modules/branch/branch.resolver.js';
import { DraftsResolver } from './modules/drafts/drafts.resolver.js';
import { RecoveryResolver } from './modules/recovery/recovery.resolver.js';
import { OfferEventResolver, OffersResolver } from './modules/offers/offers.resolver.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's own type
const resolvers: NonEmptyArray<Function> = [
  AuthResolver,
  CustomersResolver,
  AccountResolver,
  LoansResolver,
  LoanApplicationEventResolver,
  CustomerLoansResolver,
  TransfersResolver,
  ProductsResolver,
  SystemResolver,
  AuditResolver,
  AlertsResolver,
  OnboardingResolver,
  CorporateResolver,
  CorporateRequestEventResolver,
  ExpertGuidanceResolver,
  HealthResolver,
  FeedbackResolver,
  ServicesResolver,
  BranchResolver,
  DraftsResolver,
  RecoveryResolver,
  NodesResolver,
  FeedbackItemResolver,
  FeedbackEventResolver,
  OffersResolver,
  OfferEventResolver,
];

/** Fields that name another object by id: they show its global id, so clients can match them to `id`. */
const GLOBAL_ID_REFERENCES = {
  'LoanApplicationEvent.applicationId': 'LoanApplication',
  'LoanDocument.applicationId': 'LoanApplication',
  'TransferEvent.transferId': 'Transfer',
  'Transfer.fromAccountId': 'Account',
  'AccountOpening.accountId': 'Account',
  'RiskAlert.customerId': 'Customer',
};

/**
 * @param pubSub the gateway instance's event fan-out; subscriptions with `topics` read from it.
 * @param options.federation `subgraph`: an Apollo Federation 2 subgraph with Customer, Account and
 *   LoanApplication as entities (`@key(fields: "id")`); `off` (default): standalone.
 */
export async function buildGatewaySchema(pubSub: PubSub, options: { federation?: 'off' | 'subgraph' } = {}): Promise<GraphQLSchema> {
  const built = await buildSchema({
    resolvers,
    pubSub,
    authChecker,
    // class-validator decorators on input classes are checked before a resolver runs;
    // plain values without decorators (most args) pass as they are.
    validate: { forbidUnknownValues: false },
  });
  const schema = options.federation === 'subgraph' ? buildSubgraph(built, ENTITY_REFERENCES) : built;
  // Global ids out, local ids in (before the string guard, which should see what the client sent).
  applyGlobalIds(schema, GLOBAL_ID_REFERENCES);
  // Every string argument: bounded and free of control characters, before any resolver runs.
  guardStringArguments(schema);
  // The root operation types have no decorator of their own to carry a description.
  const query = schema.getQueryType();
  if (query) query.description = 'Reads. A field kept to some callers (customers, partners, staff roles) answers UNAUTHENTICATED without a login and FORBIDDEN to anyone else.';
  const mutation = schema.getMutationType();
  if (mutation) mutation.description = 'Writes. Failures carry a stable code in `extensions.code` (UNAUTHENTICATED without a login, FORBIDDEN for the wrong caller); money is a decimal string with its currency, times are ISO-8601 UTC.';
  const subscription = schema.getSubscriptionType();
  if (subscription) subscription.description = 'Live updates over graphql-ws. Event streams with `afterSeq` replay what was missed first, then go live with no gap and no duplicate.';
  return schema;
}
