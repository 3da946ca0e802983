/**
 * Runs once around the whole run (all projects). When DATABASE_URL names a PostgreSQL server:
 * checks it answers, so a missing server fails in one clear line instead of in every file; gives
 * the workers a prefix for the databases they create; and drops whatever of them is left at the
 * end — the shared gateways' databases live as long as their worker and are never dropped by it.
 */
import type { TestProject } from 'vitest/node';
import { dropDatabases, newDatabasePrefix, postgresUrl, withClient } from './database.js';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const prefix = newDatabasePrefix();
  project.provide('testDatabasePrefix', prefix);
  const url = postgresUrl();
  if (!url) return;
  try {
    await withClient(url, (client) => client.query('select 1'));
  } catch (error) {
    throw new Error(`DATABASE_URL is set but PostgreSQL does not answer: ${(error as Error).message}`, { cause: error });
  }
  return async () => {
    await dropDatabases(url, prefix);
  };
}
