/**
 * What the gateway needs to know about companies (corporate customers): the CRM's record with the
 * people linked to each company, which companies a person is linked to, and core banking's company
 * accounts. Times are ISO-8601 UTC strings; money is a decimal string with its currency.
 */
import type { CallScope } from '../../platform/request-scope.js';

/** How a person is linked to a company. Only LEGAL_REPRESENTATIVE and AUTHORISED_SIGNATORY may act for it. */
export type CompanyRelation = 'LEGAL_REPRESENTATIVE' | 'AUTHORISED_SIGNATORY' | 'DIRECTOR' | 'SHAREHOLDER';

/** A person linked to a company. Personal data: never shown outside the bank and the company. */
export interface RelatedParty {
  customerId: string;
  fullName: string;
  idNumber: string;
  relation: CompanyRelation;
}

/** The CRM's record of a company. */
export interface CompanyProfile {
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

/** A company's account in core banking. */
export interface CompanyAccount {
  accountId: string;
  companyId: string;
  accountNumber: string;
  kind: 'SETTLEMENT' | 'DEPOSIT';
  currency: string;
  balance: { amount: string; currency: string };
  status: 'ACTIVE' | 'FROZEN';
}

/** Companies, read from the CRM and core banking. Every method may throw `UpstreamError`. */
export interface CompaniesPort {
  /** Every corporate customer's id, from the CRM. */
  listCompanyIds(scope?: CallScope): Promise<string[]>;
  /** One entry per id, aligned, `null` for an unknown company. */
  getCompanies(companyIds: readonly string[], scope?: CallScope): Promise<Array<CompanyProfile | null>>;
  /** The companies a person is linked to, with the relation. */
  companiesOf(customerId: string, scope?: CallScope): Promise<{ companyId: string; relation: CompanyRelation }[]>;
  /** The company's accounts; `null` for an unknown company. */
  companyAccounts(companyId: string, scope?: CallScope): Promise<CompanyAccount[] | null>;
}
