/**
 * The database handle: one type for both drivers, so modules never know which one runs.
 * PGlite (embedded, the default) and PostgreSQL through `pg` run the same queries and migrations.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The drizzle handle every repository receives, whichever driver is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  db: Database;
  /** `pglite`, `pglite-memory` or `postgres`: for logs and /readyz only. */
  kind: DatabaseConfig['kind'];
  /** Applies the migrations in `migrationsFolder`; safe to call on every start. */
  migrate(migrationsFolder: string): Promise<void>;
  /** Cheap round trip for readiness checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the database named by the configuration and checks that it answers.
 * @throws when the database cannot be reached or opened; the message says which.
 */
export async function openDatabase(config: DatabaseConfig): Promise<DatabaseHandle> {
  if (config.kind === 'postgres') return openPostgres(config.url);
  let client: PGlite;
  if (config.kind === 'pglite') {
    await mkdir(config.dataDir, { recursive: true });
    client = new PGlite(config.dataDir);
  } else {
    client = new PGlite();
  }
  await client.waitReady;
  const db = drizzlePglite({ client, schema }) as unknown as Database;
  return {
    db,
    kind: config.kind,
    migrate: (migrationsFolder) =>
      migratePglite(db as unknown as Parameters<typeof migratePglite>[0], { migrationsFolder }),
    ping: async () => {
      await client.query('select 1');
    },
    close: () => client.close(),
  };
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5_000 });
  // An idle client that errors (server restart) must not crash the process.
  pool.on('error', () => {});
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(`cannot connect to PostgreSQL: ${(error as Error).message}`, { cause: error });
  }
  const db = drizzlePg({ client: pool, schema }) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    migrate: (migrationsFolder) =>
      migratePg(db as unknown as Parameters<typeof migratePg>[0], { migrationsFolder }),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}

/** The migrations folder, resolved from the working directory (see STACK.md). */
export function defaultMigrationsFolder(cwd = process.cwd()): string {
  return path.resolve(cwd, 'migrations');
}
