/**
 * Runs once before the suite: when DATABASE_URL names a PostgreSQL server, check it answers, so a
 * missing server fails in one clear line instead of in every file.
 */
import pg from 'pg';
import { postgresUrl } from './database.js';

export default async function setup(): Promise<void> {
  const url = postgresUrl();
  if (!url) return;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (error) {
    throw new Error(`DATABASE_URL is set but PostgreSQL does not answer: ${(error as Error).message}`, { cause: error });
  } finally {
    await client.end().catch(() => {});
  }
}
