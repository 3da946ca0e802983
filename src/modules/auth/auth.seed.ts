/**
 * Demo logins for the embedded defaults: one per demo customer of the mock backends.
 * Seeding is idempotent: an existing login is left as it is.
 */
import type { Database } from '../../platform/db/database.js';
import { customerLogins } from './auth.tables.js';
import { hashPassword } from './password.js';

/** The password every demo login shares; printed at start, never valid in production. */
export const DEMO_PASSWORD = 'demo-Passw0rd';

/** Demo customers (ids match the mock backends' data world) and their usernames. */
export const DEMO_LOGINS = [
  { customerId: 'C000001', username: 'wang.fang' },
  { customerId: 'C000002', username: 'zhao.lei' },
  { customerId: 'C000003', username: 'chen.jie' },
  { customerId: 'C000004', username: 'liu.yang' },
  { customerId: 'C000005', username: 'sun.mei' },
  { customerId: 'C000006', username: 'zhou.min' },
  { customerId: 'C000007', username: 'li.na' },
] as const;

/** Inserts the demo logins that are missing; returns how many were added. */
export async function seedDemoLogins(db: Database): Promise<number> {
  const existing = new Set(
    (await db.select({ id: customerLogins.customerId }).from(customerLogins)).map((r) => r.id),
  );
  const missing = DEMO_LOGINS.filter((login) => !existing.has(login.customerId));
  if (missing.length === 0) return 0;
  const rows = await Promise.all(
    missing.map(async (login) => ({ ...login, passwordHash: await hashPassword(DEMO_PASSWORD) })),
  );
  const inserted = await db
    .insert(customerLogins)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: customerLogins.customerId });
  return inserted.length;
}
