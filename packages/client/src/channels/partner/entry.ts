/** The PARTNER channel's operations (typed documents with their trusted-document hashes) and its client. */
import { createGatewayClient, type GatewayClient, type GatewayClientOptions } from '../../client.js';

export * from './graphql.js';
export * from '../../client.js';
export * from '../../errors.js';

/** A client on the PARTNER channel (trusted documents only: every operation is sent by hash). */
export function createPartnerClient(options: Omit<GatewayClientOptions, 'channel'>): GatewayClient {
  return createGatewayClient({ ...options, channel: 'PARTNER' });
}
