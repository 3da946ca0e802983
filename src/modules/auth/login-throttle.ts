/** Failed-login throttling per username and per client address, shared by customer and staff logins. */
import type { AuthConfig } from '../../platform/config.js';
import { AuthError } from './auth.errors.js';
import { checkThrottle, recordFailure } from './auth.rules.js';
import type { CredentialsRepository } from './credentials.repository.js';
import type { AuditRecorder } from './security-events.js';

export function createLoginThrottle(deps: {
  repo: Pick<CredentialsRepository, 'readThrottle' | 'writeThrottle' | 'clearThrottle' | 'recordSecurityEvent'>;
  config: AuthConfig;
  now: () => Date;
  audit: AuditRecorder;
}) {
  const { repo, config, now } = deps;
  const throttleKeys = (username: string, address: string) => ({ user: `user:${username.toLowerCase()}`, address: `addr:${address}` });

  return {
    async assertNotThrottled(username: string, address: string): Promise<void> {
      const keys = throttleKeys(username, address);
      const states = await repo.readThrottle([keys.user, keys.address]);
      for (const key of [keys.user, keys.address]) {
        const verdict = checkThrottle(states.get(key), now());
        if (!verdict.allowed) {
          throw new AuthError('TOO_MANY_ATTEMPTS', `Too many failed attempts. Try again in ${verdict.retryAfterSeconds} s.`, {
            retryAfterSeconds: verdict.retryAfterSeconds,
          });
        }
      }
    },

    async countFailure(username: string, address: string): Promise<void> {
      await deps.audit.record({ actor: 'anonymous', action: 'LOGIN_FAILED', subject: `username:${username.toLowerCase().slice(0, 64)}`, detail: { address } });
      const keys = throttleKeys(username, address);
      const states = await repo.readThrottle([keys.user, keys.address]);
      const at = now();
      const user = recordFailure(states.get(keys.user), at, { maxFailures: config.maxFailuresPerUser, lockoutMs: config.lockoutMs });
      const addr = recordFailure(states.get(keys.address), at, { maxFailures: config.maxFailuresPerAddress, lockoutMs: config.lockoutMs });
      await repo.writeThrottle(keys.user, user, at);
      await repo.writeThrottle(keys.address, addr, at);
      if (user.lockedUntil && user.failures === config.maxFailuresPerUser) {
        await repo.recordSecurityEvent({ kind: 'LOGIN_LOCKED', detail: { key: keys.user, until: user.lockedUntil.toISOString() } }, at);
      }
    },

    async succeeded(username: string, address: string): Promise<void> {
      await repo.clearThrottle(throttleKeys(username, address).user);
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

export const invalidCredentials = () => new AuthError('INVALID_CREDENTIALS', 'Username or password is incorrect.');
