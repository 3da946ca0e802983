/**
 * Customer credentials: password login (with a one-time code for a new device, or for any device
 * while the username is under attack), the one-time-code challenges themselves, and binding a
 * mini-program user to a customer (password AND a one-time code).
 *
 * Every guess — password or code — is counted atomically before it is checked, and codes are
 * capped per challenge and, over a sliding hour, per customer, per mini-program user and per
 * client address (README, "Security").
 */
import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Backends } from '../../adapters/backends.js';
import type { AuthConfig } from '../../platform/config.js';
import type { Channel } from '../../platform/context.js';
import type { Logger } from '../../platform/logger.js';
import type { CallScope } from '../../platform/request-scope.js';
import { AuthError } from './auth.errors.js';
import { checkOtp, maskPhone, MAX_OTP_SENDS_PER_CHALLENGE, OTP_CAP_WINDOW_MS } from './auth.rules.js';
import type { CredentialsRepository } from './credentials.repository.js';
import { invalidCredentials, type LoginThrottle } from './login-throttle.js';
import { verifyPassword } from './password.js';
import type { RateLimitsRepository } from './rate-limits.repository.js';
import { DUMMY_HASH, sha256 } from './secrets.js';
import type { AuditRecorder } from './security-events.js';
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

export function createCredentialsService(deps: {
  repo: CredentialsRepository;
  limits: RateLimitsRepository;
  throttle: LoginThrottle;
  sessions: Pick<SessionsService, 'customerSession'>;
  backends: Backends;
  config: AuthConfig;
  log: Logger;
  now: () => Date;
  audit: AuditRecorder;
}) {
  const { repo, throttle, config, now } = deps;
  const customerSession = deps.sessions.customerSession;

  /**
   * Takes one hit of each cap over the sliding hour, or refuses with the longest wait.
   * @throws AuthError TOO_MANY_ATTEMPTS with retryAfterSeconds
   */
  async function takeOtpCaps(kind: 'send' | 'guess', challenge: { customerId: string; platformUserId: string | null }, address: string): Promise<void> {
    const perSubject = kind === 'send' ? config.otpSendsPerHour : config.otpGuessesPerHour;
    const caps: [string, number][] = [
      [`otp-${kind}:customer:${challenge.customerId}`, perSubject],
      ...(challenge.platformUserId ? [[`otp-${kind}:platform-user:${challenge.platformUserId}`, perSubject] as [string, number]] : []),
      [`otp-${kind}:addr:${address}`, config.otpPerAddressPerHour],
    ];
    const at = now();
    for (const [key, limit] of caps) {
      const taken = await deps.limits.takeWindowHit(key, limit, OTP_CAP_WINDOW_MS, at);
      if (!taken.allowed) {
        throw new AuthError(
          'TOO_MANY_ATTEMPTS',
          kind === 'send' ? 'Too many one-time codes were sent; try again later.' : 'Too many one-time-code guesses; try again later.',
          { retryAfterSeconds: taken.retryAfterSeconds },
        );
      }
    }
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

  /** Why a challenge takes no more sends or guesses, from a fresh read. */
  async function challengeOver(id: string): Promise<AuthError> {
    const challenge = await repo.findChallenge(id);
    if (!challenge) return new AuthError('NOT_FOUND', 'No such login challenge.');
    switch (checkOtp(challenge, false, now(), config.otpMaxAttempts)) {
      case 'USED':
        return new AuthError('OTP_ALREADY_USED', 'This one-time code was already used.');
      case 'EXPIRED':
        return new AuthError('OTP_EXPIRED', 'The one-time code has expired; log in again.');
      case 'NOT_SENT':
        return new AuthError('OTP_NOT_SENT', 'No code was sent for this challenge yet; call requestLoginOtp.');
      case 'TOO_MANY_ATTEMPTS':
      case 'WRONG_CODE':
      case 'OK':
        return new AuthError('TOO_MANY_ATTEMPTS', 'Too many codes or wrong guesses; log in again.');
    }
  }

  return {
    /**
     * Password login on APP or WEB. A device never seen for this customer — or any device while
     * the username is locked by failures from elsewhere — needs a one-time code first
     * (`requestLoginOtp`, then `verifyLoginOtp`).
     * @throws AuthError INVALID_CREDENTIALS (same for unknown user and wrong password), TOO_MANY_ATTEMPTS
     */
    async login(input: { username: string; password: string; channel: Channel; deviceId: string }, address: string): Promise<LoginResult> {
      if (!PASSWORD_CHANNELS.includes(input.channel)) {
        throw new AuthError('BAD_USER_INPUT', `Password login is for ${PASSWORD_CHANNELS.join(' and ')}; mini-programs use miniProgramLogin.`);
      }
      const login = await repo.findLoginByUsername(input.username);
      const knownDevice = login ? await repo.isKnownDevice(login.customerId, input.deviceId) : false;
      const attempt = await throttle.attempt(input.username, address, knownDevice);
      const ok = await verifyPassword(input.password, login?.passwordHash ?? DUMMY_HASH);
      if (!login || !ok) {
        await attempt.failed();
        throw invalidCredentials();
      }
      const signedIn = knownDevice && !attempt.stepUp;
      await attempt.succeeded(signedIn);
      if (!signedIn) {
        const challenge = await openChallenge({ purpose: 'NEW_DEVICE', customerId: login.customerId, channel: input.channel, deviceId: input.deviceId });
        return { kind: 'OTP_REQUIRED', challenge };
      }
      return { kind: 'SIGNED_IN', tokens: await customerSession(login.customerId, input.channel, input.deviceId) };
    },

    /** Sends (or sends again) the one-time code of a pending challenge to the customer's phone. */
    async requestLoginOtp(challengeId: string, address: string, scope?: CallScope): Promise<OtpChallenge> {
      const challenge = await repo.findChallenge(challengeId);
      if (!challenge) throw new AuthError('NOT_FOUND', 'No such login challenge.');
      // A new code never buys new guesses or a longer life: an exhausted or expired challenge is over.
      const limits = { maxSends: MAX_OTP_SENDS_PER_CHALLENGE, maxAttempts: config.otpMaxAttempts };
      if (!(await repo.takeChallengeSend(challenge.id, limits, now()))) {
        const fresh = (await repo.findChallenge(challenge.id)) ?? challenge;
        if (fresh.consumedAt) throw new AuthError('OTP_ALREADY_USED', 'This login challenge was already completed.');
        if (fresh.expiresAt > now()) throw new AuthError('TOO_MANY_ATTEMPTS', 'Too many codes or wrong guesses; log in again.');
        throw new AuthError('OTP_EXPIRED', 'This login challenge has expired; log in again.');
      }
      await takeOtpCaps('send', challenge, address);
      const [profile] = await deps.backends.crm.getCustomerProfiles([challenge.customerId], scope);
      if (!profile) throw new AuthError('NOT_FOUND', 'No such login challenge.');
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = new Date(now().getTime() + config.otpTtlSeconds * 1000);
      await repo.setChallengeCode(challenge.id, sha256(`${challenge.id}:${code}`), expiresAt);
      const purpose = challenge.purpose === 'NEW_DEVICE' ? 'LOGIN_NEW_DEVICE' : 'MINI_PROGRAM_BIND';
      const sent = await deps.backends.identity.sendOtpMessage({ phone: profile.phone, code, purpose }, scope);
      if (!sent.ok) {
        deps.log.error({ code: sent.code }, 'identity refused an OTP message');
        throw new AuthError('OTP_NOT_SENT', 'The one-time code could not be sent.');
      }
      return { challengeId: challenge.id, expiresAt, sentTo: maskPhone(profile.phone) };
    },

    /**
     * Completes a challenge with its code: remembers the device (or binds the mini-program user)
     * and opens the session. The guess is counted before the code is compared.
     */
    async verifyLoginOtp(challengeId: string, code: string, address: string): Promise<SessionTokens> {
      const challenge = await repo.findChallenge(challengeId);
      if (!challenge) throw new AuthError('NOT_FOUND', 'No such login challenge.');
      const taken = await repo.takeChallengeAttempt(challenge.id, config.otpMaxAttempts, now());
      if (!taken?.codeHash) throw await challengeOver(challenge.id);
      await takeOtpCaps('guess', challenge, address);
      const expected = Buffer.from(taken.codeHash);
      const given = Buffer.from(sha256(`${challenge.id}:${code}`));
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
        throw new AuthError('OTP_INVALID', 'The one-time code is not correct.', { attemptsLeft: Math.max(0, config.otpMaxAttempts - taken.attempts) });
      }
      const at = now();
      const audit = (tx: Parameters<AuditRecorder['record']>[1]) =>
        deps.audit.record(
          challenge.purpose === 'MINI_PROGRAM_BIND'
            ? { actor: `customer:${challenge.customerId}`, action: 'MINI_PROGRAM_BOUND', subject: `platform-user:${challenge.platformUserId}`, detail: { address } }
            : { actor: `customer:${challenge.customerId}`, action: 'DEVICE_VERIFIED', subject: `device:${challenge.deviceId}`, detail: { channel: challenge.channel, address } },
          tx,
        );
      if (!(await repo.completeChallenge(challenge, at, audit))) {
        throw new AuthError('OTP_ALREADY_USED', 'This one-time code was already used.');
      }
      return customerSession(challenge.customerId, challenge.channel, challenge.deviceId);
    },

    /**
     * Mini-program login: the platform's code → its user → the bound customer. The first time,
     * `username` AND `password` name and prove the customer to link, and a one-time code to their
     * phone confirms it: a code alone, which an attacker could keep guessing, never links anyone.
     * An unknown username and a wrong password answer the same.
     */
    async miniProgramLogin(
      input: { code: string; username?: string | null; password?: string | null },
      address: string,
      scope?: CallScope,
    ): Promise<LoginResult> {
      const exchanged = await deps.backends.identity.exchangeMiniProgramCode(input.code, scope);
      if (!exchanged.ok) throw new AuthError('INVALID_MINI_PROGRAM_CODE', 'The mini-program login code is invalid or expired.');
      const { platformUserId } = exchanged.value;
      const binding = await repo.findBinding(platformUserId);
      if (binding) return { kind: 'SIGNED_IN', tokens: await customerSession(binding.customerId, 'MINI_PROGRAM', null) };
      if (!input.username || !input.password) {
        throw new AuthError('BAD_USER_INPUT', 'This mini-program user is not linked yet: send the username and password to link it.', {
          field: input.username ? 'password' : 'username',
        });
      }
      const login = await repo.findLoginByUsername(input.username);
      const attempt = await throttle.attempt(input.username, address, false);
      const ok = await verifyPassword(input.password, login?.passwordHash ?? DUMMY_HASH);
      if (!login || !ok) {
        await attempt.failed();
        throw invalidCredentials();
      }
      await attempt.succeeded(false);
      const challenge = await openChallenge({ purpose: 'MINI_PROGRAM_BIND', customerId: login.customerId, channel: 'MINI_PROGRAM', platformUserId });
      return { kind: 'OTP_REQUIRED', challenge };
    },
  };
}

export type CredentialsService = ReturnType<typeof createCredentialsService>;
