/**
 * The modules' use cases, created once per gateway and reached by resolvers through the context.
 */
import type { Backends } from '../adapters/backends.js';
import type { Config } from '../platform/config.js';
import type { Database } from '../platform/db/database.js';
import type { Logger } from '../platform/logger.js';
import { createAlertsRepository } from './alerts/alerts.repository.js';
import { createAlertsService, type AlertsService } from './alerts/alerts.service.js';
import { createAuditRepository } from './audit/audit.repository.js';
import { createAuditService, type AuditService } from './audit/audit.service.js';
import { createAuthService, type AuthService } from './auth/auth.service.js';
import { openKeyStore } from './auth/signing-keys.js';
import { createTokenSigner } from './auth/tokens.js';
import { createCustomersRepository } from './customers/customers.repository.js';
import { createCustomersService, type CustomersService } from './customers/customers.service.js';
import { createFeedbackItemsRepository, createFeedbackRepository } from './feedback/feedback.repository.js';
import { createFeedbackService, type FeedbackService } from './feedback/feedback.service.js';
import { createHealthRepository } from './health/health.repository.js';
import { createHealthService, type HealthService } from './health/health.service.js';
import { createLoansRepository } from './loans/loans.repository.js';
import { createLoansService, type LoansService } from './loans/loans.service.js';
import { createOnboardingRepository } from './onboarding/onboarding.repository.js';
import { createOnboardingService, type OnboardingService } from './onboarding/onboarding.service.js';
import { createTransfersRepository } from './transfers/transfers.repository.js';
import { createTransfersService, type TransfersService } from './transfers/transfers.service.js';
import type { EventFanout } from '../platform/events/fanout.js';
import { createCommandKeys } from '../platform/write/idempotency.js';
import { recordSecurityEvent } from './auth/security-events.js';

export interface Services {
  alerts: AlertsService;
  audit: AuditService;
  auth: AuthService;
  customers: CustomersService;
  feedback: FeedbackService;
  health: HealthService;
  loans: LoansService;
  onboarding: OnboardingService;
  transfers: TransfersService;
}

// The request context (src/platform/context.ts) carries these services without importing modules.
declare module '../platform/context.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the fields above
  interface Services extends ModuleServices {}
}
type ModuleServices = Services;

export async function createServices(deps: {
  db: Database;
  backends: Backends;
  config: Config;
  fanout: EventFanout;
  log: Logger;
  now?: () => Date;
}): Promise<Services> {
  const now = deps.now ?? (() => new Date());
  const { auth: authConfig } = deps.config;
  const keys = await openKeyStore({
    db: deps.db,
    configuredKeys: authConfig.signingKeys,
    verifyRetiredForMs: authConfig.accessTokenTtlSeconds * 1000,
    now,
  });
  const signer = createTokenSigner(keys, { issuer: authConfig.issuer, ttlSeconds: authConfig.accessTokenTtlSeconds });
  const commandKeys = createCommandKeys(deps.db);
  const audit = createAuditService({ db: deps.db, repo: createAuditRepository(deps.db), now });
  const auth = createAuthService({
      db: deps.db,
      keys,
      signer,
      backends: deps.backends,
      config: authConfig,
      fanout: deps.fanout,
      log: deps.log.child({ module: 'auth' }),
      now,
      audit,
    });
  const customers = createCustomersService({
    repo: createCustomersRepository(deps.db),
    backends: deps.backends,
    bureauReportTtlMs: deps.config.bureauReportTtlMs,
    now,
  });
  const loans = createLoansService({
    repo: createLoansRepository(deps.db),
    commandKeys,
    backends: deps.backends,
    customers,
    auth,
    fanout: deps.fanout,
    config: deps.config.loans,
    log: deps.log.child({ module: 'loans' }),
    now,
  });
  const transfers = createTransfersService({
    repo: createTransfersRepository(deps.db),
    backends: deps.backends,
    fanout: deps.fanout,
    log: deps.log.child({ module: 'transfers' }),
    now,
    otpTtlSeconds: authConfig.otpTtlSeconds,
  });
  const alerts = createAlertsService({ repo: createAlertsRepository(deps.db), fanout: deps.fanout, now });
  const onboarding = createOnboardingService({
    repo: createOnboardingRepository(deps.db),
    commandKeys,
    backends: deps.backends,
    auth,
    securityEvents: { record: (event) => recordSecurityEvent(deps.db, event, now()) },
    log: deps.log.child({ module: 'onboarding' }),
    now,
  });
  const health = createHealthService({ repo: createHealthRepository(deps.db), targets: deps.config.health.targets, timeZone: deps.config.health.reportTimeZone, now });
  const feedback = createFeedbackService({
    repo: createFeedbackRepository(deps.db),
    items: createFeedbackItemsRepository(deps.db),
    fanout: deps.fanout,
    slaMs: deps.config.feedback.slaMs,
    now,
  });
  return { alerts, audit, auth, customers, feedback, health, loans, onboarding, transfers };
}
