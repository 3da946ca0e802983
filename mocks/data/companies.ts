/**
 * The demo companies (corporate customers): their registration, the people who may act for them,
 * and their settlement accounts. Fixed facts, the same for every seed; the people are demo
 * customers (demo-customers.ts), so identity verification knows them.
 */
import { demoPersona } from './demo-customers.js';

/** How a person is linked to a company. Only LEGAL_REPRESENTATIVE and AUTHORISED_SIGNATORY may act for it. */
export type CompanyRelation = 'LEGAL_REPRESENTATIVE' | 'AUTHORISED_SIGNATORY' | 'DIRECTOR' | 'SHAREHOLDER';

/** A person linked to a company, as the CRM records it. */
export interface RelatedParty {
  customerId: string;
  fullName: string;
  idNumber: string;
  relation: CompanyRelation;
}

/** The CRM's record of a company. */
export interface CompanyRecord {
  companyId: string;
  name: string;
  /** The 18-character unified social credit code. */
  registrationNumber: string;
  industry: string;
  registeredAddress: { line1: string; city: string; province: string; postalCode: string };
  relationshipManagerId: string | null;
  customerSince: string;
  relatedParties: RelatedParty[];
}

/** A company's account in core banking (amounts as decimal strings). */
export interface CompanyAccount {
  accountId: string;
  companyId: string;
  accountNumber: string;
  kind: 'SETTLEMENT' | 'DEPOSIT';
  currency: 'CNY' | 'USD';
  balance: { amount: string; currency: string };
  status: 'ACTIVE' | 'FROZEN';
}

const party = (customerId: string, relation: CompanyRelation): RelatedParty => {
  const persona = demoPersona(customerId);
  if (!persona) throw new Error(`no demo persona ${customerId}`);
  return { customerId, fullName: persona.fullName, idNumber: persona.idNumber, relation };
};

const COMPANIES: readonly CompanyRecord[] = [
  {
    companyId: 'CO000001',
    name: 'Huaxin Technology Co., Ltd.',
    registrationNumber: '91310115MA1K3XYZ8Q',
    industry: 'Software and information technology services',
    registeredAddress: { line1: 'No. 1500 Zhangjiang Road, Building 3', city: 'Shanghai', province: 'Shanghai', postalCode: '201203' },
    relationshipManagerId: 'RM001',
    customerSince: '2013-02-18T02:00:00.000Z',
    // Wang Fang (C000001) sits on the board: a staff member who is her may not review Huaxin's requests.
    relatedParties: [party('C000008', 'AUTHORISED_SIGNATORY'), party('C000001', 'DIRECTOR')],
  },
  {
    companyId: 'CO000002',
    name: 'Jiangnan Trading Co., Ltd.',
    registrationNumber: '91330106MA2H7PQR4L',
    industry: 'Wholesale of textiles and garments',
    registeredAddress: { line1: 'No. 77 Wensan Road, Suite 900', city: 'Hangzhou', province: 'Zhejiang', postalCode: '310012' },
    relationshipManagerId: 'RM012',
    customerSince: '2011-09-30T02:00:00.000Z',
    relatedParties: [party('C000009', 'LEGAL_REPRESENTATIVE')],
  },
];

const ACCOUNTS: readonly CompanyAccount[] = [
  { accountId: 'CO000001-A01', companyId: 'CO000001', accountNumber: '6228000001010000017', kind: 'SETTLEMENT', currency: 'CNY', balance: { amount: '4820150.35', currency: 'CNY' }, status: 'ACTIVE' },
  { accountId: 'CO000001-A02', companyId: 'CO000001', accountNumber: '6228000001020000015', kind: 'DEPOSIT', currency: 'USD', balance: { amount: '310000.00', currency: 'USD' }, status: 'ACTIVE' },
  { accountId: 'CO000002-A01', companyId: 'CO000002', accountNumber: '6228000002010000013', kind: 'SETTLEMENT', currency: 'CNY', balance: { amount: '1265400.00', currency: 'CNY' }, status: 'ACTIVE' },
];

/** The company with this id, or `null`. */
export function companyRecord(companyId: string): CompanyRecord | null {
  return COMPANIES.find((c) => c.companyId === companyId) ?? null;
}

/** The companies a person is linked to, with the relation. */
export function companiesOfCustomer(customerId: string): { companyId: string; relation: CompanyRelation }[] {
  return COMPANIES.flatMap((c) => c.relatedParties.filter((p) => p.customerId === customerId).map((p) => ({ companyId: c.companyId, relation: p.relation })));
}

/** A company's accounts, or `null` for an unknown company. */
export function companyAccounts(companyId: string): CompanyAccount[] | null {
  return companyRecord(companyId) ? ACCOUNTS.filter((a) => a.companyId === companyId).map((a) => ({ ...a, balance: { ...a.balance } })) : null;
}

/** Ids of the demo companies. */
export const DEMO_COMPANY_IDS: readonly string[] = COMPANIES.map((c) => c.companyId);
