/** Demo data for the embedded defaults, every module's part in one idempotent step. */
import type { Database } from '../platform/db/database.js';
import { DEMO_LOGINS, DEMO_PASSWORD, seedDemoLogins } from './auth/auth.seed.js';
import { customerLogins } from './auth/auth.tables.js';
import { hashPassword } from './auth/password.js';
import { bureauAuthorizations } from './customers/customers.tables.js';

/** The first generated customer of the mock backends' data world is C100000 (mocks/data/generated-customers.ts). */
const FIRST_GENERATED_NUMBER = 100_000;

/**
 * The generated logins share the published demo password, so their hash protects nothing: it is
 * made at a lower scrypt cost (2^12 instead of 2^15) so that a simulated town of customers can sign
 * in on a laptop. The same verification code reads the cost from the hash. Never used in production
 * (the demo seed is refused there).
 */
const GENERATED_LOGIN_SCRYPT = { N: 2 ** 12, r: 8, p: 1, keyLength: 32 };

/** The login of the generated customer with this index (0-based): `sim.c100000` is C100000. */
export const generatedLogin = (index: number) => ({ customerId: `C${FIRST_GENERATED_NUMBER + index}`, username: `sim.c${FIRST_GENERATED_NUMBER + index}` });

/**
 * Seeds what is missing; returns how many rows were added. `generatedCustomers`: also a login (the
 * demo password) and a bureau authorization for the first N generated customers (the simulation's).
 */
export async function seedDemoData(db: Database, now: Date = new Date(), options: { generatedCustomers?: number } = {}): Promise<number> {
  const logins = await seedDemoLogins(db);
  const generated = Array.from({ length: options.generatedCustomers ?? 0 }, (_, i) => generatedLogin(i));
  let generatedAdded = 0;
  if (generated.length > 0) {
    const passwordHash = await hashPassword(DEMO_PASSWORD, GENERATED_LOGIN_SCRYPT); // one hash shared by all, like the demo logins
    for (let i = 0; i < generated.length; i += 1000) {
      const page = generated.slice(i, i + 1000).map((g) => ({ ...g, passwordHash }));
      generatedAdded += (await db.insert(customerLogins).values(page).onConflictDoNothing().returning({ id: customerLogins.customerId })).length;
    }
  }
  // Every demo customer has authorized bureau checks, as customers who applied for credit have.
  const authorizations = await db
    .insert(bureauAuthorizations)
    .values([...DEMO_LOGINS, ...generated].map((login) => ({ customerId: login.customerId, channel: 'BRANCH', authorizedAt: now })))
    .onConflictDoNothing()
    .returning({ id: bureauAuthorizations.customerId });
  return logins + generatedAdded + authorizations.length;
}
