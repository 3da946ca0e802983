/**
 * Behaviour events → needs → actions, as pure rules (no I/O, table-driven, unit-tested in
 * test/unit/offers.rules.test.ts). The service gathers the facts (recent events, and on login the
 * customer's accounts and recent credits from core banking), asks {@link evaluateRules} what fires,
 * and applies it atomically (cool-downs, consent, one offer per rule per cool-down).
 */

/** The kinds of behaviour event a channel may send. */
export const CLIENT_EVENT_KINDS = ['LOGIN', 'PRODUCT_VIEW', 'PAGE_VIEW', 'SEARCH', 'CALCULATOR_USE'] as const;
export type ClientEventKind = (typeof CLIENT_EVENT_KINDS)[number];

/** Kinds the gateway records itself (a client cannot send them). */
export const GATEWAY_EVENT_KINDS = ['LOGIN', 'LOAN_APPLICATION'] as const;
export type BehaviourKind = ClientEventKind | (typeof GATEWAY_EVENT_KINDS)[number];

/** Kinds that must name a product; PAGE_VIEW and SEARCH may, LOGIN must not. */
export const PRODUCT_REQUIRED: readonly BehaviourKind[] = ['PRODUCT_VIEW', 'CALCULATOR_USE', 'LOAN_APPLICATION'];

export const MAX_EVENTS_PER_BATCH = 100;
/** A client clock ahead of the gateway's by more than this is clamped to the gateway's time. */
export const FUTURE_SKEW_MS = 2 * 60_000;
/** Events older than this are refused: queued offline for longer, they say nothing about now. */
export const MAX_EVENT_AGE_MS = 24 * 3_600_000;
/** The longest look-back of any rule: the service reads this much history. */
export const LOOKBACK_MS = 30 * 86_400_000;
/** A detected need stays on the profile this long after it was last seen. */
export const NEED_TTL_MS = 90 * 86_400_000;
export const DETAIL_MAX = 200;

/** The kinds any rule looks at: the service reads only these back (page views and searches are stored for analysis, not read per batch). */
export const RULE_INPUT_KINDS: readonly BehaviourKind[] = ['PRODUCT_VIEW', 'CALCULATOR_USE', 'LOAN_APPLICATION'];

export const NEEDS = ['HOME_PURCHASE', 'SAVINGS', 'PERSONAL_FINANCING'] as const;
export type Need = (typeof NEEDS)[number];

/** Mortgage products of the catalogue (core banking `GET /products`). */
export const MORTGAGE_PRODUCTS: readonly string[] = ['HOME_MORTGAGE'];

const DAY = 86_400_000;

export interface EventFact {
  kind: BehaviourKind;
  productCode: string | null;
  occurredAt: Date;
}

/** What core banking says, read only when a rule needs it (on login); null when not read or unreachable. */
export interface BankingFacts {
  /** Salary credits booked in the last {@link SALARY_LOOKBACK_DAYS} days. */
  salaryCredits: number;
  /** True when the customer holds an ACTIVE savings account or time deposit. */
  hasSavingsProduct: boolean;
}

export interface Facts {
  now: Date;
  /** The customer's behaviour events of the last {@link LOOKBACK_MS}, any order. */
  events: readonly EventFact[];
  banking: BankingFacts | null;
}

export interface Rule {
  id: string;
  need: Need;
  /** What the rule looks at, for the README and the staff view. */
  summary: string;
  fires: (facts: Facts) => boolean;
  /** The product offered, or null when the rule only records a need. */
  offerProduct: string | null;
  /** Whether a relationship manager is assigned to follow up. */
  advisor: boolean;
  /** No second offer from this rule to the same customer within this time. */
  cooldownMs: number;
}

export const SALARY_LOOKBACK_DAYS = 90;

const within = (facts: Facts, days: number) => (e: EventFact) => facts.now.getTime() - e.occurredAt.getTime() <= days * DAY;
const count = (facts: Facts, days: number, match: (e: EventFact) => boolean) => facts.events.filter(within(facts, days)).filter(match).length;

/** The rules, in the order they are evaluated. */
export const RULES: readonly Rule[] = [
  {
    id: 'MORTGAGE_VIEWS',
    need: 'HOME_PURCHASE',
    summary: '≥ 3 views of a mortgage product within 7 days, and no mortgage application in 30 days',
    fires: (f) =>
      count(f, 7, (e) => e.kind === 'PRODUCT_VIEW' && e.productCode !== null && MORTGAGE_PRODUCTS.includes(e.productCode)) >= 3 &&
      count(f, 30, (e) => e.kind === 'LOAN_APPLICATION' && e.productCode !== null && MORTGAGE_PRODUCTS.includes(e.productCode)) === 0,
    offerProduct: 'HOME_MORTGAGE',
    advisor: true,
    cooldownMs: 30 * DAY,
  },
  {
    id: 'SALARY_NO_SAVINGS',
    need: 'SAVINGS',
    summary: `a salary credit in the last ${SALARY_LOOKBACK_DAYS} days and no active savings account or time deposit (read on login)`,
    fires: (f) => f.banking !== null && f.banking.salaryCredits > 0 && !f.banking.hasSavingsProduct,
    offerProduct: 'TIME_DEPOSIT_1Y',
    advisor: false,
    cooldownMs: 30 * DAY,
  },
  {
    id: 'CONSUMER_LOAN_CALCULATOR',
    need: 'PERSONAL_FINANCING',
    summary: '≥ 2 uses of the personal loan calculator within 7 days, and no personal loan application in 30 days',
    fires: (f) =>
      count(f, 7, (e) => e.kind === 'CALCULATOR_USE' && e.productCode === 'PERSONAL_CONSUMER') >= 2 &&
      count(f, 30, (e) => e.kind === 'LOAN_APPLICATION' && e.productCode === 'PERSONAL_CONSUMER') === 0,
    offerProduct: 'PERSONAL_CONSUMER',
    advisor: false,
    cooldownMs: 14 * DAY,
  },
];

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

/** The rules that fire on these facts. */
export function evaluateRules(facts: Facts, rules: readonly Rule[] = RULES): Rule[] {
  return rules.filter((rule) => rule.fires(facts));
}

/** True when a rule's last offer (at `lastOfferAt`) is still cooling down at `now`. */
export function coolingDown(rule: Pick<Rule, 'cooldownMs'>, lastOfferAt: Date | null, now: Date): boolean {
  return lastOfferAt !== null && now.getTime() - lastOfferAt.getTime() < rule.cooldownMs;
}

/** A need on the profile: when it was first and last detected, and by which rule. */
export interface NeedEntry {
  need: Need;
  rule: string;
  firstSeenAt: string;
  lastSeenAt: string;
}

/** The profile's needs after this evaluation: fired rules refresh theirs, needs unseen for {@link NEED_TTL_MS} drop. */
export function mergeNeeds(previous: readonly NeedEntry[], fired: readonly Rule[], now: Date): NeedEntry[] {
  const byNeed = new Map(previous.map((n) => [n.need, { ...n }]));
  for (const rule of fired) {
    const prior = byNeed.get(rule.need);
    byNeed.set(rule.need, { need: rule.need, rule: rule.id, firstSeenAt: prior?.firstSeenAt ?? now.toISOString(), lastSeenAt: now.toISOString() });
  }
  return [...byNeed.values()].filter((n) => now.getTime() - new Date(n.lastSeenAt).getTime() <= NEED_TTL_MS).sort((a, b) => a.need.localeCompare(b.need));
}

/** Is this booked credit a salary? Core banking books payroll as a BATCH credit described "Salary …" (or naming payroll). */
export function isSalaryCredit(t: { direction: string; description: string; counterparty: string; channel: string }): boolean {
  if (t.direction !== 'IN') return false;
  return /\b(salary|payroll|wages)\b/i.test(t.description) || (t.channel === 'BATCH' && /payroll/i.test(t.counterparty));
}

export interface EventInput {
  kind: ClientEventKind;
  productCode?: string | null;
  occurredAt?: Date | null;
  detail?: string | null;
}

export interface CheckedEvent {
  kind: ClientEventKind;
  productCode: string | null;
  occurredAt: Date;
  detail: string | null;
  /** True when the client's time was ahead of the gateway's and was clamped. */
  clamped: boolean;
}

export type BatchProblem = { field: string; message: string };

/**
 * Checks a batch as a whole: 1–100 events, a known product where one is named (and one where the
 * kind needs it), a time no older than 24 h (a time ahead of the gateway's by more than the skew is
 * clamped to the gateway's time; no time means now). Any problem refuses the whole batch.
 */
export function checkBatch(events: readonly EventInput[], knownProducts: ReadonlySet<string>, now: Date): { events: CheckedEvent[] } | { problem: BatchProblem } {
  if (events.length === 0) return { problem: { field: 'events', message: 'Send at least one event.' } };
  if (events.length > MAX_EVENTS_PER_BATCH) return { problem: { field: 'events', message: `At most ${MAX_EVENTS_PER_BATCH} events per call (got ${events.length}).` } };
  const checked: CheckedEvent[] = [];
  for (const [i, e] of events.entries()) {
    const at = (field: string) => `events[${i}].${field}`;
    if (!(CLIENT_EVENT_KINDS as readonly string[]).includes(e.kind)) return { problem: { field: at('kind'), message: `Unknown event kind ${String(e.kind)}.` } };
    const productCode = e.productCode?.trim() || null;
    if (e.kind === 'LOGIN' && productCode) return { problem: { field: at('productCode'), message: 'A LOGIN event names no product.' } };
    if (PRODUCT_REQUIRED.includes(e.kind) && !productCode) return { problem: { field: at('productCode'), message: `A ${e.kind} event needs a productCode.` } };
    if (productCode && !knownProducts.has(productCode)) return { problem: { field: at('productCode'), message: `Unknown product code ${productCode.slice(0, 40)}.` } };
    const detail = e.detail?.trim() || null;
    if (detail && detail.length > DETAIL_MAX) return { problem: { field: at('detail'), message: `detail is at most ${DETAIL_MAX} characters.` } };
    let occurredAt = e.occurredAt ?? now;
    if (Number.isNaN(occurredAt.getTime())) return { problem: { field: at('occurredAt'), message: 'occurredAt is not a time.' } };
    if (now.getTime() - occurredAt.getTime() > MAX_EVENT_AGE_MS) return { problem: { field: at('occurredAt'), message: 'Events older than 24 hours are not accepted.' } };
    const clamped = occurredAt.getTime() - now.getTime() > FUTURE_SKEW_MS;
    if (clamped) occurredAt = now;
    checked.push({ kind: e.kind, productCode, occurredAt, detail, clamped });
  }
  return { events: checked };
}

/** Conversion of offers: accepted ÷ shown, in percent; null when nothing was shown. */
export function conversionPercent(shown: number, accepted: number): number | null {
  return shown === 0 ? null : (accepted * 100) / shown;
}
