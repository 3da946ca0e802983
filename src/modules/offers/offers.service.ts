/**
 * Behaviour events → needs profile → advisor or offer. `trackEvents` stores a batch and evaluates
 * the rules in the same transaction (under the customer's profile lock: cool-downs are atomic); the
 * gateway's own events (logins, loan applications) are recorded and evaluated right after the
 * request that caused them, off its path. The advisor comes from CRM after the commit; when CRM
 * cannot answer, the assignment stays PENDING and is retried at the next evaluation or staff read.
 */
import { randomUUID } from 'node:crypto';
import type { Backends } from '../../adapters/backends.js';
import type { BucketConfig } from '../../platform/config.js';
import type { Viewer } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import type { StoredEvent } from '../../platform/events/event-log.js';
import type { EventFanout } from '../../platform/events/fanout.js';
import { requireCustomer, requireStaff } from '../../platform/guards.js';
import { isUuid } from '../../platform/ids.js';
import { takeToken } from '../../platform/limits/rate-limiter.js';
import type { Logger } from '../../platform/logger.js';
import type { CallScope } from '../../platform/request-scope.js';
import { OffersError } from './offers.errors.js';
import { offersStream, type LockedCustomer, type OfferRow, type OfferStatus, type OffersRepository, type ProfileRow } from './offers.repository.js';
import {
  RULES,
  SALARY_LOOKBACK_DAYS,
  checkBatch,
  coolingDown,
  evaluateRules,
  isSalaryCredit,
  mergeNeeds,
  type BankingFacts,
  type EventInput,
  type Rule,
} from './offers.rules.js';

/** Staff who may read a customer's needs profile: branch staff (relationship managers work there) and admins. */
export const ADVISOR_STAFF = ['TELLER', 'ADMIN'] as const;

const CATALOGUE_TTL_MS = 60_000;

export interface TrackResult {
  accepted: number;
  clamped: number;
  offersMade: number;
}

export interface OffersConfig {
  /** One token per event, per session (`OFFERS_EVENTS_PER_MINUTE`, `OFFERS_EVENTS_BURST`). */
  eventsBucket: BucketConfig;
}

export function createOffersService(deps: {
  repo: OffersRepository;
  db: Database;
  backends: Backends;
  fanout: EventFanout;
  config: OffersConfig;
  log: Logger;
  now: () => Date;
  rules?: readonly Rule[];
}) {
  const { repo, now, log } = deps;
  const rules = deps.rules ?? RULES;
  let catalogue: { codes: Set<string>; until: number } | undefined;

  /** The catalogue's product codes (cached a minute). Core banking down and nothing cached: the error propagates, nothing is stored. */
  async function productCodes(scope?: CallScope): Promise<Set<string>> {
    const at = now().getTime();
    if (catalogue && catalogue.until > at) return catalogue.codes;
    const codes = new Set((await deps.backends.coreBanking.listProducts(scope)).map((p) => p.code));
    catalogue = { codes, until: at + CATALOGUE_TTL_MS };
    return codes;
  }

  /** Salary credits and savings products from core banking; null when it cannot tell (the rule then does not fire). */
  async function bankingFacts(customerId: string, scope?: CallScope): Promise<BankingFacts | null> {
    try {
      const [accounts] = await deps.backends.coreBanking.getAccountsByCustomerIds([customerId], scope);
      if (!accounts) return null;
      const active = accounts.filter((a) => a.status === 'ACTIVE');
      const hasSavingsProduct = active.some((a) => a.kind === 'SAVINGS' || a.kind === 'TIME_DEPOSIT');
      const from = new Date(now().getTime() - SALARY_LOOKBACK_DAYS * 86_400_000).toISOString();
      let salaryCredits = 0;
      for (const account of active.filter((a) => a.kind === 'CURRENT')) {
        const page = await deps.backends.coreBanking.listTransactions(account.accountId, { from, direction: 'IN', limit: 100 }, scope);
        if (!page.ok) continue;
        salaryCredits += page.value.items.filter(isSalaryCredit).length;
      }
      return { salaryCredits, hasSavingsProduct };
    } catch (error) {
      log.warn({ err: error, customerId }, 'offers: core banking facts unavailable; the salary rule is skipped');
      return null;
    }
  }

  /**
   * Evaluates the rules under the customer's lock: needs merged, offers made for rules that fire,
   * are not cooling down, and have the customer's marketing consent; the advisor marked PENDING
   * where a fired rule asks for one (with consent).
   */
  async function evaluateLocked(locked: LockedCustomer, banking: BankingFacts | null): Promise<{ profile: ProfileRow; made: number }> {
    const at = now();
    const events = await locked.recentEvents(at);
    const fired = evaluateRules({ now: at, events, banking }, rules);
    const consent = locked.profile.marketingConsent;
    let made = 0;
    for (const rule of fired) {
      if (!consent || !rule.offerProduct) continue;
      if (coolingDown(rule, await locked.lastOfferAt(rule.id), at)) continue;
      await locked.makeOffer({
        id: randomUUID(),
        customerId: locked.profile.customerId,
        rule: rule.id,
        need: rule.need,
        productCode: rule.offerProduct,
        status: 'OPEN',
        createdAt: at,
        shownAt: null,
        respondedAt: null,
      });
      made++;
    }
    const wantsAdvisor = fired.some((r) => r.advisor);
    const current = locked.profile.advisorStatus;
    // ASSIGNED and NO_MANAGER are settled answers from CRM: CRM is asked again only after consent was revoked and granted again.
    const settled = current === 'ASSIGNED' || current === 'NO_MANAGER';
    const advisorStatus = !wantsAdvisor ? current : !consent ? (current === 'ASSIGNED' ? current : 'NO_CONSENT') : settled ? current : 'PENDING';
    const profile = await locked.updateProfile({ needs: mergeNeeds(locked.profile.needs, fired, at), advisorStatus, evaluatedAt: at, updatedAt: at });
    return { profile, made };
  }

  /** Asks CRM for the customer's relationship manager when an assignment is pending; on failure it stays PENDING (retried later). */
  async function settleAdvisor(profile: ProfileRow, scope?: CallScope): Promise<void> {
    if (profile.advisorStatus !== 'PENDING') return;
    try {
      const [record] = await deps.backends.crm.getCustomerProfiles([profile.customerId], scope);
      if (record === undefined) return;
      await repo.settleAdvisor(profile.customerId, record?.relationshipManagerId ?? null, now());
    } catch (error) {
      log.warn({ err: error, customerId: profile.customerId }, 'offers: CRM unavailable; the advisor assignment stays pending');
    }
  }

  /** Records a gateway event (idempotent by `id`) and evaluates, off the caller's path: a failure is logged, never thrown. */
  function recordGatewayEvent(event: { id: string; customerId: string; sessionId: string | null; channel: string; kind: 'LOGIN' | 'LOAN_APPLICATION'; productCode: string | null }): Promise<void> {
    const run = async () => {
      // Banking data is read for the rules only with marketing consent: without it no offer can follow.
      const consent = (await repo.profile(event.customerId))?.marketingConsent ?? false;
      const banking = event.kind === 'LOGIN' && consent ? await bankingFacts(event.customerId) : null;
      const at = now();
      const { profile } = await repo.withCustomer(event.customerId, at, async (locked) => {
        await locked.insertEvents([{ ...event, source: 'GATEWAY', detail: null, occurredAt: at, receivedAt: at }]);
        return evaluateLocked(locked, banking);
      });
      await settleAdvisor(profile);
    };
    return run().catch((error: unknown) => log.warn({ err: error, kind: event.kind }, 'offers: recording a gateway event failed'));
  }

  return {
    /**
     * Stores a batch of behaviour events and evaluates the rules, atomically: any problem refuses
     * the whole batch and nothing is stored.
     * @throws DomainError FORBIDDEN (not a customer: partners and staff never send events); OffersError BAD_USER_INPUT, EVENTS_RATE_LIMITED; UpstreamError when the catalogue cannot be read
     */
    async track(viewer: Viewer, input: readonly EventInput[], channel: string, scope?: CallScope): Promise<TrackResult> {
      const customer = requireCustomer(viewer, 'Only a signed-in customer sends behaviour events (never a partner).');
      const at = now();
      const named = input.some((e) => e.productCode?.trim());
      const checked = checkBatch(input, named ? await productCodes(scope) : new Set(), at);
      if ('problem' in checked) throw new OffersError('BAD_USER_INPUT', checked.problem.message, { field: checked.problem.field });
      if (deps.config.eventsBucket.perMinute > 0) {
        const taken = await takeToken(deps.db, `events:session:${customer.sessionId}`, deps.config.eventsBucket, at, checked.events.length);
        if (!taken.allowed) {
          throw new OffersError('EVENTS_RATE_LIMITED', `Too many behaviour events from this session: try again in ${taken.retryAfterSeconds} s.`, {
            retryAfterSeconds: taken.retryAfterSeconds,
          }, 429);
        }
      }
      const { profile, made } = await repo.withCustomer(customer.customerId, at, async (locked) => {
        await locked.insertEvents(
          checked.events.map((e) => ({
            id: randomUUID(),
            customerId: customer.customerId,
            sessionId: customer.sessionId,
            channel,
            source: 'CLIENT',
            kind: e.kind,
            productCode: e.productCode,
            detail: e.detail,
            occurredAt: e.occurredAt,
            receivedAt: at,
          })),
        );
        return evaluateLocked(locked, null);
      });
      await settleAdvisor(profile, scope);
      return { accepted: checked.events.length, clamped: checked.events.filter((e) => e.clamped).length, offersMade: made };
    },

    /** A customer logged in: recorded (once per session) with the salary rule's banking facts. */
    recordLogin: (login: { customerId: string; sessionId: string; channel: string }) =>
      recordGatewayEvent({ id: login.sessionId, customerId: login.customerId, sessionId: login.sessionId, channel: login.channel, kind: 'LOGIN', productCode: null }),

    /** A loan application was submitted: recorded once per application (its id). */
    recordApplication: (application: { id: string; customerId: string; channel: string; productCode: string }) =>
      recordGatewayEvent({ id: application.id, customerId: application.customerId, sessionId: null, channel: application.channel, kind: 'LOAN_APPLICATION', productCode: application.productCode }),

    /** The signed-in customer's needs profile (an empty one before any event). */
    async myProfile(viewer: Viewer): Promise<ProfileRow> {
      const customer = requireCustomer(viewer, 'Only the customer reads their own needs profile (never a partner).');
      return (await repo.profile(customer.customerId)) ?? (await repo.withCustomer(customer.customerId, now(), async (l) => l.profile));
    },

    /** A customer's needs profile for an advisor; a pending advisor assignment is retried first. @throws DomainError FORBIDDEN, NOT_FOUND */
    async customerProfile(viewer: Viewer, customerId: string, scope?: CallScope): Promise<ProfileRow> {
      requireStaff(viewer, ADVISOR_STAFF, 'Only branch staff and admins read a customer’s needs profile.');
      const profile = /^C\d{6}$/.test(customerId) ? await repo.profile(customerId) : undefined;
      if (!profile) throw new OffersError('NOT_FOUND', 'No needs profile for this customer (no behaviour recorded).');
      if (profile.advisorStatus !== 'PENDING') return profile;
      await settleAdvisor(profile, scope);
      return (await repo.profile(customerId)) ?? profile;
    },

    /** Grants or revokes marketing consent. Revoking withdraws open offers and the advisor; granting evaluates at once. */
    async setMarketingConsent(viewer: Viewer, granted: boolean, channel: string, scope?: CallScope): Promise<ProfileRow> {
      const customer = requireCustomer(viewer, 'Only the customer grants or revokes their marketing consent.');
      // Granting evaluates at once, the salary rule included (read before the lock; unreachable → skipped).
      const banking = granted ? await bankingFacts(customer.customerId, scope) : null;
      const at = now();
      const { profile } = await repo.withCustomer(customer.customerId, at, async (locked) => {
        if (!granted) {
          await locked.withdrawOpenOffers(at);
          const profile = await locked.updateProfile({
            marketingConsent: false,
            consentChangedAt: at,
            consentChannel: channel,
            advisorStatus: locked.profile.advisorStatus === 'NOT_NEEDED' ? 'NOT_NEEDED' : 'NO_CONSENT',
            advisorId: null,
            advisorAssignedAt: null,
            updatedAt: at,
          });
          return { profile, made: 0 };
        }
        if (locked.profile.marketingConsent) return { profile: locked.profile, made: 0 };
        locked.profile = await locked.updateProfile({ marketingConsent: true, consentChangedAt: at, consentChannel: channel, updatedAt: at });
        return evaluateLocked(locked, banking);
      });
      await settleAdvisor(profile, scope);
      return (await repo.profile(customer.customerId)) ?? profile;
    },

    /** The customer's offers (OPEN by default), newest first; returning them counts them as shown. */
    async mine(viewer: Viewer, statuses: readonly OfferStatus[], limit: number): Promise<OfferRow[]> {
      const customer = requireCustomer(viewer, 'Only the customer reads their own offers (never a partner).');
      if (statuses.length === 0) return [];
      return repo.listAndMarkShown(customer.customerId, statuses, Math.min(Math.max(limit, 1), 100), now());
    },

    /** Accepts or dismisses one of the customer's OPEN offers. @throws OffersError NOT_FOUND (not yours), INVALID_TRANSITION (already answered or withdrawn) */
    async respond(viewer: Viewer, id: string, response: 'ACCEPTED' | 'DISMISSED'): Promise<OfferRow> {
      const customer = requireCustomer(viewer, 'Only the customer answers their own offers.');
      const row = isUuid(id) ? await repo.findOffer(id) : undefined;
      if (!row || row.customerId !== customer.customerId) throw new OffersError('NOT_FOUND', 'No such offer.');
      const updated = await repo.respond(id, customer.customerId, response, now());
      if (!updated) {
        const current = (await repo.findOffer(id)) ?? row;
        throw new OffersError('INVALID_TRANSITION', `This offer is ${current.status} and cannot be answered.`, { status: current.status });
      }
      return updated;
    },

    /** Replay-then-live OFFER_MADE events of the signed-in customer's own stream. */
    async received(viewer: Viewer, afterSeq: number, signal: AbortSignal): Promise<AsyncIterableIterator<StoredEvent>> {
      const customer = requireCustomer(viewer, 'Only the customer follows their own offers (never a partner).');
      return deps.fanout.streamOf(offersStream(customer.customerId), Math.max(0, afterSeq), { signal });
    },

    findOffer: (id: string) => repo.findOffer(id),
  };
}

export type OffersService = ReturnType<typeof createOffersService>;
