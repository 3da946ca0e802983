/**
 * Who may see what of a customer, and how personal data is masked. Pure: the viewer and the data
 * come in as arguments.
 */
import type { Viewer } from '../../platform/context.js';

/** How much of the customer's personal data a viewer sees. */
export type ProfileVisibility = 'FULL' | 'MASKED' | 'NONE';

export interface CustomerAccess {
  profile: ProfileVisibility;
  /** Accounts, balances and transactions. */
  accounts: boolean;
  /** Account numbers in full (partners see the last four digits). */
  fullAccountNumbers: boolean;
  /** The credit bureau report summary. */
  credit: boolean;
  /** Risk rating, AML status, watch lists, litigation: bank staff only. */
  risk: boolean;
}

const NOTHING: CustomerAccess = { profile: 'NONE', accounts: false, fullAccountNumbers: false, credit: false, risk: false };

/**
 * What `viewer` may see of customer `customerId`. A customer sees everything of their own but
 * risk internals; a partner what the consent's scopes say; staff what their role needs.
 */
export function customerAccess(viewer: Viewer, customerId: string): CustomerAccess {
  switch (viewer.kind) {
    case 'anonymous':
      return NOTHING;
    case 'customer':
      return viewer.customerId === customerId
        ? { profile: 'FULL', accounts: true, fullAccountNumbers: true, credit: true, risk: false }
        : NOTHING;
    case 'partner': {
      if (viewer.customerId !== customerId) return NOTHING;
      const scopes = viewer.scopes as string[];
      return {
        profile: scopes.includes('profile:pii') ? 'FULL' : scopes.includes('profile:read') ? 'MASKED' : 'NONE',
        accounts: scopes.includes('accounts:read'),
        fullAccountNumbers: false,
        credit: false,
        risk: false,
      };
    }
    case 'staff': {
      const roles = viewer.roles as string[];
      const teller = roles.includes('TELLER');
      const reviewer = roles.includes('REVIEWER');
      const riskOfficer = roles.includes('RISK_OFFICER');
      if (!teller && !reviewer && !riskOfficer) return NOTHING;
      return {
        profile: 'FULL',
        accounts: true,
        fullAccountNumbers: true,
        // A teller serves the customer at the counter; credit and risk are for decisions.
        credit: reviewer || riskOfficer,
        risk: reviewer || riskOfficer,
      };
    }
  }
}

/** `Wang Fang` → `W*** F***`: recognisable to its owner, useless to anyone else. */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((part) => `${[...part][0] ?? ''}***`)
    .join(' ');
}

/** `13812345678` → `138****5678`. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** An 18-character id number → first 3 and last 2 kept: `110***************1X`. */
export function maskIdNumber(idNumber: string): string {
  return idNumber.length > 5 ? `${idNumber.slice(0, 3)}${'*'.repeat(idNumber.length - 5)}${idNumber.slice(-2)}` : '*'.repeat(idNumber.length);
}

/** `wang.fang@example.com` → `w***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.indexOf('@');
  return at > 0 ? `${email[0]}***${email.slice(at)}` : '***';
}

/** `1990-04-12` → `1990-**-**`. */
export function maskDate(date: string): string {
  return date.length >= 4 ? `${date.slice(0, 4)}-**-**` : '****';
}

/** The street line hidden; city and province kept. */
export function maskStreet(_line: string): string {
  return '***';
}

/** `6222020200112233` → `************2233`. */
export function maskAccountNumber(accountNumber: string): string {
  return accountNumber.length > 4 ? `${'*'.repeat(accountNumber.length - 4)}${accountNumber.slice(-4)}` : accountNumber;
}

/** Is a cached bureau report still fresh enough to use instead of buying a new one? */
export function isReportFresh(fetchedAt: Date, now: Date, ttlMs: number): boolean {
  return now.getTime() - fetchedAt.getTime() < ttlMs;
}
