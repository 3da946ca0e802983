/** The executable schema (composition root): every module's resolvers, built once per process by type-graphql. */
import type { GraphQLSchema } from 'graphql';
import { authChecker } from './platform/graphql/auth-checker.js';
import { guardStringArguments } from './platform/graphql/string-arguments.js';
import { buildSchema, type NonEmptyArray, type PubSub } from 'type-graphql';
import { AlertsResolver } from './modules/alerts/alerts.resolver.js';
import { AuditResolver } from './modules/audit/audit.resolver.js';
import { AuthResolver } from './modules/auth/auth.resolver.js';
import { AccountResolver, CustomersResolver } from './modules/customers/customers.resolver.js';
import { CustomerLoansResolver, LoanApplicationEventResolver, LoansResolver } from './modules/loans/loans.resolver.js';
import { TransfersResolver } from './modules/transfers/transfers.resolver.js';
import { OnboardingResolver } from './modules/onboarding/onboarding.resolver.js';
import { ProductsResolver } from './modules/products/products.resolver.js';
import { SystemResolver } from './modules/system/system.resolver.js';
import { FeedbackEventResolver, FeedbackItemResolver, FeedbackResolver } from './modules/feedback/feedback.resolver.js';
import { HealthResolver } from './modules/health/health.resolver.js';

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
  HealthResolver,
  FeedbackResolver,
  FeedbackItemResolver,
  FeedbackEventResolver,
];

/**
 * @param pubSub the gateway instance's event fan-out; subscriptions with `topics` read from it.
 */
export async function buildGatewaySchema(pubSub: PubSub): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers,
    pubSub,
    authChecker,
    // class-validator decorators on input classes are checked before a resolver runs;
    // plain values without decorators (most args) pass as they are.
    validate: { forbidUnknownValues: false },
  });
  // Every string argument: bounded and free of control characters, before any resolver runs.
  guardStringArguments(schema);
  return schema;
}
