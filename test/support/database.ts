/**
 * Where a test's gateway keeps its data. Without DATABASE_URL: a fresh in-memory PGlite per gateway.
 * With DATABASE_URL=postgres://…: a fresh database per test file on that server, dropped afterwards,
 * so parallel files and repeated runs never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export interface TestDatabase {
  /** The DATABASE_URL to give the gateway. */
  url: string;
  drop(): Promise<void>;
}

/** The PostgreSQL server the suite runs against, or undefined for PGlite. */
export function postgresUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : undefined;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const server = postgresUrl();
  if (!server) return { url: 'memory://', drop: async () => {} };
  const name = `gw_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withClient(server, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(server, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
