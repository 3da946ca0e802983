import { GraphQLISODateTime, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { RequestContext } from '../../platform/context.js';
import { ticker } from './ticker.js';

@Resolver()
export class SystemResolver {
  @Subscription(() => GraphQLISODateTime, {
    description:
      "The gateway's clock (UTC), at once and then every SERVER_TIME_INTERVAL_MS: a liveness check for WebSocket clients.",
    subscribe: ({ context }: SubscribeResolverData<unknown, unknown, RequestContext>) =>
      ticker(context.config.serverTimeIntervalMs),
  })
  serverTime(@Root() time: Date): Date {
    return time;
  }
}
