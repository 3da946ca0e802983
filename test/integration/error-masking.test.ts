/**
 * Every error a client sees carries `extensions.requestId`; unexpected ones are masked in every mode
 * (NODE_ENV unset included) while the log keeps the detail under the same request id.
 */
import { sql } from 'drizzle-orm';
import type { FormattedExecutionResult } from 'graphql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type Gateway } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { TEST_ENV } from '../support/gateway.js';
import { execute, wsClient } from '../support/graphql-client.js';

describe('errors', () => {
  let database: TestDatabase;
  let gateway: Gateway;
  const logLines: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const env: Record<string, string> = { ...TEST_ENV, DATABASE_URL: database.url };
    delete env.NODE_ENV; // the default of `npm start` and `start:prod`
    const config = loadConfig(env);
    expect(config.nodeEnv).toBe('development');
    const log = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    gateway = await startGateway(config, { log });
    // Break the staff table so that staffLogin fails with an SQL error naming the username.
    await gateway.database.db.execute(sql`alter table staff_members rename to staff_members_gone`);
  }, 60_000);

  afterAll(async () => {
    await gateway?.database.db.execute(sql`alter table staff_members_gone rename to staff_members`).catch(() => {});
    await gateway?.close();
    await database?.drop();
  });

  const staffLogin = 'mutation($u: String!, $p: String!) { staffLogin(username: $u, password: $p) { accessToken } }';

  it('masks an unexpected error over HTTP: no SQL, no parameters, only a code and the request id', async () => {
    const result = await execute(gateway.url, staffLogin, { u: 'secret.username', p: 'x' }, { 'x-request-id': 'mask-test-0001' });
    const body = JSON.stringify(result.errors);
    expect(result.errors?.[0]).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'mask-test-0001' },
    });
    expect(body).not.toMatch(/staff_members|select|secret\.username/i);
    // The detail is in the log, under the id the client was given.
    const logged = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((l) => l.requestId === 'mask-test-0001' && l.level === 50);
    expect(JSON.stringify(logged)).toMatch(/staff_members/);
  });

  it('masks the same error over WebSocket', async () => {
    const client = wsClient(gateway.wsUrl);
    try {
      const result = await new Promise<FormattedExecutionResult>((resolve, reject) => {
        client.subscribe({ query: staffLogin, variables: { u: 'secret.username', p: 'x' } }, { next: resolve, error: reject, complete: () => {} });
      });
      expect(result.errors?.[0]?.message).toBe('Internal server error');
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', requestId: expect.any(String) });
      expect(JSON.stringify(result)).not.toMatch(/staff_members|secret\.username/);
    } finally {
      await client.dispose();
    }
  });

  it('gives the CSRF refusal of a simple GET the request id too', async () => {
    const response = await fetch(`${gateway.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'x-request-id': 'csrf-test-0001' } });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors[0]!.message).toMatch(/Cross-Site Request Forgery/);
    expect(body.errors[0]!.extensions).toMatchObject({ code: 'BAD_REQUEST', requestId: 'csrf-test-0001' });
  });
});
