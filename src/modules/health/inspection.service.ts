/**
 * The corporate annual inspection: for each corporate customer (CRM `GET /companies`), the CRM's
 * registration data is compared with the business registry's, and the run is recorded per company
 * (`corporate_inspections`). The schedule runs it for the companies due (a year after their last
 * run that reached the registry) under one work lease, re-checking who is due under it, so with
 * several instances each company is inspected once; an administrator runs it on demand. When the
 * CRM or the registry cannot be asked, the run records UNAVAILABLE with the reason — never
 * "no mismatch" — and the company stays due.
 */
import { randomUUID } from 'node:crypto';
import { and, desc, gte, lt, ne, sql } from 'drizzle-orm';
import type { BusinessRegistryPort } from '../../adapters/business-registry/business-registry.port.js';
import type { CompaniesPort } from '../../adapters/companies/companies.port.js';
import type { Viewer } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { UpstreamError } from '../../platform/errors.js';
import { requireStaff } from '../../platform/guards.js';
import type { Logger } from '../../platform/logger.js';
import type { CallScope } from '../../platform/request-scope.js';
import type { Leases } from '../../platform/work/leases.js';
import { INSPECTION_INTERVAL_MS, inspect } from './inspection.rules.js';
import { corporateInspections } from './inspection.tables.js';

export type InspectionRow = typeof corporateInspections.$inferSelect;

export interface InspectionRun {
  inspectedAt: Date;
  /** Why nothing was inspected (the CRM's list could not be read), else null. */
  reason: string | null;
  companies: InspectionRow[];
}

export interface InspectionDeps {
  db: Database;
  companies: Pick<CompaniesPort, 'listCompanyIds' | 'getCompanies'>;
  registry: BusinessRegistryPort;
  leases: Leases;
  log: Logger;
  now: () => Date;
}

const reasonOf = (backend: string, error: unknown) => `${backend}: ${error instanceof UpstreamError ? error.code : 'UPSTREAM_UNAVAILABLE'}`;

export function createInspectionService(deps: InspectionDeps) {
  const t = corporateInspections;

  /** Companies (of `ids`) inspected against the registry since `since`. */
  async function recentlyDone(since: Date): Promise<Set<string>> {
    const rows = await deps.db
      .selectDistinct({ companyId: t.companyId })
      .from(t)
      .where(and(gte(t.inspectedAt, since), ne(t.outcome, 'UNAVAILABLE')));
    return new Set(rows.map((r) => r.companyId));
  }

  async function run(runBy: string, onlyDue: boolean, scope?: CallScope): Promise<InspectionRun> {
    const inspectedAt = deps.now();
    let ids: string[];
    try {
      ids = await deps.companies.listCompanyIds(scope);
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      return { inspectedAt, reason: reasonOf('crm', error), companies: [] };
    }
    if (onlyDue) {
      const done = await recentlyDone(new Date(inspectedAt.getTime() - INSPECTION_INTERVAL_MS));
      ids = ids.filter((id) => !done.has(id));
    }
    if (ids.length === 0) return { inspectedAt, reason: null, companies: [] };
    const row = (companyId: string, outcome: InspectionRow['outcome'], mismatches: InspectionRow['mismatches'], note: string | null): InspectionRow => ({
      id: randomUUID(),
      companyId,
      inspectedAt,
      outcome,
      mismatches,
      note,
      runBy,
    });
    let rows: InspectionRow[];
    try {
      const profiles = await deps.companies.getCompanies(ids, scope);
      const known = profiles.filter((p): p is NonNullable<typeof p> => p !== null);
      try {
        const registrations = await deps.registry.getRegistrations(known.map((p) => p.registrationNumber), scope);
        rows = known.map((p, i) => {
          const legal = p.relatedParties.find((party) => party.relation === 'LEGAL_REPRESENTATIVE');
          const found = inspect(
            { name: p.name, registrationNumber: p.registrationNumber, legalRepresentative: legal?.fullName ?? '', registeredAddress: p.registeredAddress },
            registrations[i] ?? null,
          );
          return row(p.companyId, found.outcome, found.mismatches, null);
        });
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        rows = known.map((p) => row(p.companyId, 'UNAVAILABLE', [], reasonOf('business registry', error)));
      }
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      rows = ids.map((id) => row(id, 'UNAVAILABLE', [], reasonOf('crm', error)));
    }
    if (rows.length > 0) await deps.db.insert(t).values(rows);
    const found = rows.filter((r) => r.outcome !== 'MATCHED').length;
    deps.log.info({ companies: rows.length, notMatched: found, runBy }, 'corporate annual inspection ran');
    return { inspectedAt, reason: null, companies: rows };
  }

  return {
    /** An administrator's run over every corporate customer now. @throws DomainError FORBIDDEN */
    async runAnnualInspection(viewer: Viewer, scope?: CallScope): Promise<InspectionRun> {
      const admin = requireStaff(viewer, ['ADMIN'], 'Administrators only.');
      return run(`staff:${admin.staffId}`, false, scope);
    },

    /** The schedule's run: the companies due, under one lease (another instance's run in progress: nothing). */
    async runDue(): Promise<InspectionRow[]> {
      const result = await deps.leases.run('inspection.annual', 'all', 'scheduler', async () => {
        const done = await run('scheduler', true);
        return { value: done.companies, outcome: 'RAN', note: done.reason ?? undefined };
      });
      return result.claimed ? result.value : [];
    },

    /** The inspections of [from, to), newest first per company. */
    between: (from: Date, to: Date): Promise<InspectionRow[]> =>
      deps.db
        .select()
        .from(t)
        .where(and(gte(t.inspectedAt, from), lt(t.inspectedAt, to)))
        .orderBy(t.companyId, desc(t.inspectedAt), sql`${t.id}`),
  };
}

export type InspectionService = ReturnType<typeof createInspectionService>;
