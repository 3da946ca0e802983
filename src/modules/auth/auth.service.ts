/**
 * The login layer, assembled from its five small services (each with its own repository):
 * - credentials.service.ts: password login, one-time codes, mini-program binding;
 * - sessions.service.ts: sessions, refresh tokens, logout, bearer token → `Viewer`;
 * - qr-login.service.ts: the QR hand-off from the app to a waiting channel;
 * - partners.service.ts: consents and partner access tokens;
 * - staff.service.ts: staff logins and records.
 *
 * Every failure a client can cause is an `AuthError` with a code (auth.errors.ts).
 */
import type { Backends } from '../../adapters/backends.js';
import type { AuthConfig } from '../../platform/config.js';
import type { Database } from '../../platform/db/database.js';
import type { EventFanout } from '../../platform/events/fanout.js';
import type { Logger } from '../../platform/logger.js';
import { createCredentialsRepository } from './credentials.repository.js';
import { createCredentialsService } from './credentials.service.js';
import { createLoginThrottle } from './login-throttle.js';
import { createPartnersRepository } from './partners.repository.js';
import { createPartnersService } from './partners.service.js';
import { createRateLimitsRepository } from './rate-limits.repository.js';
import { createQrLoginRepository } from './qr-login.repository.js';
import { createQrLoginService } from './qr-login.service.js';
import type { AuditRecorder } from './security-events.js';
import { createSessionsRepository } from './sessions.repository.js';
import { createSessionsService } from './sessions.service.js';
import type { KeyStore } from './signing-keys.js';
import { createStaffRepository } from './staff.repository.js';
import { createStaffService } from './staff.service.js';
import type { TokenSigner } from './tokens.js';

export type { LoginResult, OtpChallenge } from './credentials.service.js';
export type { QrLoginRequest, QrLoginUpdate } from './qr-login.service.js';
export type { SessionTokens } from './sessions.service.js';

export interface AuthServiceDeps {
  db: Database;
  keys: KeyStore;
  signer: TokenSigner;
  backends: Backends;
  config: AuthConfig;
  /** The event log's live fan-out: the QR hand-off waits on it. */
  fanout: EventFanout;
  log: Logger;
  now: () => Date;
  /** The audit trail: logins and their failures, consent changes, key rotations. */
  audit: AuditRecorder;
  /** Told after a customer's session opened (the offers module records the login); must not throw. */
  onCustomerLogin?: (login: { customerId: string; sessionId: string; channel: string }) => void;
}

export function createAuthService(deps: AuthServiceDeps) {
  const { db, config, now, audit, log } = deps;
  const credentialsRepo = createCredentialsRepository(db);
  const partnersRepo = createPartnersRepository(db);
  const staffRepo = createStaffRepository(db);
  const sessions = createSessionsService({
    repo: createSessionsRepository(db),
    partners: partnersRepo,
    staff: staffRepo,
    keys: deps.keys,
    signer: deps.signer,
    config,
    log,
    now,
    audit,
    onCustomerLogin: deps.onCustomerLogin,
  });
  const limits = createRateLimitsRepository(db);
  const throttle = createLoginThrottle({ db, repo: limits, config, now, audit });
  const credentials = createCredentialsService({ repo: credentialsRepo, limits, throttle, sessions, backends: deps.backends, config, log, now, audit });
  const staff = createStaffService({ repo: staffRepo, throttle, sessions });
  const partners = createPartnersService({ repo: partnersRepo, signer: deps.signer, config, now, audit, grantsRevoked: sessions.grantsRevoked });
  const qr = createQrLoginService({ repo: createQrLoginRepository(db), limits, sessions, fanout: deps.fanout, config, now, audit });

  return {
    authenticate: sessions.authenticate,
    grantsRevoked: sessions.grantsRevoked,
    refreshSession: sessions.refreshSession,
    logout: sessions.logout,
    logoutEverywhere: sessions.logoutEverywhere,
    mySessions: sessions.mySessions,
    revokeSession: sessions.revokeSession,
    rotateSigningKeys: sessions.rotateSigningKeys,
    jwks: sessions.jwks,
    login: credentials.login,
    requestLoginOtp: credentials.requestLoginOtp,
    verifyLoginOtp: credentials.verifyLoginOtp,
    miniProgramLogin: credentials.miniProgramLogin,
    staffLogin: staff.staffLogin,
    staffMember: staff.staffMember,
    startQrLogin: qr.startQrLogin,
    qrLoginRequest: qr.qrLoginRequest,
    approveQrLogin: qr.approveQrLogin,
    qrLoginUpdates: qr.qrLoginUpdates,
    grantPartnerConsent: partners.grantPartnerConsent,
    revokePartnerConsent: partners.revokePartnerConsent,
    myConsents: partners.myConsents,
    partnerAccessToken: partners.partnerAccessToken,
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
