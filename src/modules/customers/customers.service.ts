/**
 * The one customer view: who may see which part of which customer, and each part loaded from its
 * system through the request's loaders. Authorization is decided here, where the data is loaded.
 */
import type { Loaders } from '../../adapters/loaders.js';
import type { Account as CoreAccount, TransactionQuery } from '../../adapters/core-banking/core-banking.port.js';
import type { Backends } from '../../adapters/backends.js';
import type { Viewer } from '../../platform/context.js';
import type { CallScope } from '../../platform/request-scope.js';
import { CustomerError } from './customers.errors.js';
import type { CustomersRepository } from './customers.repository.js';
import {
  customerAccess,
  isReportFresh,
  maskAccountNumber,
  maskDate,
  maskEmail,
  maskIdNumber,
  maskName,
  maskPhone,
  maskStreet,
} from './customers.rules.js';
import type { CustomerRef } from './customer.type.js';

export interface CustomersServiceDeps {
  repo: CustomersRepository;
  backends: Backends;
  bureauReportTtlMs: number;
  now: () => Date;
}

const MAX_PAGE = 100;

interface Cursor {
  after: string | null;
  skip: number;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.after, cursor.skip])).toString('base64url');
}

function decodeCursor(value: string): Cursor | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2) return null;
    const [after, skip] = parsed as unknown[];
    if ((after !== null && typeof after !== 'string') || !Number.isInteger(skip) || (skip as number) < 0 || (skip as number) > MAX_PAGE) return null;
    return { after: after as string | null, skip: skip as number };
  } catch {
    return null;
  }
}

const forbidden = (what: string) => new CustomerError('FORBIDDEN', `You may not see ${what} of this customer.`);

/** A read started ahead of its field: if nobody awaits it (the customer is unknown), its failure is not an unhandled rejection. */
function started<T>(read: Promise<T>): Promise<T> {
  read.catch(() => {});
  return read;
}

export function createCustomersService(deps: CustomersServiceDeps) {
  const { repo, now } = deps;

  const toAccount = (account: CoreAccount, ref: CustomerRef) => ({
    id: account.accountId,
    customerId: account.customerId,
    ref,
    accountNumber: ref.access.fullAccountNumbers ? account.accountNumber : maskAccountNumber(account.accountNumber),
    kind: account.kind,
    currency: account.currency,
    balance: account.balance,
    available: account.available,
    status: account.status,
    openedAt: new Date(account.openedAt),
  });

  return {
    /** The viewer's own customer: a customer, or a partner acting for one. */
    me(viewer: Viewer): CustomerRef {
      if (viewer.kind !== 'customer' && viewer.kind !== 'partner') throw forbidden('the profile');
      return { id: viewer.customerId, access: customerAccess(viewer, viewer.customerId) };
    },

    /**
     * Staff look-up by customer number; an unknown number is NOT_FOUND. The existence check reads
     * the CRM profile; the reads of `selected` fields this viewer may see (accounts, risk profile)
     * go out with it, in the same round trip, instead of after it. Never the credit report: that
     * one is bought, and only once its own checks pass.
     */
    async byId(viewer: Viewer, id: string, loaders: Loaders, selected: ReadonlySet<string> = new Set()): Promise<CustomerRef> {
      const access = customerAccess(viewer, id);
      if (viewer.kind !== 'staff' || access.profile === 'NONE') throw forbidden('the profile');
      const early = {
        accounts: access.accounts && selected.has('accounts') ? started(loaders.accountsByCustomer.load(id)) : undefined,
        risk: access.risk && selected.has('riskProfile') ? started(loaders.riskProfileByCustomer.load(id)) : undefined,
      };
      const profile = await loaders.profileByCustomer.load(id);
      if (!profile) throw new CustomerError('NOT_FOUND', 'No such customer.');
      return { id, access, early };
    },

    async profile(ref: CustomerRef, loaders: Loaders) {
      if (ref.access.profile === 'NONE') throw forbidden('the profile');
      const profile = await loaders.profileByCustomer.load(ref.id);
      if (!profile) return null;
      if (ref.access.profile === 'FULL') return { ...profile, masked: false };
      return {
        ...profile,
        fullName: maskName(profile.fullName),
        phone: maskPhone(profile.phone),
        email: maskEmail(profile.email),
        idNumber: maskIdNumber(profile.idNumber),
        dateOfBirth: maskDate(profile.dateOfBirth),
        address: { ...profile.address, line1: maskStreet(profile.address.line1), postalCode: '***' },
        masked: true,
      };
    },

    async relationshipManager(ref: CustomerRef, loaders: Loaders) {
      if (ref.access.profile === 'NONE') throw forbidden('the relationship manager');
      const profile = await loaders.profileByCustomer.load(ref.id);
      if (!profile?.relationshipManagerId) return null;
      return loaders.relationshipManagerById.load(profile.relationshipManagerId);
    },

    async accounts(ref: CustomerRef, loaders: Loaders) {
      if (!ref.access.accounts) throw forbidden('the accounts');
      const accounts = (await (ref.early?.accounts ?? loaders.accountsByCustomer.load(ref.id))) ?? [];
      return accounts.map((account) => toAccount(account, ref));
    },

    /** One account of the customer; another customer's account is NOT_FOUND, like a missing one. */
    async account(ref: CustomerRef, accountId: string, loaders: Loaders) {
      if (!ref.access.accounts) throw forbidden('the accounts');
      const account = await loaders.accountById.load(accountId);
      if (!account || account.customerId !== ref.id) throw new CustomerError('NOT_FOUND', 'No such account.');
      return toAccount(account, ref);
    },

    /**
     * A page of an account's transactions. Our cursors name a backend cursor plus how many items
     * of that backend page to skip, so a client may resume after any edge, not only the last.
     */
    async transactions(
      account: { id: string; customerId: string; ref: CustomerRef },
      page: { first: number; after: string | null; filter: Omit<TransactionQuery, 'after' | 'limit'> },
      scope?: CallScope,
    ) {
      if (!account.ref.access.accounts || account.customerId !== account.ref.id) throw forbidden('the transactions');
      if (!Number.isInteger(page.first) || page.first < 1 || page.first > MAX_PAGE) {
        throw new CustomerError('BAD_USER_INPUT', `first must be between 1 and ${MAX_PAGE}.`);
      }
      const start = page.after === null ? { after: null, skip: 0 } : decodeCursor(page.after);
      if (!start) throw new CustomerError('BAD_USER_INPUT', 'The cursor is not valid.');
      const result = await deps.backends.coreBanking.listTransactions(account.id, {
        ...page.filter,
        ...(start.after ? { after: start.after } : {}),
        limit: Math.min(MAX_PAGE, start.skip + page.first),
      }, scope);
      if (!result.ok) {
        if (result.code === 'ACCOUNT_NOT_FOUND') throw new CustomerError('NOT_FOUND', 'No such account.');
        throw new CustomerError('BAD_USER_INPUT', result.code === 'INVALID_CURSOR' ? 'The cursor is not valid.' : 'The filter is not valid.');
      }
      const items = result.value.items.slice(start.skip, start.skip + page.first);
      const lastOfBackendPage = start.skip + items.length === result.value.items.length;
      const edges = items.map((item, i) => ({
        item,
        cursor:
          i === items.length - 1 && lastOfBackendPage && result.value.nextCursor
            ? encodeCursor({ after: result.value.nextCursor, skip: 0 })
            : encodeCursor({ after: start.after, skip: start.skip + i + 1 }),
      }));
      const hasNextPage = !lastOfBackendPage || result.value.nextCursor !== null;
      return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? page.after } };
    },

    /**
     * The bureau report summary, with the customer's authorization on record only. A report is
     * bought once and reused while fresh (BUREAU_REPORT_TTL_HOURS): bureau reports cost money.
     */
    async creditProfile(ref: CustomerRef, loaders: Loaders) {
      if (!ref.access.credit) throw forbidden('the credit profile');
      if (!(await repo.hasBureauAuthorization(ref.id))) {
        throw new CustomerError('BUREAU_AUTHORIZATION_REQUIRED', 'The customer has not authorized a credit bureau check.');
      }
      const cached = await repo.cachedReport(ref.id);
      if (cached && isReportFresh(cached.fetchedAt, now(), deps.bureauReportTtlMs)) return { ...cached.report, fetchedAt: cached.fetchedAt };
      const report = await loaders.creditReportByCustomer.load(ref.id);
      if (!report) return null;
      const fetchedAt = now();
      await repo.storeReport(report, fetchedAt);
      return { ...report, fetchedAt };
    },

    /**
     * The bureau report for a decision the bank makes (not shown to a viewer): from the cache
     * while fresh, else bought. NOT_AUTHORIZED without the customer's authorization on record.
     * @throws UpstreamError when the bureau fails
     */
    async bureauReportForDecision(customerId: string, loaders: Loaders) {
      if (!(await repo.hasBureauAuthorization(customerId))) return { status: 'NOT_AUTHORIZED' as const };
      const cached = await repo.cachedReport(customerId);
      if (cached && isReportFresh(cached.fetchedAt, now(), deps.bureauReportTtlMs)) return { status: 'AVAILABLE' as const, report: cached.report };
      const report = await loaders.creditReportByCustomer.load(customerId);
      if (!report) return { status: 'NOT_FOUND' as const };
      await repo.storeReport(report, now());
      return { status: 'AVAILABLE' as const, report };
    },

    async riskProfile(ref: CustomerRef, loaders: Loaders) {
      if (!ref.access.risk) throw forbidden('the risk profile');
      return ref.early?.risk ?? loaders.riskProfileByCustomer.load(ref.id);
    },

    async authorizeBureau(viewer: Viewer, channel: string): Promise<boolean> {
      if (viewer.kind !== 'customer') throw forbidden('the bureau authorization');
      await repo.authorizeBureau(viewer.customerId, channel, now());
      return true;
    },

    async revokeBureau(viewer: Viewer): Promise<boolean> {
      if (viewer.kind !== 'customer') throw forbidden('the bureau authorization');
      await repo.revokeBureau(viewer.customerId, now());
      return true;
    },
  };
}

export type CustomersService = ReturnType<typeof createCustomersService>;
