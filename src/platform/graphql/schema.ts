/** The executable schema: every module's resolvers, built once per process by type-graphql. */
import type { GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray, type PubSub } from 'type-graphql';
import { ProductsResolver } from '../../modules/products/products.resolver.js';
import { SystemResolver } from '../../modules/system/system.resolver.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- type-graphql's own type
const resolvers: NonEmptyArray<Function> = [ProductsResolver, SystemResolver];

/**
 * @param pubSub the gateway instance's event fan-out; subscriptions with `topics` read from it.
 */
export function buildGatewaySchema(pubSub: PubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    pubSub,
    // class-validator decorators on input classes are checked before a resolver runs;
    // plain values without decorators (most args) pass as they are.
    validate: { forbidUnknownValues: false },
  });
}
