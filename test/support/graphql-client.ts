/** A minimal GraphQL-over-HTTP and graphql-ws client for tests: real sockets, typed documents. */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode, type FormattedExecutionResult } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface GraphQLResponse<T> {
  status: number;
  headers: Headers;
  data: T | null | undefined;
  errors: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[] | undefined;
}

/** POSTs an operation to the gateway and returns the parsed response with its HTTP status. */
export async function execute<TData, TVariables>(
  url: string,
  document: TypedDocumentNode<TData, TVariables> | DocumentNode | string,
  variables?: TVariables,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  // A client kit document goes by its trusted-document hash, as the kit sends it (partners may send nothing else).
  const documentId = typeof document === 'string' ? undefined : (document as { __meta__?: { hash?: string } }).__meta__?.hash;
  const query = documentId ? undefined : typeof document === 'string' ? document : print(document);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...headers },
    body: JSON.stringify({ query, documentId, variables }),
  });
  const body = (await response.json()) as { data?: TData | null; errors?: GraphQLResponse<TData>['errors'] };
  return { status: response.status, headers: response.headers, data: body.data, errors: body.errors };
}

/** A graphql-ws client on Node's `ws` (Node 20 has no global WebSocket). */
export function wsClient(url: string, connectionParams: Record<string, unknown> = {}): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
}

/**
 * Subscribes and collects results until `count` have arrived, then unsubscribes.
 * Rejects on an error message or a closed socket before that.
 */
export function take<TData>(
  client: Client,
  document: TypedDocumentNode<TData, unknown> | DocumentNode | string,
  count: number,
  variables?: Record<string, unknown>,
): Promise<FormattedExecutionResult<TData>[]> {
  const query = typeof document === 'string' ? document : print(document);
  return new Promise((resolve, reject) => {
    const results: FormattedExecutionResult<TData>[] = [];
    const unsubscribe = client.subscribe<TData, Record<string, unknown>>(
      { query, variables },
      {
        next: (result) => {
          results.push(result);
          if (results.length === count) {
            unsubscribe();
            resolve(results);
          }
        },
        error: (error) => reject(error),
        complete: () => resolve(results),
      },
    );
  });
}

/**
 * Follows a subscription: `events` fills as payloads arrive (what `pick` takes from each), and
 * `done` resolves with them once `count` have arrived (then unsubscribes) or the server completes.
 * `done` rejects on a result with errors (an Error carrying them as JSON) or a closed socket.
 */
export function follow<TData, T>(
  client: Client,
  document: TypedDocumentNode<TData, unknown> | DocumentNode,
  variables: Record<string, unknown>,
  count: number,
  pick: (data: TData) => T,
): { done: Promise<T[]>; events: T[] } {
  const events: T[] = [];
  const done = new Promise<T[]>((resolve, reject) => {
    const stop = client.subscribe<TData, Record<string, unknown>>(
      { query: print(document), variables },
      {
        next: (result) => {
          if (result.errors) return reject(new Error(JSON.stringify(result.errors)));
          events.push(pick(result.data as TData));
          if (events.length === count) {
            stop();
            resolve(events);
          }
        },
        error: reject,
        complete: () => resolve(events),
      },
    );
  });
  return { done, events };
}
