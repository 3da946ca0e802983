/**
 * Failed-login throttling, shared by customer and staff logins. Every attempt is counted, atomically,
 * BEFORE its password is checked (rate-limits.repository.ts), so concurrency cannot buy extra guesses;
 * a right password gives its slots back.
 *
 * The policy (README, "Security"):
 * - (username, address): `maxFailuresPerUser` attempts, then that pair is locked for `lockoutMs`.
 * - username, from anywhere: past `maxFailuresPerUser`, unknown devices are locked out, but the
 *   owner's known devices are not: their right password needs a one-time code (step-up) instead,
 *   so nobody can lock a customer out of their own phone.
 * - address: `maxFailuresPerAddress` attempts, then the address is locked, except for a username's
 *   known device (fair behind NAT: one sprayer does not lock out the whole office).
 * Each attempt past a limit doubles its lockout (at most {@link MAX_LOCKOUT_MS}); counts older than
 * {@link FAILURE_WINDOW_MS} start afresh.
 */
import type { AuthConfig } from '../../platform/config.js';
import { AuthError } from './auth.errors.js';
import type { RateLimitsRepository, Taken } from './rate-limits.repository.js';
import type { AuditRecorder } from './security-events.js';
import { recordSecurityEvent } from './security-events.js';
import type { Database } from '../../platform/db/database.js';

/** Failed attempts older than this are forgotten. */
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** Each attempt past the limit doubles the lockout, up to this. */
export const MAX_LOCKOUT_MS = 15 * 60 * 1000;

export interface AttemptGrant {
  /** The owner's known device got past a username-wide lock: a right password still needs a one-time code. */
  stepUp: boolean;
  /** Records a wrong password (the slots stay taken). */
  failed(): Promise<void>;
  /** Records a right password: gives the slots back. `signedIn` also clears the username-wide count. */
  succeeded(signedIn: boolean): Promise<void>;
}

export function createLoginThrottle(deps: { db: Database; repo: RateLimitsRepository; config: AuthConfig; now: () => Date; audit: AuditRecorder }) {
  const { repo, config, now } = deps;
  const common = { lockoutMs: config.lockoutMs, maxLockoutMs: MAX_LOCKOUT_MS, windowMs: FAILURE_WINDOW_MS };
  const perUser = { ...common, max: config.maxFailuresPerUser };
  const perAddress = { ...common, max: config.maxFailuresPerAddress };
  const tooMany = (retryAfterSeconds: number) =>
    new AuthError('TOO_MANY_ATTEMPTS', `Too many failed attempts. Try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });

  async function locked(key: string, taken: Taken, at: Date): Promise<Taken> {
    if (taken.allowed && taken.lockedNow) await recordSecurityEvent(deps.db, { kind: 'LOGIN_LOCKED', detail: { key } }, at);
    return taken;
  }

  return {
    /**
     * Takes this attempt's slots, or refuses it.
     * @param knownDevice whether the device named is one the username's customer has logged in on
     * @throws AuthError TOO_MANY_ATTEMPTS with retryAfterSeconds
     */
    async attempt(username: string, address: string, knownDevice: boolean): Promise<AttemptGrant> {
      const name = username.toLowerCase();
      const keys = { pair: `user-addr:${name}:${address}`, user: `user:${name}`, address: `addr:${address}` };
      const at = now();
      const pair = await locked(keys.pair, await repo.takeLoginAttempt(keys.pair, perUser, at), at);
      if (!pair.allowed) throw tooMany(pair.retryAfterSeconds);
      const user = await locked(keys.user, await repo.takeLoginAttempt(keys.user, perUser, at), at);
      if (!user.allowed && !knownDevice) throw tooMany(user.retryAfterSeconds);
      if (!knownDevice) {
        const addr = await locked(keys.address, await repo.takeLoginAttempt(keys.address, perAddress, at), at);
        if (!addr.allowed) throw tooMany(addr.retryAfterSeconds);
      }
      return {
        stepUp: !user.allowed,
        failed: async () => {
          await deps.audit.record({ actor: 'anonymous', action: 'LOGIN_FAILED', subject: `username:${name.slice(0, 64)}`, detail: { address } });
        },
        succeeded: async (signedIn) => {
          await repo.clearLoginAttempts(keys.pair);
          if (signedIn) await repo.clearLoginAttempts(keys.user);
          else if (user.allowed) await repo.releaseLoginAttempt(keys.user, perUser.max);
          if (!knownDevice) await repo.releaseLoginAttempt(keys.address, perAddress.max);
        },
      };
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

export const invalidCredentials = () => new AuthError('INVALID_CREDENTIALS', 'Username or password is incorrect.');
