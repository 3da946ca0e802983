/**
 * Errors that end a subscription, over a real graphql-ws connection: each has a code, a request id,
 * and nothing of the gateway's internals (SQL, table names) — exactly as over HTTP.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { print } from 'graphql';
import type { Client } from 'graphql-ws';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApplyForLoanDocument,
  LoanApplicationUpdatedDocument,
  MyLoanApplicationsUpdatedDocument,
  WithdrawLoanApplicationDocument,
  type MyLoanApplicationsUpdatedSubscription,
} from '../generated/graphql.js';
import { loginCustomer } from '../support/auth.js';
import { postgresUrl } from '../support/database.js';
import { execute, take, wsClient } from '../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../support/gateway.js';

let t: TestGateway;
let session: { headers: Record<string, string>; token: string };

beforeAll(async () => {
  t = await sharedGateway();
  const login = await loginCustomer(t, 'li.na');
  session = { headers: login.headers, token: login.accessToken };
});

async function apply() {
  const { data, errors } = await execute(
    t.url,
    ApplyForLoanDocument,
    { input: { productCode: 'PERSONAL_CONSUMER', amount: '10000.00', currency: 'CNY', termMonths: 12, purpose: 'Travel' }, idempotencyKey: `k-${randomUUID()}` },
    session.headers,
  );
  expect(errors).toBeUndefined();
  return data!.applyForLoan;
}

type GraphQLErrorLike = { message: string; extensions?: Record<string, unknown> };

describe('a database failure while a subscription replays', () => {
  it('ends the subscription with a masked INTERNAL_SERVER_ERROR and a request id, never the SQL', async () => {
    const app = await apply();
    const client = wsClient(t.wsUrl, { authorization: `Bearer ${session.token}` });
    const db = t.gateway.database.db;
    await db.execute(sql`alter table events rename to events_hidden_by_test`);
    let failure: unknown;
    try {
      failure = await take(client, LoanApplicationUpdatedDocument, 1, { id: app.id, afterSeq: 0 }).then(
        (results) => results[0]?.errors ?? results,
        (error: unknown) => error,
      );
    } finally {
      await db.execute(sql`alter table events_hidden_by_test rename to events`);
      await client.dispose();
    }
    expect(Array.isArray(failure)).toBe(true);
    const [error] = failure as GraphQLErrorLike[];
    expect(error).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) } });
    expect(JSON.stringify(failure)).not.toMatch(/events|relation|select/i);
    await execute(t.url, WithdrawLoanApplicationDocument, { id: app.id }, session.headers);
  });
});

// Only PostgreSQL has a listening connection to lose (PGlite listens in-process): the suite exists
// only there rather than showing up as skipped on PGlite.
if (postgresUrl()) {
  describe('the event listener reconnecting', () => {
    it('ends myLoanApplicationsUpdated with EVENTS_MISSED and the last seq it delivered', async () => {
      const client: Client = wsClient(t.wsUrl, { authorization: `Bearer ${session.token}` });
      const seqs: number[] = [];
      let stop = () => {};
      const ended = new Promise<unknown>((resolve) => {
        stop = client.subscribe<MyLoanApplicationsUpdatedSubscription>(
          { query: print(MyLoanApplicationsUpdatedDocument) },
          {
            next: (result) => {
              if (result.data) seqs.push(result.data.myLoanApplicationsUpdated.seq);
            },
            error: resolve,
            complete: () => resolve('completed'),
          },
        );
      });
      try {
        // Let the subscription start before the events it should see are written.
        await new Promise((resolve) => setTimeout(resolve, 300));
        const app = await apply();
        await expect.poll(() => seqs.length).toBeGreaterThanOrEqual(3);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await t.gateway.database.db.execute(
          sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'gateway-events-listener' and datname = current_database()`,
        );
        const errors = (await ended) as GraphQLErrorLike[];
        expect(errors[0]).toMatchObject({
          extensions: { code: 'EVENTS_MISSED', lastSeq: seqs.at(-1), lastEventId: expect.any(String), requestId: expect.any(String) },
        });
        await execute(t.url, WithdrawLoanApplicationDocument, { id: app.id }, session.headers);
      } finally {
        stop();
        await client.dispose();
      }
    });
  });
}
