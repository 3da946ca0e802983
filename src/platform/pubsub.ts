/**
 * Live fan-out inside one gateway process: type-graphql subscriptions with `topics` read from it.
 * One instance per gateway, never shared between gateways in the same process.
 */
import { createPubSub } from '@graphql-yoga/subscription';
import type { PubSub } from 'type-graphql';

export function createInProcessPubSub(): PubSub {
  return createPubSub();
}
