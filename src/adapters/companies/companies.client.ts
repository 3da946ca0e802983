/** Companies over HTTP: the CRM's `/companies` routes and core banking's company accounts, behind the shared clients. */
import { z } from 'zod';
import type { BackendClient } from '../backend-client.js';
import { readBatch } from '../batch.js';
import { isoDateTime } from '../money.schema.js';
import type { CompaniesPort } from './companies.port.js';

const relation = z.enum(['LEGAL_REPRESENTATIVE', 'AUTHORISED_SIGNATORY', 'DIRECTOR', 'SHAREHOLDER']);

const companySchema = z.object({
  companyId: z.string().min(1),
  name: z.string().min(1),
  registrationNumber: z.string().min(1),
  industry: z.string(),
  registeredAddress: z.object({ line1: z.string(), city: z.string(), province: z.string(), postalCode: z.string() }),
  relationshipManagerId: z.string().min(1).nullable(),
  customerSince: isoDateTime,
  relatedParties: z.array(z.object({ customerId: z.string().min(1), fullName: z.string().min(1), idNumber: z.string().min(1), relation })),
});

const membershipSchema = z.object({
  customerId: z.string().min(1),
  companies: z.array(z.object({ companyId: z.string().min(1), relation })),
});

const companyListSchema = z.object({ items: z.array(z.object({ companyId: z.string().min(1) })) });

const decimal = z.string().regex(/^-?\d+(\.\d{1,2})?$/);
const accountsSchema = z.object({
  companyId: z.string().min(1),
  accounts: z.array(
    z.object({
      accountId: z.string().min(1),
      companyId: z.string().min(1),
      accountNumber: z.string().min(1),
      kind: z.enum(['SETTLEMENT', 'DEPOSIT']),
      currency: z.string().length(3),
      balance: z.object({ amount: decimal, currency: z.string().length(3) }),
      status: z.enum(['ACTIVE', 'FROZEN']),
    }),
  ),
});

/** Creates the companies port on the CRM's and core banking's shared clients. */
export function createCompaniesClient(crm: BackendClient, coreBanking: BackendClient): CompaniesPort {
  return {
    listCompanyIds: async (scope) => (await crm.get('/companies', companyListSchema, { scope })).items.map((c) => c.companyId),
    getCompanies: (companyIds, scope) =>
      readBatch(crm, '/companies:batch', 'companyIds', companyIds, companySchema, { scope, belongsTo: (c, id) => c.companyId === id }),
    companiesOf: async (customerId, scope) => {
      const [found] = await readBatch(crm, '/customers/companies:batch', 'customerIds', [customerId], membershipSchema, {
        scope,
        belongsTo: (m, id) => m.customerId === id,
      });
      return found?.companies ?? [];
    },
    companyAccounts: async (companyId, scope) => {
      const [found] = await readBatch(coreBanking, '/companies/accounts:batch', 'companyIds', [companyId], accountsSchema, {
        scope,
        belongsTo: (a, id) => a.companyId === id && a.accounts.every((account) => account.companyId === id),
      });
      return found?.accounts ?? null;
    },
  };
}
