/**
 * @bank/channel-gateway-client: the typed client kit of the bank's channel gateway.
 * Import a channel's entry (`@bank/channel-gateway-client/app`, `/mini-program`, `/web`, `/branch`,
 * `/staff`, `/partner`) for its typed operations and a client preset for it; this entry has the
 * client and the error catalogue only.
 */
export * from './client.js';
export * from './errors.js';
