/**
 * Company (corporate customer) routes: the CRM's company records and who is linked to which
 * company, and core banking's company accounts. Mounted by crm.ts and core-banking.ts.
 */
import { companiesOfCustomer, companyAccounts, companyRecord, DEMO_COMPANY_IDS } from './data/companies.js';
import { json } from './lib/router.js';
import { batchRoute } from './lib/batch.js';
import type { Route } from './lib/router.js';

/** CRM: `GET /companies` (every corporate customer's id), `POST /companies:batch` (records) and `POST /customers/companies:batch` (a person's companies). */
export function crmCompanyRoutes(): Route[] {
  return [
    { method: 'GET', path: '/companies', handler: () => json(200, { items: DEMO_COMPANY_IDS.map((companyId) => ({ companyId })) }) },
    batchRoute('/companies:batch', 'companyIds', (id) => {
      const record = companyRecord(id);
      return record ? { ...record, relatedParties: record.relatedParties.map((p) => ({ ...p })) } : null;
    }),
    batchRoute('/customers/companies:batch', 'customerIds', (id) => ({ customerId: id, companies: companiesOfCustomer(id) })),
  ];
}

/** Core banking: `POST /companies/accounts:batch`. */
export function coreBankingCompanyRoutes(): Route[] {
  return [batchRoute('/companies/accounts:batch', 'companyIds', (id) => {
    const accounts = companyAccounts(id);
    return accounts ? { companyId: id, accounts } : null;
  })];
}
