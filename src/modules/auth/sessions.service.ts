/**
 * Sessions and tokens: opening a session (a refresh-token family), rotating refresh tokens,
 * logging out, and turning a bearer token into a `Viewer` (with the grant caches behind it).
 */
import { randomUUID } from 'node:crypto';
import type { AuthConfig } from '../../platform/config.js';
import { STAFF_ROLES, type PartnerScope, type StaffRole, type Viewer } from '../../platform/context.js';
import type { Logger } from '../../platform/logger.js';
import { AuthError } from './auth.errors.js';
import { createGrantCache, grantSubject } from './grant-cache.js';
import type { ConsentRow, PartnersRepository } from './partners.repository.js';
import { newSecret, openWith, sealWith, sha256 } from './secrets.js';
import type { AuditRecorder } from './security-events.js';
import type { SessionGrant, SessionsRepository } from './sessions.repository.js';
import type { KeyStore } from './signing-keys.js';
import type { StaffRepository } from './staff.repository.js';
import { InvalidTokenError, type TokenSigner } from './tokens.js';

/** What a client keeps after a login: both tokens and when they expire. */
export interface SessionTokens {
  sessionId: string;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
}

export type SessionSubject = { kind: 'CUSTOMER' | 'STAFF'; id: string };

export interface SessionsServiceDeps {
  repo: SessionsRepository;
  partners: Pick<PartnersRepository, 'findConsent'>;
  staff: Pick<StaffRepository, 'findStaffById'>;
  keys: KeyStore;
  signer: TokenSigner;
  config: AuthConfig;
  log: Logger;
  now: () => Date;
  audit: AuditRecorder;
  /** Told after a customer's session opened; must not throw. */
  onCustomerLogin?: (login: { customerId: string; sessionId: string; channel: string }) => void;
}

export function createSessionsService(deps: SessionsServiceDeps) {
  const { repo, signer, config, now } = deps;
  const cacheOptions = { ttlMs: config.grantCacheTtlMs, maxEntries: 10_000 };
  const sessionCache = createGrantCache<SessionGrant>({ ...cacheOptions, subjectOf: (s) => grantSubject(s.subjectKind, s.subjectId) });
  const consentCache = createGrantCache<ConsentRow>({ ...cacheOptions, subjectOf: (c) => grantSubject('CUSTOMER', c.customerId) });

  /** Drops cached grants of `subject` (every subject without one): after a revocation here or announced by any instance. */
  function grantsRevoked(subject?: string): void {
    for (const cache of [sessionCache, consentCache]) {
      if (subject === undefined) cache.clear();
      else cache.evictSubject(subject);
    }
  }

  async function openSession(subject: SessionSubject & { roles: string[] }, channel: string, deviceId: string | null): Promise<SessionTokens> {
    const at = now();
    const sessionId = randomUUID();
    const refreshToken = newSecret();
    const expiresAt = new Date(at.getTime() + config.refreshTokenTtlSeconds * 1000);
    const access = await signer.issue(
      { sub: subject.id, sid: sessionId, channel, roles: subject.roles, scope: [] },
      subject.kind === 'STAFF' ? config.staffAudience : config.audience,
      at,
    );
    await repo.createSession(
      { id: sessionId, subjectKind: subject.kind, subjectId: subject.id, channel, deviceId, createdAt: at, lastSeenAt: at, expiresAt },
      { tokenHash: sha256(refreshToken), expiresAt },
      (tx) =>
        deps.audit.record(
          { actor: `${subject.kind === 'STAFF' ? 'staff' : 'customer'}:${subject.id}`, action: 'LOGIN_SUCCEEDED', subject: `session:${sessionId}`, detail: { channel, deviceId } },
          tx,
        ),
    );
    if (subject.kind === 'CUSTOMER') deps.onCustomerLogin?.({ customerId: subject.id, sessionId, channel });
    return { sessionId, accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken, refreshTokenExpiresAt: expiresAt };
  }

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
      const consent = cid ? await consentCache.get(cid, () => deps.partners.findConsent(cid)) : undefined;
      if (!consent || consent.revokedAt || consent.partnerId !== claims.azp || consent.customerId !== claims.sub) throw refused();
      const scopes = claims.scope.filter((s): s is PartnerScope => consent.scopes.includes(s));
      return { kind: 'partner', partnerId: claims.azp, customerId: claims.sub, consentId: consent.id, scopes, tokenExpiresAt };
    }
    const sid = claims.sid;
    if (!sid) throw refused();
    const session = await sessionCache.get(sid, () => repo.findSessionGrant(sid));
    if (!session || session.revokedAt || session.expiresAt <= now() || session.subjectId !== claims.sub) throw refused();
    if (claims.aud === config.staffAudience) {
      if (session.subjectKind !== 'STAFF') throw refused();
      // The roles the staff member holds NOW, not those the token was issued with: a removed role
      // stops working on the next request (role changes evict cached grants like revocations do).
      const roles = session.staffRoles.filter((r): r is StaffRole => (STAFF_ROLES as readonly string[]).includes(r));
      return { kind: 'staff', staffId: claims.sub, roles, sessionId: session.id, tokenExpiresAt };
    }
    if (session.subjectKind !== 'CUSTOMER') throw refused();
    return { kind: 'customer', customerId: claims.sub, sessionId: session.id, sessionChannel: session.channel, tokenExpiresAt };
  }

  /** Revokes in the database, then drops this instance's cached copies before answering. */
  async function revokeSessions(subject: SessionSubject, reason: string, onlyId?: string): Promise<number> {
    const revoked = await repo.revokeSessions(subject, reason, now(), onlyId);
    grantsRevoked(grantSubject(subject.kind, subject.id));
    return revoked;
  }

  function subjectOf(viewer: Viewer): SessionSubject & { sessionId: string } {
    if (viewer.kind === 'customer') return { kind: 'CUSTOMER', id: viewer.customerId, sessionId: viewer.sessionId };
    if (viewer.kind === 'staff') return { kind: 'STAFF', id: viewer.staffId, sessionId: viewer.sessionId };
    if (viewer.kind === 'anonymous') throw new AuthError('UNAUTHENTICATED', 'Log in first.');
    throw new AuthError('FORBIDDEN', 'Partners have no sessions of their own.');
  }

  return {
    authenticate,
    grantsRevoked,
    openSession,
    customerSession: (customerId: string, channel: string, deviceId: string | null) =>
      openSession({ kind: 'CUSTOMER', id: customerId, roles: ['CUSTOMER'] }, channel, deviceId),

    /**
     * Trades a refresh token for a new pair. The same token again within `refreshGraceMs` (while
     * the new one is unused) gets the same new pair: two tabs refreshing at once stay signed in.
     * Any other second use ends the session and is recorded as a security event: whoever holds
     * the other copy is locked out too.
     */
    async refreshSession(refreshToken: string): Promise<SessionTokens> {
      const tokenHash = sha256(refreshToken);
      const owner = await repo.findByRefreshToken(tokenHash);
      if (!owner) throw new AuthError('INVALID_REFRESH_TOKEN', 'The refresh token is invalid or has expired; log in again.');
      // The next pair is made before the rotation locks anything, and sealed under the old token so
      // that a second refresh with it inside the grace window gets this very pair back.
      const roles = owner.subjectKind === 'STAFF' ? ((await deps.staff.findStaffById(owner.subjectId))?.roles ?? []) : ['CUSTOMER'];
      const access = await signer.issue(
        { sub: owner.subjectId, sid: owner.id, channel: owner.channel, roles, scope: [] },
        owner.subjectKind === 'STAFF' ? config.staffAudience : config.audience,
        now(),
      );
      const pair: SessionTokens = {
        sessionId: owner.id,
        accessToken: access.token,
        accessTokenExpiresAt: access.expiresAt,
        refreshToken: newSecret(),
        refreshTokenExpiresAt: owner.expiresAt,
      };
      const result = await repo.rotateRefreshToken(tokenHash, { tokenHash: sha256(pair.refreshToken), sealed: sealWith(refreshToken, JSON.stringify(pair)) }, now(), {
        graceMs: config.refreshGraceMs,
        audit: (tx, session) =>
          deps.audit.record(
            { actor: 'system', action: 'REFRESH_TOKEN_REUSED', subject: `session:${session.id}`, detail: { subjectId: session.subjectId, channel: session.channel } },
            tx,
          ),
      });
      switch (result.outcome) {
        case 'ROTATED':
          return pair;
        case 'REPLAYED': {
          const first = JSON.parse(openWith(refreshToken, result.sealed)) as Record<keyof SessionTokens, string>;
          return {
            sessionId: first.sessionId,
            accessToken: first.accessToken,
            accessTokenExpiresAt: new Date(first.accessTokenExpiresAt),
            refreshToken: first.refreshToken,
            refreshTokenExpiresAt: new Date(first.refreshTokenExpiresAt),
          };
        }
        case 'REUSED':
          grantsRevoked(grantSubject(result.session.subjectKind, result.session.subjectId));
          deps.log.warn({ sessionId: result.session.id, subjectId: result.session.subjectId }, 'refresh token reuse: session revoked');
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

    async rotateSigningKeys(viewer: Viewer): Promise<{ kid: string; createdAt: Date }> {
      const rotated = await deps.keys.rotate(now());
      if (!rotated) throw new AuthError('KEYS_MANAGED_EXTERNALLY', 'Signing keys come from JWT_SIGNING_KEYS; rotate them in the key vault.');
      await deps.audit.record({ actor: viewer.kind === 'staff' ? `staff:${viewer.staffId}` : 'system', action: 'SIGNING_KEYS_ROTATED', subject: `key:${rotated.kid}` });
      return rotated;
    },

    jwks: () => deps.keys.jwks(),
  };
}

export type SessionsService = ReturnType<typeof createSessionsService>;
