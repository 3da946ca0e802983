/** Staff logins (own audience, roles in the token) and staff records for other modules. */
import { invalidCredentials, type LoginThrottle } from './login-throttle.js';
import { verifyPassword } from './password.js';
import { DUMMY_HASH } from './secrets.js';
import type { SessionsService, SessionTokens } from './sessions.service.js';
import type { StaffRepository } from './staff.repository.js';

export function createStaffService(deps: { repo: StaffRepository; throttle: LoginThrottle; sessions: Pick<SessionsService, 'openSession'> }) {
  const { repo, throttle } = deps;
  return {
    /** Staff login: own audience, roles in the token, no customer data reachable with it. */
    async staffLogin(username: string, password: string, address: string): Promise<SessionTokens> {
      // Staff have no known devices: a username-wide lock is a lock (README, "Security").
      const attempt = await throttle.attempt(`staff:${username}`, address, false);
      const staff = await repo.findStaffByUsername(username);
      const ok = await verifyPassword(password, staff?.passwordHash ?? DUMMY_HASH);
      if (!staff || !ok) {
        await attempt.failed();
        throw invalidCredentials();
      }
      await attempt.succeeded(true);
      return deps.sessions.openSession({ kind: 'STAFF', id: staff.id, roles: staff.roles }, 'STAFF', null);
    },

    /** A staff member's record (roles, and the customer they also are, if any). */
    async staffMember(staffId: string) {
      const staff = await repo.findStaffById(staffId);
      return staff && { id: staff.id, displayName: staff.displayName, roles: staff.roles, customerId: staff.customerId };
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
