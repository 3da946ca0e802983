/** SQL of staff members. */
import { eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { staffMembers } from './auth.tables.js';

export function createStaffRepository(db: Database) {
  return {
    findStaffByUsername: async (username: string) =>
      (await db.select().from(staffMembers).where(eq(staffMembers.username, username.toLowerCase())).limit(1))[0],

    findStaffById: async (id: string) => (await db.select().from(staffMembers).where(eq(staffMembers.id, id)).limit(1))[0],
  };
}

export type StaffRepository = ReturnType<typeof createStaffRepository>;
