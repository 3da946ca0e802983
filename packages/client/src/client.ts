/**
 * A small typed client for the channel gateway: GraphQL over HTTP with fetch, subscriptions over
 * graphql-ws, the headers the gateway expects (Authorization, X-Channel, X-Request-Id), trusted
 * documents by hash, and session refresh with the gateway's rotation rules.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import type { ErrorCode } from './errors.js';

/** The channels the gateway serves (the `X-Channel` header). */
export type Channel = 'APP' | 'MINI_PROGRAM' | 'WEB' | 'PARTNER' | 'BRANCH' | 'STAFF';

/** The tokens of a session. A refresh answers a new pair; the old refresh token is dead from then on. */
export interface SessionTokens {
  accessToken: string;
  refreshToken?: string | null;
}

/** An error as the gateway sends it: `extensions.code` is in the catalogue, `requestId` finds the log line. */
export interface GatewayError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: ErrorCode; requestId?: string } & Record<string, unknown>;
}

/** A GraphQL response with its HTTP status. */
export interface GatewayResult<TData> {
  status: number;
  data?: TData | null;
  errors?: GatewayError[];
  /** The X-Request-Id of the exchange (ours, or the gateway's). */
  requestId: string;
}

/**
 * How documents are sent:
 * - `hash`: only the sha256 of a kit document (trusted documents; what partners must do);
 * - `hash-then-text`: the hash first, the text when the gateway does not know the hash;
 * - `text`: the document text (for documents outside the kit).
 */
export type DocumentMode = 'hash' | 'hash-then-text' | 'text';

export interface GatewayClientOptions {
  /** The GraphQL endpoint, e.g. `https://gateway.bank.example/graphql`. */
  url: string;
  /** The graphql-ws endpoint. @default `url` with ws(s): */
  wsUrl?: string;
  channel: Channel;
  /** The session to start with (after a login, or restored from secure storage). */
  tokens?: SessionTokens;
  /** The channel's RefreshSession document; without it a 401 is returned as it is. */
  refreshDocument?: TypedDocumentNode<{ refreshSession: SessionTokens }, { refreshToken: string }>;
  /**
   * Called whenever the tokens change: after a login passed to `setTokens`, after a refresh (store
   * the new refresh token: the old one now revokes the session if used), and with `undefined` when
   * the session ended (refresh refused: log in again).
   */
  onTokens?: (tokens: SessionTokens | undefined) => void;
  /** @default 'hash' for PARTNER, 'hash-then-text' otherwise */
  documents?: DocumentMode;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** A WebSocket implementation where there is no global one (Node 20: `ws`). */
  webSocketImpl?: unknown;
  /** @default crypto.randomUUID() */
  requestId?: () => string;
  /** Reconnect attempts of the subscription socket. @default 5 */
  wsRetryAttempts?: number;
}

/** Options of one subscription. */
export interface SubscribeOptions<TData> {
  next(data: TData): void;
  error?(error: unknown): void;
  complete?(): void;
  /**
   * Resume without gaps after a reconnect: the gateway's event subscriptions take `afterSeq`; give
   * the seq of each event and the kit re-subscribes after the last one it delivered.
   */
  seqOf?(data: TData): number | undefined;
}

export interface GatewayClient {
  /** Runs a query or mutation over HTTP; refreshes the session once on a 401 and retries. */
  execute<TData, TVariables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables?: TVariables,
    options?: { headers?: Record<string, string> },
  ): Promise<GatewayResult<TData>>;
  /** Subscribes over graphql-ws; returns the unsubscribe function. */
  subscribe<TData, TVariables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, options: SubscribeOptions<TData>): () => void;
  /** The current tokens. */
  readonly tokens: SessionTokens | undefined;
  /** Sets the session (after a login) or clears it. */
  setTokens(tokens: SessionTokens | undefined): void;
  /** Closes the subscription socket. */
  dispose(): Promise<void>;
}

type Meta = { __meta__?: { hash?: string } };

/** True when `error` carries the given catalogue code. */
export function hasErrorCode(error: GatewayError | undefined, code: ErrorCode): boolean {
  return error?.extensions?.code === code;
}

/** Creates a client for one channel. */
export function createGatewayClient(options: GatewayClientOptions): GatewayClient {
  const doFetch = options.fetch ?? globalThis.fetch;
  const newRequestId = options.requestId ?? (() => globalThis.crypto.randomUUID());
  const mode: DocumentMode = options.documents ?? (options.channel === 'PARTNER' ? 'hash' : 'hash-then-text');
  let tokens = options.tokens;
  let refreshing: Promise<boolean> | undefined;
  let ws: Client | undefined;

  const setTokens = (next: SessionTokens | undefined) => {
    tokens = next;
    options.onTokens?.(next);
  };

  async function post<TData>(body: Record<string, unknown>, headers: Record<string, string>, auth: boolean): Promise<GatewayResult<TData>> {
    const requestId = headers['x-request-id'] ?? newRequestId();
    const response = await doFetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json;q=0.9',
        'x-channel': options.channel,
        'x-request-id': requestId,
        ...(auth && tokens ? { authorization: `Bearer ${tokens.accessToken}` } : {}),
        ...headers,
      },
      body: JSON.stringify(body),
    });
    const parsed = (await response.json()) as { data?: TData | null; errors?: GatewayError[] };
    return { status: response.status, data: parsed.data, errors: parsed.errors, requestId: response.headers.get('x-request-id') ?? requestId };
  }

  async function send<TData>(document: DocumentNode, variables: unknown, headers: Record<string, string>, auth: boolean): Promise<GatewayResult<TData>> {
    const hash = (document as Meta).__meta__?.hash;
    const operationName = document.definitions.find((d) => d.kind === 'OperationDefinition')?.name?.value;
    const base = { variables: variables ?? {}, ...(operationName ? { operationName } : {}) };
    if (!hash || mode === 'text') return post<TData>({ ...base, query: print(document) }, headers, auth);
    const byHash = await post<TData>({ ...base, documentId: hash }, headers, auth);
    if (mode === 'hash-then-text' && hasErrorCode(byHash.errors?.[0], 'PERSISTED_QUERY_NOT_FOUND')) {
      return post<TData>({ ...base, query: print(document) }, headers, auth);
    }
    return byHash;
  }

  /** One refresh at a time: every request that met the 401 waits for it (a second refresh with the old token would revoke the session). */
  function refresh(): Promise<boolean> {
    const refreshDocument = options.refreshDocument;
    const refreshToken = tokens?.refreshToken;
    if (!refreshDocument || !refreshToken) return Promise.resolve(false);
    refreshing ??= (async () => {
      try {
        const result = await send<{ refreshSession: SessionTokens }>(refreshDocument, { refreshToken }, {}, false);
        if (result.data?.refreshSession) {
          setTokens(result.data.refreshSession);
          return true;
        }
        // INVALID_REFRESH_TOKEN, REFRESH_TOKEN_REUSED: the session is over.
        if (result.errors?.some((e) => e.extensions?.code !== 'UPSTREAM_UNAVAILABLE')) setTokens(undefined);
        return false;
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  }

  const unauthenticated = (result: GatewayResult<unknown>) => result.status === 401 || hasErrorCode(result.errors?.[0], 'UNAUTHENTICATED');

  function socket(): Client {
    ws ??= createClient({
      url: options.wsUrl ?? options.url.replace(/^http/, 'ws'),
      webSocketImpl: options.webSocketImpl,
      lazy: true,
      retryAttempts: options.wsRetryAttempts ?? 5,
      shouldRetry: () => true,
      // Read on every (re)connect: a refreshed token is used from the next connection on.
      connectionParams: () => ({ channel: options.channel, ...(tokens ? { authorization: `Bearer ${tokens.accessToken}` } : {}) }),
    });
    return ws;
  }

  return {
    get tokens() {
      return tokens;
    },
    setTokens,
    async execute(document, variables, callOptions) {
      const headers = callOptions?.headers ?? {};
      const hadToken = tokens !== undefined;
      const first = await send<never>(document, variables, headers, true);
      if (!hadToken || !unauthenticated(first) || !(await refresh())) return first;
      return send(document, variables, headers, true);
    },
    subscribe(document, variables, sink) {
      const hash = (document as Meta).__meta__?.hash;
      // graphql-ws sends this same payload again on every reconnect: afterSeq moves with each event.
      const payload: { query: string; variables: Record<string, unknown>; extensions?: Record<string, unknown> } =
        hash && mode !== 'text'
          ? { query: '', variables: { ...(variables as Record<string, unknown>) }, extensions: { persistedQuery: { version: 1, sha256Hash: hash.replace(/^sha256:/, '') } } }
          : { query: print(document), variables: { ...(variables as Record<string, unknown>) } };
      return socket().subscribe<never>(payload, {
        next: (result) => {
          if (result.errors?.length) return sink.error?.(result.errors);
          if (result.data == null) return;
          const data = result.data as Parameters<typeof sink.next>[0];
          const seq = sink.seqOf?.(data);
          if (seq !== undefined) payload.variables = { ...payload.variables, afterSeq: seq };
          sink.next(data);
        },
        error: (error) => sink.error?.(error),
        complete: () => sink.complete?.(),
      });
    },
    async dispose() {
      await ws?.dispose();
      ws = undefined;
    },
  };
}
