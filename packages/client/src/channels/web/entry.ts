/** The WEB channel's operations (typed documents with their trusted-document hashes) and its client. */
import { createGatewayClient, type GatewayClient, type GatewayClientOptions } from '../../client.js';
import { RefreshSessionDocument } from './graphql.js';

export * from './graphql.js';
export * from '../../client.js';
export * from '../../errors.js';

/** A client on the WEB channel that refreshes the session with this channel's RefreshSession. */
export function createWebClient(options: Omit<GatewayClientOptions, 'channel'>): GatewayClient {
  return createGatewayClient({ refreshDocument: RefreshSessionDocument, ...options, channel: 'WEB' });
}
