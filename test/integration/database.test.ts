import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerLogins } from '../../src/modules/auth/auth.tables.js';
import { DEMO_LOGINS } from '../../src/modules/auth/auth.seed.js';
import { createTestDatabase, postgresUrl, type TestDatabase } from '../support/database.js';
import { startTestGateway } from '../support/gateway.js';

// The same durable database opened twice, as after a restart: a PGlite folder, or one PostgreSQL database.
let durable: TestDatabase;
let folder: string | undefined;

beforeAll(async () => {
  if (postgresUrl()) {
    durable = await createTestDatabase();
  } else {
    folder = await mkdtemp(path.join(os.tmpdir(), 'gateway-pglite-'));
    durable = { url: `pglite://${folder}`, drop: () => rm(folder!, { recursive: true, force: true }) };
  }
});
afterAll(() => durable?.drop());

describe('database', () => {
  it('migrates and seeds on start, and a restart keeps the data without seeding twice', async () => {
    const first = await startTestGateway({ DATABASE_URL: durable.url });
    const [before] = await first.gateway.database.db.select({ n: count() }).from(customerLogins);
    expect(before?.n).toBe(DEMO_LOGINS.length);
    // A row of the first run's own, to see that it survives.
    await first.gateway.database.db
      .insert(customerLogins)
      .values({ customerId: 'C999999', username: 'restart.check', passwordHash: 'scrypt$x' });
    await first.close();

    const second = await startTestGateway({ DATABASE_URL: durable.url });
    try {
      const rows = await second.gateway.database.db.select().from(customerLogins);
      expect(rows).toHaveLength(DEMO_LOGINS.length + 1);
      expect(rows.map((r) => r.username)).toContain('restart.check');
      // Demo passwords are stored hashed, never in the clear.
      for (const row of rows) expect(row.passwordHash).toMatch(/^scrypt\$/);
    } finally {
      await second.close();
    }
  }, 60_000);
});
