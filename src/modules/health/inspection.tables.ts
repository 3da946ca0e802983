import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** One registration difference the annual inspection found. */
export interface RegistrationMismatch {
  /** `name`, `legalRepresentative`, `registeredAddress` or `status`. */
  field: string;
  /** What the bank (CRM) holds; '' when it holds nothing. */
  bank: string;
  /** What the business registry says. */
  registry: string;
}

/**
 * Corporate annual inspection: one row per company per run, comparing the CRM's registration data
 * with the business registry's. A company is due again a year after its last run that reached the
 * registry (UNAVAILABLE runs do not count).
 */
export const corporateInspections = pgTable(
  'corporate_inspections',
  {
    id: uuid('id').primaryKey(),
    companyId: text('company_id').notNull(),
    inspectedAt: timestamp('inspected_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** MATCHED, MISMATCHED, NOT_IN_REGISTRY or UNAVAILABLE (a backend could not be asked). */
    outcome: text('outcome').$type<'MATCHED' | 'MISMATCHED' | 'NOT_IN_REGISTRY' | 'UNAVAILABLE'>().notNull(),
    mismatches: jsonb('mismatches').$type<RegistrationMismatch[]>().notNull(),
    /** Why UNAVAILABLE (e.g. `business registry: UPSTREAM_UNAVAILABLE`); null otherwise. */
    note: text('note'),
    /** `scheduler` or `staff:<id>`. */
    runBy: text('run_by').notNull(),
  },
  (t) => [index('corporate_inspections_company_idx').on(t.companyId, t.inspectedAt), index('corporate_inspections_at_idx').on(t.inspectedAt)],
);
