/**
 * The gateway's own tables, collected in one place for drizzle-kit and the query builder.
 * Each module owns its tables in its own `*.tables.ts`; this file only gathers them.
 */
export * from '../../modules/audit/audit.tables.js';
export * from '../../modules/auth/auth.tables.js';
export * from '../../modules/customers/customers.tables.js';
export * from '../../modules/loans/loans.tables.js';
export * from '../events/events.tables.js';
export * from '../../modules/alerts/alerts.tables.js';
export * from '../../modules/transfers/transfers.tables.js';
export * from '../../modules/onboarding/onboarding.tables.js';
export * from '../write/command-keys.tables.js';
export * from '../../modules/corporate/corporate.tables.js';
export * from '../../modules/feedback/feedback.tables.js';
export * from '../../modules/services/services.tables.js';
export * from '../../modules/branch/branch.tables.js';
export * from '../../modules/drafts/drafts.tables.js';
export * from '../work/work-leases.tables.js';
export * from '../limits/rate-limit.tables.js';
export * from '../../modules/offers/offers.tables.js';
export * from '../../modules/health/report.tables.js';
export * from '../../modules/health/inspection.tables.js';
export * from '../../modules/health/health.tables.js';
