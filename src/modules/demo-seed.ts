/** Demo data for the embedded defaults, every module's part in one idempotent step. */
import type { Database } from '../platform/db/database.js';
import { DEMO_LOGINS, seedDemoLogins } from './auth/auth.seed.js';
import { bureauAuthorizations } from './customers/customers.tables.js';

/** Seeds what is missing; returns how many rows were added. */
export async function seedDemoData(db: Database, now: Date = new Date()): Promise<number> {
  const logins = await seedDemoLogins(db);
  // Every demo customer has authorized bureau checks, as customers who applied for credit have.
  const authorizations = await db
    .insert(bureauAuthorizations)
    .values(DEMO_LOGINS.map((login) => ({ customerId: login.customerId, channel: 'BRANCH', authorizedAt: now })))
    .onConflictDoNothing()
    .returning({ id: bureauAuthorizations.customerId });
  return logins + authorizations.length;
}
