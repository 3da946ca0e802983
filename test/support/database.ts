/**
 * Where a test's gateway keeps its data. Without DATABASE_URL: a fresh in-memory PGlite per gateway.
 * With DATABASE_URL=postgres://…: a fresh database on that server per gateway, named with this
 * run's prefix, so parallel runs never see each other's rows; it is dropped when its gateway closes,
 * and whatever is left (the shared gateways' databases, a crashed file's) when the run ends
 * (global-setup.ts).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export interface TestDatabase {
  /** The DATABASE_URL to give the gateway. */
  url: string;
  drop(): Promise<void>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Prefix of every PostgreSQL database this run creates (global-setup.ts). */
    testDatabasePrefix: string;
  }
}

/** The PostgreSQL server the suite runs against, or undefined for PGlite. */
export function postgresUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : undefined;
}

/** A new name for a run's prefix: lower case, so PostgreSQL keeps it as written. */
export function newDatabasePrefix(): string {
  return `gw_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}_`;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const server = postgresUrl();
  if (!server) return { url: 'memory://', drop: async () => {} };
  const name = `${inject('testDatabasePrefix')}${randomBytes(4).toString('hex')}`;
  await withClient(server, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withClient(server, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

/** Drops every database whose name starts with `prefix` (the end of a run). */
export async function dropDatabases(server: string, prefix: string): Promise<number> {
  return withClient(server, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where starts_with(datname, $1)`,
      [prefix],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    return rows.length;
  });
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
