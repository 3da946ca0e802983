/** Logging in from tests the way a channel would: over HTTP, reading OTPs from the identity mock. */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { Agent, fetch as undiciFetch } from 'undici';
import { expect } from 'vitest';
import {
  LoginDocument,
  RequestLoginOtpDocument,
  StaffLoginDocument,
  VerifyLoginOtpDocument,
  type TokensFragment,
} from '../generated/graphql.js';
import { DEMO_PASSWORD, DEMO_STAFF_PASSWORD } from '../../src/modules/auth/auth.seed.js';
import { execute, type GraphQLResponse } from './graphql-client.js';
import type { TestGateway } from './gateway.js';

/** The newest one-time code the identity mock "sent" to a phone. */
export async function lastOtp(t: TestGateway, phone?: string): Promise<string> {
  const query = phone ? `?phone=${encodeURIComponent(phone)}` : '';
  const response = await fetch(`${t.backends.identity}/__admin/messages${query}`);
  const { messages } = (await response.json()) as { messages: { code: string; phone: string }[] };
  expect(messages.length).toBeGreaterThan(0);
  return messages[0]!.code;
}

let devices = 0;
/** A device id no test has used before. */
export const newDeviceId = () => `test-device-${process.pid}-${Date.now()}-${devices++}`;

/**
 * Logs a demo customer in on a new device, completing the one-time code step.
 * @returns the session tokens and an `auth` header object for further requests
 */
export async function loginCustomer(
  t: TestGateway,
  username: string,
  options: { channel?: 'APP' | 'WEB'; deviceId?: string } = {},
): Promise<TokensFragment & { headers: Record<string, string>; deviceId: string }> {
  const deviceId = options.deviceId ?? newDeviceId();
  const channel = options.channel ?? 'APP';
  const login = await execute(t.url, LoginDocument, { input: { username, password: DEMO_PASSWORD, channel, deviceId } });
  expect(login.errors).toBeUndefined();
  let tokens: TokensFragment;
  if (login.data!.login.__typename === 'SignedIn') {
    tokens = login.data!.login.tokens;
  } else {
    const { challengeId } = login.data!.login.challenge;
    const sent = await execute(t.url, RequestLoginOtpDocument, { challengeId });
    expect(sent.errors).toBeUndefined();
    const code = await lastOtp(t);
    const verified = await execute(t.url, VerifyLoginOtpDocument, { challengeId, code });
    expect(verified.errors).toBeUndefined();
    tokens = verified.data!.verifyLoginOtp;
  }
  return { ...tokens, deviceId, headers: { authorization: `Bearer ${tokens.accessToken}`, 'x-channel': channel } };
}

/** Logs a demo staff member in. */
export async function loginStaff(
  t: TestGateway,
  username: string,
): Promise<TokensFragment & { headers: Record<string, string> }> {
  const response = await execute(t.url, StaffLoginDocument, { username, password: DEMO_STAFF_PASSWORD });
  expect(response.errors).toBeUndefined();
  const tokens = response.data!.staffLogin;
  return { ...tokens, headers: { authorization: `Bearer ${tokens.accessToken}`, 'x-channel': 'STAFF' } };
}

/** `Authorization` (and optionally `x-channel`) headers for an access token. */
export function bearer(accessToken: string, channel?: string): Record<string, string> {
  return { authorization: `Bearer ${accessToken}`, ...(channel ? { 'x-channel': channel } : {}) };
}

/** The `extensions.code` of the first error of a response, if any. */
export function errorCode(response: GraphQLResponse<unknown>): unknown {
  return response.errors?.[0]?.extensions?.code;
}

/**
 * Asserts the gateway refused the bearer token before running anything: HTTP 401,
 * `WWW-Authenticate: Bearer error="invalid_token"`, UNAUTHENTICATED, and no `data` at all.
 */
export function expectTokenRefused(response: GraphQLResponse<unknown>): void {
  expect({ status: response.status, code: errorCode(response), hasData: response.data !== undefined }).toEqual({
    status: 401,
    code: 'UNAUTHENTICATED',
    hasData: false,
  });
  expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
}

/**
 * Runs an operation as a client at another loopback address (any of 127.0.0.0/8 reaches the
 * gateway on Linux), so the per-address login throttle sees a separate caller.
 */
export async function executeFrom<TData, TVariables>(
  address: string,
  url: string,
  document: TypedDocumentNode<TData, TVariables>,
  variables?: TVariables,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  const dispatcher = new Agent({ localAddress: address });
  try {
    const response = await undiciFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
      body: JSON.stringify({ query: print(document), variables }),
      dispatcher,
    });
    const body = (await response.json()) as { data?: TData | null; errors?: GraphQLResponse<TData>['errors'] };
    return { status: response.status, headers: response.headers as unknown as Headers, data: body.data, errors: body.errors };
  } finally {
    await dispatcher.close();
  }
}
