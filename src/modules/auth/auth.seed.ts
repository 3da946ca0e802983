/**
 * Demo data for the embedded defaults: a login per demo customer of the mock backends, one staff
 * member per role, and two partner mini-programs. Seeding is idempotent: existing rows stay.
 */
import { inArray } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import type { StaffRole } from '../../platform/context.js';
import { customerLogins, partners, staffMembers } from './auth.tables.js';
import { hashPassword } from './password.js';
import { sha256 } from './secrets.js';

/** The password every demo login shares; printed at start, never valid in production. */
export const DEMO_PASSWORD = 'demo-Passw0rd';
/** The password of every demo staff member. */
export const DEMO_STAFF_PASSWORD = 'staff-Passw0rd';

/** Demo customers (ids match the mock backends' data world) and their usernames. */
export const DEMO_LOGINS = [
  { customerId: 'C000001', username: 'wang.fang' },
  { customerId: 'C000002', username: 'zhao.lei' },
  { customerId: 'C000003', username: 'chen.jie' },
  { customerId: 'C000004', username: 'liu.yang' },
  { customerId: 'C000005', username: 'sun.mei' },
  { customerId: 'C000006', username: 'zhou.min' },
  { customerId: 'C000007', username: 'li.na' },
  // Company representatives (corporate module): Huaxin Technology's signatory, Jiangnan Trading's legal representative.
  { customerId: 'C000008', username: 'huang.wei' },
  { customerId: 'C000009', username: 'gao.jun' },
] as const;

/** One staff member per role. */
export const DEMO_STAFF: readonly { id: string; username: string; displayName: string; roles: StaffRole[]; customerId?: string }[] = [
  { id: 'S0001', username: 'teller.li', displayName: 'Li Teller', roles: ['TELLER'] },
  { id: 'S0002', username: 'reviewer.wu', displayName: 'Wu Reviewer', roles: ['REVIEWER'] },
  // He is also a customer of the bank (Liu Yang's login): she may never decide on her own application.
  { id: 'S0003', username: 'reviewer.he', displayName: 'He Reviewer', roles: ['REVIEWER'], customerId: 'C000004' },
  { id: 'S0004', username: 'risk.zhang', displayName: 'Zhang Risk', roles: ['RISK_OFFICER'] },
  { id: 'S0005', username: 'ops.huang', displayName: 'Huang Ops', roles: ['OPS_ANALYST'] },
  { id: 'S0006', username: 'admin.ma', displayName: 'Ma Admin', roles: ['ADMIN'] },
  // Expert seats for corporate pre-review; Lin is also Wang Fang (C000001), a director of Huaxin Technology:
  // she never reviews Huaxin's requests.
  { id: 'S0007', username: 'expert.qian', displayName: 'Qian Expert', roles: ['EXPERT_REVIEWER'] },
  { id: 'S0008', username: 'expert.lin', displayName: 'Lin Expert', roles: ['EXPERT_REVIEWER'], customerId: 'C000001' },
  { id: 'S0009', username: 'expert.xu', displayName: 'Xu Expert', roles: ['EXPERT_REVIEWER'] },
  { id: 'S0010', username: 'feedback.xu', displayName: 'Xu Feedback', roles: ['FEEDBACK_OFFICER'] },
];

/** Registered partner mini-programs and their client secrets (demo only). */
export const DEMO_PARTNERS = [
  { id: 'partner-travel', name: 'Sunny Travel', secret: 'travel-demo-secret', allowedScopes: ['profile:read', 'accounts:read'] },
  { id: 'partner-insure', name: 'Safe Insurance', secret: 'insure-demo-secret', allowedScopes: ['profile:read', 'profile:pii'] },
] as const;

/** Inserts the demo rows that are missing; returns how many were added. */
export async function seedDemoLogins(db: Database): Promise<number> {
  // Only missing rows are hashed and inserted: a password hash costs ~0.1 s of CPU and 32 MB at the
  // production scrypt cost, on the start's critical path, and every start but the first finds them all.
  const [customersNow, staffNow] = await Promise.all([
    db.select({ id: customerLogins.customerId }).from(customerLogins).where(inArray(customerLogins.customerId, DEMO_LOGINS.map((l) => l.customerId))),
    db.select({ id: staffMembers.id }).from(staffMembers).where(inArray(staffMembers.id, DEMO_STAFF.map((s) => s.id))),
  ]);
  const present = new Set([...customersNow, ...staffNow].map((row) => row.id));
  const missingCustomers = DEMO_LOGINS.filter((l) => !present.has(l.customerId));
  const missingStaff = DEMO_STAFF.filter((s) => !present.has(s.id));
  // One hash per demo password: the demo accounts share it, and each gateway start (every test
  // file) then costs two scrypt runs instead of nine.
  const [customerHash, staffHash] = await Promise.all([
    missingCustomers.length > 0 ? hashPassword(DEMO_PASSWORD) : undefined,
    missingStaff.length > 0 ? hashPassword(DEMO_STAFF_PASSWORD) : undefined,
  ]);
  const added = await db.transaction(async (tx) => {
    const a = customerHash
      ? await tx.insert(customerLogins).values(missingCustomers.map((login) => ({ ...login, passwordHash: customerHash }))).onConflictDoNothing().returning({ id: customerLogins.customerId })
      : [];
    const b = staffHash
      ? await tx
          .insert(staffMembers)
          .values(missingStaff.map((s) => ({ ...s, roles: [...s.roles], passwordHash: staffHash })))
          .onConflictDoNothing()
          .returning({ id: staffMembers.id })
      : [];
    const c = await tx
      .insert(partners)
      .values(DEMO_PARTNERS.map((p) => ({ id: p.id, name: p.name, secretHash: sha256(p.secret), allowedScopes: [...p.allowedScopes] })))
      .onConflictDoNothing()
      .returning({ id: partners.id });
    return a.length + b.length + c.length;
  });
  return added;
}
