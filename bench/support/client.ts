/**
 * The benchmark's side of the wire: GraphQL calls to the gateway, logins the way a channel does
 * them, and the mock backends' admin API. Loopback only; one keep-alive agent, closed at the end.
 */
import { Agent, request } from 'undici';

/** Backend names as the mocks and the gateway name them, in port order from MOCK_PORT_BASE. */
export const BACKEND_NAMES = ['coreBanking', 'crm', 'creditBureau', 'risk', 'identity', 'businessRegistry'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** A GraphQL response as it came off the wire. */
export interface GraphQLReply {
  status: number;
  /** The body exactly as received (the load generator compares bytes against it). */
  text: string;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** `GET /__admin/stats` of one mock. */
export interface MockStats {
  total: number;
  byRoute: Record<string, number>;
  idsRequested: number;
}

/** Headers of every GraphQL POST the benchmark sends (the load generator uses the same). */
export const GRAPHQL_HEADERS = {
  'content-type': 'application/json',
  accept: 'application/graphql-response+json, application/json',
} as const;

const dispatcher = new Agent({ keepAliveTimeout: 10_000, headersTimeout: 15_000, bodyTimeout: 15_000 });

/** Closes the shared keep-alive agent. */
export function closeClient(): Promise<void> {
  return dispatcher.close();
}

/** Throws unless `url` points at 127.0.0.1: the benchmark never sends traffic anywhere else. */
export function assertLoopback(url: string): void {
  if (new URL(url).hostname !== '127.0.0.1') throw new Error(`refusing to send benchmark traffic to ${url}`);
}

/**
 * POSTs a GraphQL operation.
 * @throws when the body is not JSON (a GraphQL error answer is returned, not thrown)
 */
export async function postGraphQL(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<GraphQLReply> {
  assertLoopback(url);
  const response = await request(url, {
    method: 'POST',
    dispatcher,
    headers: { ...GRAPHQL_HEADERS, ...options.headers },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const text = await response.body.text();
  let body: GraphQLReply['body'];
  try {
    body = JSON.parse(text) as GraphQLReply['body'];
  } catch {
    throw new Error(`POST ${url} answered ${response.statusCode} with a body that is not JSON: ${text.slice(0, 300)}`);
  }
  return { status: response.statusCode, text, body };
}

/**
 * The same as {@link postGraphQL}, but anything other than HTTP 200 without `errors` throws.
 * @returns the reply, whose `body.data` is then present
 */
export async function postGraphQLOk(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<GraphQLReply> {
  const reply = await postGraphQL(url, query, options);
  if (reply.status !== 200 || reply.body.errors !== undefined || reply.body.data == null) {
    throw new Error(`operation failed (HTTP ${reply.status}): ${query.slice(0, 80)}…\n${reply.text.slice(0, 1_000)}`);
  }
  return reply;
}

/** Calls a mock's admin API (or any plain JSON route) and returns the parsed answer. */
export async function callJson<T>(method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, body?: unknown): Promise<T> {
  assertLoopback(url);
  const response = await request(url, {
    method,
    dispatcher,
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.body.text();
  if (response.statusCode >= 300) throw new Error(`${method} ${url} answered ${response.statusCode}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

const LOGIN = `mutation Login($input: LoginInput!) {
  login(input: $input) {
    __typename
    ... on SignedIn { tokens { accessToken } }
    ... on OtpRequired { challenge { challengeId } }
  }
}`;
const REQUEST_OTP = 'mutation RequestLoginOtp($challengeId: ID!) { requestLoginOtp(challengeId: $challengeId) { challengeId } }';
const VERIFY_OTP = 'mutation VerifyLoginOtp($challengeId: ID!, $code: String!) { verifyLoginOtp(challengeId: $challengeId, code: $code) { accessToken } }';
const STAFF_LOGIN = 'mutation StaffLogin($username: String!, $password: String!) { staffLogin(username: $username, password: $password) { accessToken } }';

type LoginData = {
  login:
    | { __typename: 'SignedIn'; tokens: { accessToken: string } }
    | { __typename: 'OtpRequired'; challenge: { challengeId: string } };
};

/**
 * Logs a customer in on the APP channel from a new device, completing the one-time code step by
 * reading the code the identity mock "sent" (as test/support/auth.ts does). Logins that run in
 * parallel must pass the customer's `phone`: the code is then read from that phone's messages,
 * not taken as the newest message of all.
 * @returns headers that authenticate further requests as this customer
 */
export async function loginCustomer(
  gatewayUrl: string,
  identityUrl: string,
  username: string,
  password: string,
  options: { phone?: string } = {},
): Promise<Record<string, string>> {
  const channel = 'APP';
  const deviceId = `bench-device-${process.pid}-${username}-${Date.now()}`;
  const login = await postGraphQLOk(gatewayUrl, LOGIN, {
    variables: { input: { username, password, channel, deviceId } },
    headers: { 'x-channel': channel },
  });
  const result = (login.body.data as LoginData).login;
  let accessToken: string;
  if (result.__typename === 'SignedIn') {
    accessToken = result.tokens.accessToken;
  } else {
    const { challengeId } = result.challenge;
    await postGraphQLOk(gatewayUrl, REQUEST_OTP, { variables: { challengeId }, headers: { 'x-channel': channel } });
    const inbox = options.phone === undefined ? '' : `?phone=${encodeURIComponent(options.phone)}`;
    const { messages } = await callJson<{ messages: { code: string }[] }>('GET', `${identityUrl}/__admin/messages${inbox}`);
    const code = messages[0]?.code;
    if (!code) throw new Error(`no one-time code for ${username} in the identity mock`);
    const verified = await postGraphQLOk(gatewayUrl, VERIFY_OTP, { variables: { challengeId, code }, headers: { 'x-channel': channel } });
    accessToken = (verified.body.data as { verifyLoginOtp: { accessToken: string } }).verifyLoginOtp.accessToken;
  }
  return { authorization: `Bearer ${accessToken}`, 'x-channel': channel };
}

/** Logs a staff member in on the STAFF channel; returns headers for further requests. */
export async function loginStaff(gatewayUrl: string, username: string, password: string): Promise<Record<string, string>> {
  const reply = await postGraphQLOk(gatewayUrl, STAFF_LOGIN, {
    variables: { username, password },
    headers: { 'x-channel': 'STAFF' },
  });
  const { accessToken } = (reply.body.data as { staffLogin: { accessToken: string } }).staffLogin;
  return { authorization: `Bearer ${accessToken}`, 'x-channel': 'STAFF' };
}

/** The admin API of the five mocks. */
export function mockAdmin(urls: Record<BackendName, string>) {
  const each = <T>(call: (url: string) => Promise<T>) =>
    Promise.all(BACKEND_NAMES.map(async (name) => [name, await call(urls[name])] as const)).then(
      (entries) => Object.fromEntries(entries) as Record<BackendName, T>,
    );
  return {
    /** Sets the same fault configuration on every mock. */
    setFaults: (faults: Record<string, unknown>) => each((url) => callJson('PUT', `${url}/__admin/faults`, faults)),
    /** Heals every mock. */
    healAll: () => each((url) => callJson('DELETE', `${url}/__admin/faults`)),
    resetStats: () => each((url) => callJson('DELETE', `${url}/__admin/stats`)),
    stats: () => each((url) => callJson<MockStats>('GET', `${url}/__admin/stats`)),
  };
}
