/**
 * The login layer's use cases: one login for every channel (password + new-device OTP,
 * mini-program binding, QR hand-off), sessions with rotating refresh tokens, staff logins,
 * partner tokens under a customer's consent, and turning a bearer token into a `Viewer`.
 *
 * Every failure a client can cause is an `AuthError` with a code (auth.errors.ts).
 */
import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { PubSub } from 'type-graphql';
import type { Backends } from '../../adapters/backends.js';
import type { AuthConfig } from '../../platform/config.js';
import {
  PARTNER_SCOPES,
  STAFF_ROLES,
  type Channel,
  type PartnerScope,
  type StaffRole,
  type Viewer,
} from '../../platform/context.js';
import type { Logger } from '../../platform/logger.js';
import { AuthError } from './auth.errors.js';
import type { AuthRepository, ConsentRow, SessionRow } from './auth.repository.js';
import { checkOtp, checkThrottle, maskPhone, recordFailure } from './auth.rules.js';
import { createGrantCache, grantSubject } from './grant-cache.js';
import { hashPassword, verifyPassword } from './password.js';
import type { KeyStore } from './signing-keys.js';
import { InvalidTokenError, type TokenSigner } from './tokens.js';

/** What a client keeps after a login: both tokens and when they expire. */
export interface SessionTokens {
  sessionId: string;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

export interface OtpChallenge {
  challengeId: string;
  expiresAt: Date;
  /** Where the code goes, masked: `138****5678`. Empty until a code was sent. */
  sentTo: string | null;
}

export type LoginResult = { kind: 'SIGNED_IN'; tokens: SessionTokens } | { kind: 'OTP_REQUIRED'; challenge: OtpChallenge };

export type QrLoginUpdate =
  | { status: 'PENDING'; expiresAt: Date }
  | { status: 'EXPIRED' }
  | { status: 'APPROVED'; tokens: SessionTokens };

export interface AuthServiceDeps {
  repo: AuthRepository;
  keys: KeyStore;
  signer: TokenSigner;
  backends: Backends;
  config: AuthConfig;
  pubSub: PubSub;
  log: Logger;
  now: () => Date;
  /** The audit trail: logins and their failures, consent changes, key rotations. */
  audit: { record(entry: { actor: string; action: string; subject?: string | null; detail?: Record<string, unknown> }): Promise<unknown> };
}

/** Channels a customer logs in on with a password. */
const PASSWORD_CHANNELS: readonly Channel[] = ['APP', 'WEB'];
const QR_TOPIC = 'QR_LOGIN';
/** Codes one challenge may send (the first and two resends). */
const MAX_OTP_SENDS = 3;
/** Channels that wait for a QR approval from the app. */
const QR_CHANNELS: readonly Channel[] = ['WEB', 'BRANCH'];
// Verified against when a username is unknown, so both failures cost the same time.
const DUMMY_HASH = await hashPassword(randomBytes(16).toString('hex'));

const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');
const newSecret = () => randomBytes(32).toString('base64url');

export function createAuthService(deps: AuthServiceDeps) {
  const { repo, signer, config, now } = deps;
  const cacheOptions = { ttlMs: config.grantCacheTtlMs, maxEntries: 10_000 };
  const sessionCache = createGrantCache<SessionRow>({ ...cacheOptions, subjectOf: (s) => grantSubject(s.subjectKind, s.subjectId) });
  const consentCache = createGrantCache<ConsentRow>({ ...cacheOptions, subjectOf: (c) => grantSubject('CUSTOMER', c.customerId) });
  /** Drops cached grants of `subject` (every subject without one): after a revocation here or announced by any instance. */
  function grantsRevoked(subject?: string): void {
    for (const cache of [sessionCache, consentCache]) {
      if (subject === undefined) cache.clear();
      else cache.evictSubject(subject);
    }
  }

  // ---- sessions and tokens ------------------------------------------------------------------

  async function openSession(
    subject: { kind: 'CUSTOMER' | 'STAFF'; id: string; roles: string[] },
    channel: string,
    deviceId: string | null,
  ): Promise<SessionTokens> {
    const at = now();
    const sessionId = randomUUID();
    const refreshToken = newSecret();
    const expiresAt = new Date(at.getTime() + config.refreshTokenTtlSeconds * 1000);
    await repo.createSession(
      { id: sessionId, subjectKind: subject.kind, subjectId: subject.id, channel, deviceId, createdAt: at, lastSeenAt: at, expiresAt },
      { tokenHash: sha256(refreshToken), expiresAt },
    );
    const access = await signer.issue(
      { sub: subject.id, sid: sessionId, channel, roles: subject.roles, scope: [] },
      subject.kind === 'STAFF' ? config.staffAudience : config.audience,
      at,
    );
    await deps.audit.record({
      actor: `${subject.kind === 'STAFF' ? 'staff' : 'customer'}:${subject.id}`,
      action: 'LOGIN_SUCCEEDED',
      subject: `session:${sessionId}`,
      detail: { channel, deviceId },
    });
    return { sessionId, accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken, refreshTokenExpiresAt: expiresAt };
  }

  const customerSession = (customerId: string, channel: string, deviceId: string | null) =>
    openSession({ kind: 'CUSTOMER', id: customerId, roles: ['CUSTOMER'] }, channel, deviceId);

  // ---- throttling ----------------------------------------------------------------------------

  const throttleKeys = (username: string, address: string) => ({ user: `user:${username.toLowerCase()}`, address: `addr:${address}` });

  async function assertNotThrottled(username: string, address: string): Promise<void> {
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
  }

  async function countFailure(username: string, address: string): Promise<void> {
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
  }

  const invalidCredentials = () => new AuthError('INVALID_CREDENTIALS', 'Username or password is incorrect.');

  // ---- one-time codes --------------------------------------------------------------------------

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

  // ---- viewers -------------------------------------------------------------------------------

  async function authenticate(bearer: string): Promise<Viewer> {
    let claims;
    try {
      claims = await signer.verify(bearer, [config.audience, config.staffAudience]);
    } catch (error) {
      if (error instanceof InvalidTokenError) {
        deps.log.debug({ reason: error.reason }, 'access token refused');
        throw new AuthError('UNAUTHENTICATED', 'The access token is invalid or has expired.');
      }
      throw error;
    }
    const tokenExpiresAt = new Date(claims.exp * 1000);
    const refused = () => new AuthError('UNAUTHENTICATED', 'The access token is invalid or has expired.');
    if (claims.azp) {
      // A partner acting for a customer: only while the consent it rests on is live and covers it.
      const cid = claims.cid;
      const consent = cid ? await consentCache.get(cid, () => repo.findConsent(cid)) : undefined;
      if (!consent || consent.revokedAt || consent.partnerId !== claims.azp || consent.customerId !== claims.sub) throw refused();
      const scopes = claims.scope.filter((s): s is PartnerScope => consent.scopes.includes(s));
      return { kind: 'partner', partnerId: claims.azp, customerId: claims.sub, consentId: consent.id, scopes, tokenExpiresAt };
    }
    const sid = claims.sid;
    if (!sid) throw refused();
    const session = await sessionCache.get(sid, () => repo.findSession(sid));
    if (!session || session.revokedAt || session.expiresAt <= now() || session.subjectId !== claims.sub) throw refused();
    if (claims.aud === config.staffAudience) {
      if (session.subjectKind !== 'STAFF') throw refused();
      const roles = claims.roles.filter((r): r is StaffRole => (STAFF_ROLES as readonly string[]).includes(r));
      return { kind: 'staff', staffId: claims.sub, roles, sessionId: session.id, tokenExpiresAt };
    }
    if (session.subjectKind !== 'CUSTOMER') throw refused();
    return { kind: 'customer', customerId: claims.sub, sessionId: session.id, sessionChannel: session.channel, tokenExpiresAt };
  }

  /** Revokes in the database, then drops this instance's cached copies before answering. */
  async function revokeSessions(subject: { kind: 'CUSTOMER' | 'STAFF'; id: string }, reason: string, onlyId?: string): Promise<number> {
    const revoked = await repo.revokeSessions(subject, reason, now(), onlyId);
    grantsRevoked(grantSubject(subject.kind, subject.id));
    return revoked;
  }

  function requireCustomer(viewer: Viewer): Extract<Viewer, { kind: 'customer' }> {
    if (viewer.kind === 'customer') return viewer;
    if (viewer.kind === 'anonymous') throw new AuthError('UNAUTHENTICATED', 'Log in first.');
    throw new AuthError('FORBIDDEN', 'Only the customer can do this.');
  }

  function subjectOf(viewer: Viewer): { kind: 'CUSTOMER' | 'STAFF'; id: string; sessionId: string } {
    if (viewer.kind === 'customer') return { kind: 'CUSTOMER', id: viewer.customerId, sessionId: viewer.sessionId };
    if (viewer.kind === 'staff') return { kind: 'STAFF', id: viewer.staffId, sessionId: viewer.sessionId };
    if (viewer.kind === 'anonymous') throw new AuthError('UNAUTHENTICATED', 'Log in first.');
    throw new AuthError('FORBIDDEN', 'Partners have no sessions of their own.');
  }

  return {
    authenticate,
    grantsRevoked,

    /**
     * Password login on APP or WEB. A device never seen for this customer needs a one-time code
     * first (`requestLoginOtp`, then `verifyLoginOtp`).
     * @throws AuthError INVALID_CREDENTIALS (same for unknown user and wrong password), TOO_MANY_ATTEMPTS
     */
    async login(input: { username: string; password: string; channel: Channel; deviceId: string }, address: string): Promise<LoginResult> {
      if (!PASSWORD_CHANNELS.includes(input.channel)) {
        throw new AuthError('BAD_USER_INPUT', `Password login is for ${PASSWORD_CHANNELS.join(' and ')}; mini-programs use miniProgramLogin.`);
      }
      await assertNotThrottled(input.username, address);
      const login = await repo.findLoginByUsername(input.username);
      const ok = await verifyPassword(input.password, login?.passwordHash ?? DUMMY_HASH);
      if (!login || !ok) {
        await countFailure(input.username, address);
        throw invalidCredentials();
      }
      await repo.clearThrottle(throttleKeys(input.username, address).user);
      if (!(await repo.isKnownDevice(login.customerId, input.deviceId))) {
        const challenge = await openChallenge({
          purpose: 'NEW_DEVICE',
          customerId: login.customerId,
          channel: input.channel,
          deviceId: input.deviceId,
        });
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
        throw new AuthError('BAD_USER_INPUT', 'This mini-program user is not linked yet: send the username to link it.', {
          field: 'username',
        });
      }
      await assertNotThrottled(username, address);
      const login = await repo.findLoginByUsername(username);
      if (!login) {
        await countFailure(username, address);
        throw invalidCredentials();
      }
      const challenge = await openChallenge({
        purpose: 'MINI_PROGRAM_BIND',
        customerId: login.customerId,
        channel: 'MINI_PROGRAM',
        platformUserId,
      });
      return { kind: 'OTP_REQUIRED', challenge };
    },

    /**
     * Trades a refresh token for a new pair. A token used twice ends its session and is
     * recorded as a security event: whoever holds the other copy is locked out too.
     */
    async refreshSession(refreshToken: string): Promise<SessionTokens> {
      const next = newSecret();
      const result = await repo.rotateRefreshToken(sha256(refreshToken), { tokenHash: sha256(next) }, now());
      switch (result.outcome) {
        case 'ROTATED': {
          const { session } = result;
          const roles = session.subjectKind === 'STAFF' ? ((await repo.findStaffById(session.subjectId))?.roles ?? []) : ['CUSTOMER'];
          const access = await signer.issue(
            { sub: session.subjectId, sid: session.id, channel: session.channel, roles, scope: [] },
            session.subjectKind === 'STAFF' ? config.staffAudience : config.audience,
            now(),
          );
          return {
            sessionId: session.id,
            accessToken: access.token,
            accessTokenExpiresAt: access.expiresAt,
            refreshToken: next,
            refreshTokenExpiresAt: result.expiresAt,
          };
        }
        case 'REUSED':
          grantsRevoked(grantSubject(result.session.subjectKind, result.session.subjectId));
          deps.log.warn({ sessionId: result.session.id, subjectId: result.session.subjectId }, 'refresh token reuse: session revoked');
          await deps.audit.record({
            actor: 'system',
            action: 'REFRESH_TOKEN_REUSED',
            subject: `session:${result.session.id}`,
            detail: { subjectId: result.session.subjectId, channel: result.session.channel },
          });
          throw new AuthError('REFRESH_TOKEN_REUSED', 'This refresh token was already used; the session has been ended for safety.');
        case 'UNKNOWN':
        case 'EXPIRED':
        case 'SESSION_ENDED':
          throw new AuthError('INVALID_REFRESH_TOKEN', 'The refresh token is invalid or has expired; log in again.');
      }
    },

    async logout(viewer: Viewer): Promise<boolean> {
      const subject = subjectOf(viewer);
      return (await revokeSessions(subject, 'LOGOUT', subject.sessionId)) > 0;
    },

    async logoutEverywhere(viewer: Viewer): Promise<number> {
      return revokeSessions(subjectOf(viewer), 'LOGOUT_EVERYWHERE');
    },

    async mySessions(viewer: Viewer) {
      const subject = subjectOf(viewer);
      const rows = await repo.liveSessionsOf(subject, now());
      return rows.map((row) => ({ ...row, current: row.id === subject.sessionId }));
    },

    /** Ends one of the viewer's own sessions; another subject's id is NOT_FOUND, as a missing one. */
    async revokeSession(viewer: Viewer, sessionId: string): Promise<boolean> {
      const subject = subjectOf(viewer);
      const revoked = await revokeSessions(subject, 'REVOKED_BY_OWNER', sessionId);
      if (revoked === 0) throw new AuthError('NOT_FOUND', 'No such session.');
      return true;
    },

    /** Staff login: own audience, roles in the token, no customer data reachable with it. */
    async staffLogin(username: string, password: string, address: string): Promise<SessionTokens> {
      await assertNotThrottled(`staff:${username}`, address);
      const staff = await repo.findStaffByUsername(username);
      const ok = await verifyPassword(password, staff?.passwordHash ?? DUMMY_HASH);
      if (!staff || !ok) {
        await countFailure(`staff:${username}`, address);
        throw invalidCredentials();
      }
      await repo.clearThrottle(throttleKeys(`staff:${username}`, address).user);
      return openSession({ kind: 'STAFF', id: staff.id, roles: staff.roles }, 'STAFF', null);
    },

    async rotateSigningKeys(viewer: Viewer): Promise<{ kid: string; createdAt: Date }> {
      const rotated = await deps.keys.rotate(now());
      if (!rotated) throw new AuthError('KEYS_MANAGED_EXTERNALLY', 'Signing keys come from JWT_SIGNING_KEYS; rotate them in the key vault.');
      await deps.audit.record({ actor: viewer.kind === 'staff' ? `staff:${viewer.staffId}` : 'system', action: 'SIGNING_KEYS_ROTATED', subject: `key:${rotated.kid}` });
      return rotated;
    },

    jwks: () => deps.keys.jwks(),

    /** A staff member's record (roles, and the customer they also are, if any). */
    async staffMember(staffId: string) {
      const staff = await repo.findStaffById(staffId);
      return staff && { id: staff.id, displayName: staff.displayName, roles: staff.roles, customerId: staff.customerId };
    },

    // ---- QR hand-off -------------------------------------------------------------------------

    /** A waiting channel (web, branch) asks for a QR code; only it learns the secret. */
    async startQrLogin(channel: Channel): Promise<{ id: string; secret: string; qrContent: string; expiresAt: Date }> {
      if (!QR_CHANNELS.includes(channel)) {
        throw new AuthError('BAD_USER_INPUT', `QR logins are started on ${QR_CHANNELS.join(' or ')}; the app approves them.`);
      }
      const id = randomUUID();
      const secret = newSecret();
      const at = now();
      const expiresAt = new Date(at.getTime() + config.qrLoginTtlSeconds * 1000);
      await repo.createQrLogin({ id, secretHash: sha256(secret), channel, status: 'PENDING', createdAt: at, expiresAt });
      return { id, secret, qrContent: `bankgw://qr-login?id=${id}`, expiresAt };
    },

    /** The logged-in app approves what it scanned. One use, before it expires. */
    async approveQrLogin(viewer: Viewer, id: string): Promise<boolean> {
      const customer = requireCustomer(viewer);
      if (customer.sessionChannel !== 'APP') throw new AuthError('FORBIDDEN', 'QR logins are approved from the app.');
      if (!(await repo.approveQrLogin(id, customer.customerId, now()))) {
        const row = await repo.findQrLogin(id);
        if (!row) throw new AuthError('NOT_FOUND', 'No such QR login.');
        if (row.status !== 'PENDING') throw new AuthError('QR_ALREADY_USED', 'This QR code was already used.');
        throw new AuthError('QR_EXPIRED', 'This QR code has expired; ask for a new one.');
      }
      deps.pubSub.publish(QR_TOPIC, id, { id });
      return true;
    },

    /**
     * The waiting channel's view of its QR login: PENDING now, then APPROVED with its own
     * session tokens (exactly once), or EXPIRED.
     */
    async *qrLoginUpdates(id: string, secret: string, signal: AbortSignal): AsyncGenerator<QrLoginUpdate> {
      const row = await repo.findQrLogin(id);
      const secretOk = row && timingSafeEqualStrings(row.secretHash, sha256(secret));
      if (!row || !secretOk) throw new AuthError('NOT_FOUND', 'No such QR login.');
      if (row.status === 'COMPLETED') throw new AuthError('QR_ALREADY_USED', 'This QR code was already used.');
      // Listen before looking again, so an approval between the two is not missed.
      const approvals = deps.pubSub.subscribe(QR_TOPIC, id)[Symbol.asyncIterator]();
      try {
        const complete = async (): Promise<QrLoginUpdate | undefined> => {
          const done = await repo.completeQrLogin(id, now());
          if (!done?.customerId) return undefined;
          return { status: 'APPROVED', tokens: await customerSession(done.customerId, done.channel, null) };
        };
        const first = row.status === 'APPROVED' ? await complete() : undefined;
        if (first) {
          yield first;
          return;
        }
        if (row.expiresAt <= now()) {
          yield { status: 'EXPIRED' };
          return;
        }
        yield { status: 'PENDING', expiresAt: row.expiresAt };
        for (;;) {
          const waitMs = row.expiresAt.getTime() - now().getTime();
          const next = await raceUntil(approvals.next(), waitMs, signal);
          if (next === 'aborted') return;
          if (next === 'timeout') {
            yield { status: 'EXPIRED' };
            return;
          }
          if (next.done) return;
          const approved = await complete();
          if (approved) {
            yield approved;
            return;
          }
        }
      } finally {
        await approvals.return?.();
      }
    },

    // ---- partners ----------------------------------------------------------------------------

    async grantPartnerConsent(viewer: Viewer, partnerId: string, scopes: string[]) {
      const customer = requireCustomer(viewer);
      const partner = await repo.findPartner(partnerId);
      if (!partner?.active) throw new AuthError('NOT_FOUND', 'No such partner.');
      const unknown = scopes.filter((s) => !(PARTNER_SCOPES as readonly string[]).includes(s));
      if (unknown.length > 0 || scopes.length === 0) {
        throw new AuthError('BAD_USER_INPUT', `Unknown scopes: ${unknown.join(', ') || '(none given)'}.`, { field: 'scopes' });
      }
      const outside = scopes.filter((s) => !partner.allowedScopes.includes(s));
      if (outside.length > 0) {
        throw new AuthError('SCOPE_NOT_ALLOWED', `${partner.name} may not ask for: ${outside.join(', ')}.`);
      }
      const consent = { id: randomUUID(), customerId: customer.customerId, partnerId, scopes: [...new Set(scopes)].sort() };
      const grantedAt = now();
      await repo.grantConsent(consent, grantedAt);
      grantsRevoked(grantSubject('CUSTOMER', customer.customerId));
      await deps.audit.record({ actor: `customer:${customer.customerId}`, action: 'CONSENT_GRANTED', subject: `partner:${partnerId}`, detail: { consentId: consent.id, scopes: consent.scopes } });
      return { ...consent, partnerName: partner.name, grantedAt };
    },

    async revokePartnerConsent(viewer: Viewer, partnerId: string): Promise<boolean> {
      const customer = requireCustomer(viewer);
      const revoked = await repo.revokeConsent(customer.customerId, partnerId, now());
      grantsRevoked(grantSubject('CUSTOMER', customer.customerId));
      if (revoked === 0) throw new AuthError('NOT_FOUND', 'No live consent for that partner.');
      await deps.audit.record({ actor: `customer:${customer.customerId}`, action: 'CONSENT_REVOKED', subject: `partner:${partnerId}` });
      return true;
    },

    async myConsents(viewer: Viewer) {
      const customer = requireCustomer(viewer);
      const rows = await repo.liveConsentsOf(customer.customerId);
      return rows.map((r) => ({ ...r.consent, partnerName: r.partnerName }));
    },

    /**
     * A partner's client credentials + a consent the customer gave it → an access token for that
     * customer, limited to the consented scopes (all of them, or the subset asked for).
     */
    async partnerAccessToken(input: { clientId: string; clientSecret: string; consentId: string; scopes?: string[] | null }) {
      const partner = await repo.findPartner(input.clientId);
      const secretOk = partner && timingSafeEqualStrings(partner.secretHash, sha256(input.clientSecret));
      if (!partner?.active || !secretOk) throw new AuthError('INVALID_CLIENT', 'Unknown partner or wrong client secret.');
      const consent = await repo.findConsent(input.consentId);
      if (!consent || consent.revokedAt || consent.partnerId !== partner.id) {
        throw new AuthError('CONSENT_REQUIRED', 'The customer has not given (or has withdrawn) consent.');
      }
      const asked = input.scopes ?? consent.scopes;
      const beyond = asked.filter((s) => !consent.scopes.includes(s) || !partner.allowedScopes.includes(s));
      if (beyond.length > 0) throw new AuthError('SCOPE_NOT_ALLOWED', `Not consented: ${beyond.join(', ')}.`);
      const access = await signer.issue(
        { sub: consent.customerId, channel: 'PARTNER', roles: ['PARTNER'], scope: asked, azp: partner.id, cid: consent.id },
        config.audience,
        now(),
      );
      return { accessToken: access.token, expiresAt: access.expiresAt, scopes: asked };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;

function timingSafeEqualStrings(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Waits for `promise`, a timeout, or an abort: whichever comes first. */
async function raceUntil<T>(promise: Promise<T>, ms: number, signal: AbortSignal): Promise<T | 'timeout' | 'aborted'> {
  if (signal.aborted) return 'aborted';
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), Math.max(0, ms));
      }),
      new Promise<'aborted'>((resolve) => {
        onAbort = () => resolve('aborted');
        signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
