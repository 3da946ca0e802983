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
import { createCorporateRepository } from './corporate/corporate.repository.js';
import { createCorporateService, type CorporateService } from './corporate/corporate.service.js';
import { createGuidanceService, type GuidanceService } from './corporate/corporate.guidance.js';
import { createCustomersRepository } from './customers/customers.repository.js';
import { createCustomersService, type CustomersService } from './customers/customers.service.js';
import { createFeedbackItemsRepository, createFeedbackRepository } from './feedback/feedback.repository.js';
import { createFeedbackService, type FeedbackService } from './feedback/feedback.service.js';
import { createHealthRepository } from './health/health.repository.js';
import { createHealthService, type HealthService } from './health/health.service.js';
import { createReportStore } from './health/report.store.js';
import { createInspectionService, type InspectionService } from './health/inspection.service.js';
import { createLoansRepository } from './loans/loans.repository.js';
import { createLoansService, type LoansService } from './loans/loans.service.js';
import { createOnboardingRepository } from './onboarding/onboarding.repository.js';
import { createOnboardingService, type OnboardingService } from './onboarding/onboarding.service.js';
import { createTransfersRepository } from './transfers/transfers.repository.js';
import { createTransfersService, type TransfersService } from './transfers/transfers.service.js';
import { createBranchRepository } from './branch/branch.repository.js';
import { createBranchService, type BranchService } from './branch/branch.service.js';
import { createDraftsService, type DraftsService } from './drafts/drafts.service.js';
import { createServicesRepository } from './services/services.repository.js';
import { createServicesService, type ServicesService } from './services/services.service.js';
import type { EventFanout } from '../platform/events/fanout.js';
import { createCommandKeys } from '../platform/write/idempotency.js';
import { createLeases } from '../platform/work/leases.js';
import { createRecoveryService, type RecoveryService } from './recovery/recovery.service.js';
import { recordSecurityEvent } from './auth/security-events.js';
import { createOffersRepository } from './offers/offers.repository.js';
import { createOffersService, type OffersService } from './offers/offers.service.js';

export interface Services {
  alerts: AlertsService;
  audit: AuditService;
  auth: AuthService;
  corporate: CorporateService;
  customers: CustomersService;
  guidance: GuidanceService;
  feedback: FeedbackService;
  /** Behaviour events, needs profiles and offers. */
  offers: OffersService;
  health: HealthService;
  /** Corporate annual inspection against the business registry. */
  inspection: InspectionService;
  /** Branch terminals and QR pre-fill tickets. */
  branch: BranchService;
  /** Form drafts that follow the customer across channels. */
  drafts: DraftsService;
  loans: LoansService;
  onboarding: OnboardingService;
  /** Counter services: templates and four-step requests. */
  servicesFlow: ServicesService;
  transfers: TransfersService;
  recovery: RecoveryService;
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
  const leases = createLeases({ db: deps.db, log: deps.log.child({ module: 'recovery' }), leaseMs: deps.config.recovery.leaseMs, now });
  const audit = createAuditService({ db: deps.db, repo: createAuditRepository(deps.db), now });
  const offers = createOffersService({
    repo: createOffersRepository(deps.db),
    db: deps.db,
    backends: deps.backends,
    fanout: deps.fanout,
    config: deps.config.offers,
    log: deps.log.child({ module: 'offers' }),
    now,
  });
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
      onCustomerLogin: (login) => void offers.recordLogin(login),
    });
  const customers = createCustomersService({
    repo: createCustomersRepository(deps.db),
    backends: deps.backends,
    bureauReportTtlMs: deps.config.bureauReportTtlMs,
    now,
  });
  const loans = createLoansService({
    onApplied: (application) => void offers.recordApplication(application),
    repo: createLoansRepository(deps.db),
    commandKeys,
    backends: deps.backends,
    customers,
    auth,
    fanout: deps.fanout,
    config: deps.config.loans,
    leases,
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
    leases,
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
    leases,
  });
  const corporateDeps = {
    repo: createCorporateRepository(deps.db),
    commandKeys,
    backends: deps.backends,
    auth,
    fanout: deps.fanout,
    config: { ...deps.config.corporate, documentMaxBytes: deps.config.loans.documentMaxBytes },
    log: deps.log.child({ module: 'corporate' }),
    now,
  };
  const corporate = createCorporateService(corporateDeps);
  const guidance = createGuidanceService({ ...corporateDeps, requireExpert: corporate.requireExpert });
  const inspection = createInspectionService({
    db: deps.db,
    companies: deps.backends.companies,
    registry: deps.backends.businessRegistry,
    leases,
    log: deps.log.child({ module: 'inspection' }),
    now,
  });
  const health = createHealthService({
    repo: createHealthRepository(deps.db),
    targets: deps.config.health.targets,
    timeZone: deps.config.health.reportTimeZone,
    now,
    store: createReportStore(deps.db),
    coreBanking: deps.backends.coreBanking,
    leases,
    inspections: inspection,
    log: deps.log.child({ module: 'reports' }),
    schedule: { delayMs: deps.config.health.reportDelayMs, catchUpDays: deps.config.health.reportCatchUpDays },
  });
  const feedback = createFeedbackService({
    repo: createFeedbackRepository(deps.db),
    items: createFeedbackItemsRepository(deps.db),
    fanout: deps.fanout,
    slaMs: deps.config.feedback.slaMs,
    now,
  });
  const servicesFlow = createServicesService({
    repo: createServicesRepository(deps.db),
    commandKeys,
    backends: deps.backends,
    fanout: deps.fanout,
    log: deps.log.child({ module: 'services' }),
    now,
    otpTtlSeconds: authConfig.otpTtlSeconds,
  });
  // The catalogue in the database is the one this code runs with.
  await servicesFlow.seedTemplates();
  const branch = createBranchService({ repo: createBranchRepository(deps.db), services: servicesFlow, commandKeys, now, ticketTtlMs: deps.config.services.ticketTtlMs });
  const drafts = createDraftsService({ db: deps.db, now, ttlMs: deps.config.services.draftTtlMs, maxBytes: deps.config.services.draftMaxBytes });
  const recovery = createRecoveryService({
    leases,
    config: deps.config.recovery,
    now,
    passes: {
      'loan.decision': loans.recoverDecisions,
      'account-opening.open': onboarding.recoverOpenings,
      'transfer.posting': transfers.recoverPostings,
      'loan.disbursement': loans.recoverPayouts,
    },
  });
  return { alerts, audit, auth, branch, corporate, customers, drafts, feedback, guidance, health, inspection, loans, offers, onboarding, recovery, servicesFlow, transfers };
}
