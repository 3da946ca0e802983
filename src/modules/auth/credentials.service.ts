/**
 * Customer credentials: password login (with a one-time code for a new device), the one-time-code
 * challenges themselves, and binding a mini-program user to a customer.
 */
import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Backends } from '../../adapters/backends.js';
import type { AuthConfig } from '../../platform/config.js';
import type { Channel } from '../../platform/context.js';
import type { Logger } from '../../platform/logger.js';
import { AuthError } from './auth.errors.js';
import { checkOtp, maskPhone } from './auth.rules.js';
import type { CredentialsRepository } from './credentials.repository.js';
import { invalidCredentials, type LoginThrottle } from './login-throttle.js';
import { verifyPassword } from './password.js';
import { DUMMY_HASH, sha256 } from './secrets.js';
import type { SessionsService, SessionTokens } from './sessions.service.js';

export interface OtpChallenge {
  challengeId: string;
  expiresAt: Date;
  /** Where the code goes, masked: `138****5678`. Empty until a code was sent. */
  sentTo: string | null;
}

export type LoginResult = { kind: 'SIGNED_IN'; tokens: SessionTokens } | { kind: 'OTP_REQUIRED'; challenge: OtpChallenge };

/** Channels a customer logs in on with a password. */
const PASSWORD_CHANNELS: readonly Channel[] = ['APP', 'WEB'];
/** Codes one challenge may send (the first and two resends). */
const MAX_OTP_SENDS = 3;

export function createCredentialsService(deps: {
  repo: CredentialsRepository;
  throttle: LoginThrottle;
  sessions: Pick<SessionsService, 'customerSession'>;
  backends: Backends;
  config: AuthConfig;
  log: Logger;
  now: () => Date;
}) {
  const { repo, throttle, config, now } = deps;
  const customerSession = deps.sessions.customerSession;

  async function sendCode(challenge: { id: string; customerId: string }, purpose: string): Promise<OtpChallenge> {
    const [profile] = await deps.backends.crm.getCustomerProfiles([challenge.customerId]);
    if (!profile) throw new AuthError('NOT_FOUND', 'No such login challenge.');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = new Date(now().getTime() + config.otpTtlSeconds * 1000);
    await repo.setChallengeCode(challenge.id, sha256(`${challenge.id}:${code}`), expiresAt);
    const sent = await deps.backends.identity.sendOtpMessage({ phone: profile.phone, code, purpose });
    if (!sent.ok) {
      deps.log.error({ code: sent.code }, 'identity refused an OTP message');
      throw new AuthError('OTP_NOT_SENT', 'The one-time code could not be sent.');
    }
    return { challengeId: challenge.id, expiresAt, sentTo: maskPhone(profile.phone) };
  }

  async function openChallenge(challenge: {
    purpose: 'NEW_DEVICE' | 'MINI_PROGRAM_BIND';
    customerId: string;
    channel: string;
    deviceId?: string | null;
    platformUserId?: string | null;
  }): Promise<OtpChallenge> {
    const id = randomUUID();
    const at = now();
    const expiresAt = new Date(at.getTime() + config.otpTtlSeconds * 1000);
    await repo.createChallenge({ id, ...challenge, createdAt: at, expiresAt });
    return { challengeId: id, expiresAt, sentTo: null };
  }

  return {
    /**
     * Password login on APP or WEB. A device never seen for this customer needs a one-time code
     * first (`requestLoginOtp`, then `verifyLoginOtp`).
     * @throws AuthError INVALID_CREDENTIALS (same for unknown user and wrong password), TOO_MANY_ATTEMPTS
     */
    async login(input: { username: string; password: string; channel: Channel; deviceId: string }, address: string): Promise<LoginResult> {
      if (!PASSWORD_CHANNELS.includes(input.channel)) {
        throw new AuthError('BAD_USER_INPUT', `Password login is for ${PASSWORD_CHANNELS.join(' and ')}; mini-programs use miniProgramLogin.`);
      }
      await throttle.assertNotThrottled(input.username, address);
      const login = await repo.findLoginByUsername(input.username);
      const ok = await verifyPassword(input.password, login?.passwordHash ?? DUMMY_HASH);
      if (!login || !ok) {
        await throttle.countFailure(input.username, address);
        throw invalidCredentials();
      }
      await throttle.succeeded(input.username, address);
      if (!(await repo.isKnownDevice(login.customerId, input.deviceId))) {
        const challenge = await openChallenge({ purpose: 'NEW_DEVICE', customerId: login.customerId, channel: input.channel, deviceId: input.deviceId });
        return { kind: 'OTP_REQUIRED', challenge };
      }
      return { kind: 'SIGNED_IN', tokens: await customerSession(login.customerId, input.channel, input.deviceId) };
    },

    /** Sends (or sends again) the one-time code of a pending challenge to the customer's phone. */
    async requestLoginOtp(challengeId: string): Promise<OtpChallenge> {
      const challenge = await repo.findChallenge(challengeId);
      if (!challenge) throw new AuthError('NOT_FOUND', 'No such login challenge.');
      if (challenge.consumedAt) throw new AuthError('OTP_ALREADY_USED', 'This login challenge was already completed.');
      // A new code never buys new guesses or a longer life: an exhausted or expired challenge is over.
      if (challenge.attempts >= config.otpMaxAttempts || challenge.sends >= MAX_OTP_SENDS) {
        throw new AuthError('TOO_MANY_ATTEMPTS', 'Too many codes or wrong guesses; log in again.');
      }
      if (challenge.expiresAt <= now()) throw new AuthError('OTP_EXPIRED', 'This login challenge has expired; log in again.');
      return sendCode(challenge, challenge.purpose === 'NEW_DEVICE' ? 'LOGIN_NEW_DEVICE' : 'MINI_PROGRAM_BIND');
    },

    /**
     * Completes a challenge with its code: remembers the device (or binds the mini-program user)
     * and opens the session.
     */
    async verifyLoginOtp(challengeId: string, code: string): Promise<SessionTokens> {
      const challenge = await repo.findChallenge(challengeId);
      if (!challenge) throw new AuthError('NOT_FOUND', 'No such login challenge.');
      const expected = challenge.codeHash ? Buffer.from(challenge.codeHash) : undefined;
      const given = Buffer.from(sha256(`${challenge.id}:${code}`));
      const matches = !!expected && expected.length === given.length && timingSafeEqual(expected, given);
      const verdict = checkOtp(challenge, matches, now(), config.otpMaxAttempts);
      switch (verdict) {
        case 'OK':
          break;
        case 'WRONG_CODE':
          await repo.countChallengeAttempt(challenge.id);
          throw new AuthError('OTP_INVALID', 'The one-time code is not correct.', {
            attemptsLeft: Math.max(0, config.otpMaxAttempts - challenge.attempts - 1),
          });
        case 'EXPIRED':
          throw new AuthError('OTP_EXPIRED', 'The one-time code has expired; log in again.');
        case 'USED':
          throw new AuthError('OTP_ALREADY_USED', 'This one-time code was already used.');
        case 'NOT_SENT':
          throw new AuthError('OTP_NOT_SENT', 'No code was sent for this challenge yet; call requestLoginOtp.');
        case 'TOO_MANY_ATTEMPTS':
          throw new AuthError('TOO_MANY_ATTEMPTS', 'Too many wrong codes; log in again.');
      }
      if (!(await repo.consumeChallenge(challenge.id, now()))) {
        throw new AuthError('OTP_ALREADY_USED', 'This one-time code was already used.');
      }
      if (challenge.purpose === 'MINI_PROGRAM_BIND' && challenge.platformUserId) {
        await repo.bindMiniProgramUser(challenge.platformUserId, challenge.customerId);
      }
      if (challenge.deviceId) await repo.rememberDevice(challenge.customerId, challenge.deviceId);
      return customerSession(challenge.customerId, challenge.channel, challenge.deviceId);
    },

    /**
     * Mini-program login: the platform's code → its user → the bound customer. The first time,
     * `username` names the customer to bind, confirmed by a one-time code to their phone.
     */
    async miniProgramLogin(code: string, username: string | undefined, address: string): Promise<LoginResult> {
      const exchanged = await deps.backends.identity.exchangeMiniProgramCode(code);
      if (!exchanged.ok) throw new AuthError('INVALID_MINI_PROGRAM_CODE', 'The mini-program login code is invalid or expired.');
      const { platformUserId } = exchanged.value;
      const binding = await repo.findBinding(platformUserId);
      if (binding) return { kind: 'SIGNED_IN', tokens: await customerSession(binding.customerId, 'MINI_PROGRAM', null) };
      if (!username) {
        throw new AuthError('BAD_USER_INPUT', 'This mini-program user is not linked yet: send the username to link it.', { field: 'username' });
      }
      await throttle.assertNotThrottled(username, address);
      const login = await repo.findLoginByUsername(username);
      if (!login) {
        await throttle.countFailure(username, address);
        throw invalidCredentials();
      }
      const challenge = await openChallenge({ purpose: 'MINI_PROGRAM_BIND', customerId: login.customerId, channel: 'MINI_PROGRAM', platformUserId });
      return { kind: 'OTP_REQUIRED', challenge };
    },
  };
}

export type CredentialsService = ReturnType<typeof createCredentialsService>;
