import { describe, expect, it } from 'vitest';
import {
  MAX_EVENTS_PER_BATCH,
  RULES,
  checkBatch,
  conversionPercent,
  coolingDown,
  evaluateRules,
  isSalaryCredit,
  mergeNeeds,
  type EventFact,
  type Facts,
} from '../../src/modules/offers/offers.rules.js';

const NOW = new Date('2026-06-15T12:00:00Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const view = (productCode: string, daysAgo: number): EventFact => ({ kind: 'PRODUCT_VIEW', productCode, occurredAt: ago(daysAgo) });
const calc = (productCode: string, daysAgo: number): EventFact => ({ kind: 'CALCULATOR_USE', productCode, occurredAt: ago(daysAgo) });
const applied = (productCode: string, daysAgo: number): EventFact => ({ kind: 'LOAN_APPLICATION', productCode, occurredAt: ago(daysAgo) });
const facts = (events: EventFact[], banking: Facts['banking'] = null): Facts => ({ now: NOW, events, banking });
const fired = (f: Facts) => evaluateRules(f).map((r) => r.id);

describe('evaluateRules', () => {
  it.each([
    { name: 'three mortgage views within 7 days', f: facts([view('HOME_MORTGAGE', 1), view('HOME_MORTGAGE', 3), view('HOME_MORTGAGE', 6.9)]), want: ['MORTGAGE_VIEWS'] },
    { name: 'two mortgage views only', f: facts([view('HOME_MORTGAGE', 1), view('HOME_MORTGAGE', 2)]), want: [] },
    { name: 'the third view older than 7 days', f: facts([view('HOME_MORTGAGE', 1), view('HOME_MORTGAGE', 2), view('HOME_MORTGAGE', 7.5)]), want: [] },
    { name: 'three views of another product', f: facts([view('PERSONAL_CONSUMER', 1), view('PERSONAL_CONSUMER', 2), view('PERSONAL_CONSUMER', 3)]), want: [] },
    {
      name: 'three mortgage views after a mortgage application',
      f: facts([view('HOME_MORTGAGE', 1), view('HOME_MORTGAGE', 2), view('HOME_MORTGAGE', 3), applied('HOME_MORTGAGE', 10)]),
      want: [],
    },
    { name: 'salary credits and no savings product', f: facts([], { salaryCredits: 2, hasSavingsProduct: false }), want: ['SALARY_NO_SAVINGS'] },
    { name: 'salary credits and a savings product', f: facts([], { salaryCredits: 2, hasSavingsProduct: true }), want: [] },
    { name: 'no salary credit', f: facts([], { salaryCredits: 0, hasSavingsProduct: false }), want: [] },
    { name: 'banking facts unknown (core banking down)', f: facts([], null), want: [] },
    { name: 'two loan calculator uses within 7 days', f: facts([calc('PERSONAL_CONSUMER', 1), calc('PERSONAL_CONSUMER', 5)]), want: ['CONSUMER_LOAN_CALCULATOR'] },
    { name: 'two calculator uses, then applied', f: facts([calc('PERSONAL_CONSUMER', 1), calc('PERSONAL_CONSUMER', 5), applied('PERSONAL_CONSUMER', 0)]), want: [] },
    {
      name: 'every rule at once',
      f: facts([view('HOME_MORTGAGE', 0), view('HOME_MORTGAGE', 0), view('HOME_MORTGAGE', 0), calc('PERSONAL_CONSUMER', 0), calc('PERSONAL_CONSUMER', 0)], { salaryCredits: 1, hasSavingsProduct: false }),
      want: ['MORTGAGE_VIEWS', 'SALARY_NO_SAVINGS', 'CONSUMER_LOAN_CALCULATOR'],
    },
  ])('$name → $want', ({ f, want }) => {
    expect(fired(f)).toEqual(want);
  });

  it('the mortgage rule asks for an advisor and offers a mortgage; each rule has a cool-down', () => {
    const mortgage = RULES.find((r) => r.id === 'MORTGAGE_VIEWS')!;
    expect(mortgage).toMatchObject({ need: 'HOME_PURCHASE', advisor: true, offerProduct: 'HOME_MORTGAGE' });
    for (const rule of RULES) expect(rule.cooldownMs).toBeGreaterThanOrEqual(7 * DAY);
  });
});

describe('coolingDown', () => {
  it.each([
    { last: null, want: false },
    { last: ago(1), want: true },
    { last: ago(29.9), want: true },
    { last: ago(30), want: false },
  ])('last offer $last → $want', ({ last, want }) => {
    expect(coolingDown({ cooldownMs: 30 * DAY }, last, NOW)).toBe(want);
  });
});

describe('mergeNeeds', () => {
  const mortgage = RULES.find((r) => r.id === 'MORTGAGE_VIEWS')!;
  it('adds a fired need, keeps its first sighting, drops needs unseen for 90 days', () => {
    const first = mergeNeeds([], [mortgage], ago(10));
    expect(first).toEqual([{ need: 'HOME_PURCHASE', rule: 'MORTGAGE_VIEWS', firstSeenAt: ago(10).toISOString(), lastSeenAt: ago(10).toISOString() }]);
    const again = mergeNeeds(first, [mortgage], NOW);
    expect(again[0]).toMatchObject({ firstSeenAt: ago(10).toISOString(), lastSeenAt: NOW.toISOString() });
    const stale = [{ need: 'SAVINGS' as const, rule: 'SALARY_NO_SAVINGS', firstSeenAt: ago(200).toISOString(), lastSeenAt: ago(91).toISOString() }];
    expect(mergeNeeds(stale, [], NOW)).toEqual([]);
  });
});

describe('isSalaryCredit', () => {
  it.each([
    { t: { direction: 'IN', description: 'Salary 2026-05', counterparty: 'Acme Ltd', channel: 'BATCH' }, want: true },
    { t: { direction: 'IN', description: 'Monthly transfer', counterparty: 'Payroll', channel: 'BATCH' }, want: true },
    { t: { direction: 'OUT', description: 'Staff wages', counterparty: 'Payroll', channel: 'BATCH' }, want: false },
    { t: { direction: 'IN', description: 'Refund', counterparty: 'Shop', channel: 'POS' }, want: false },
  ])('$t.description ($t.direction) → $want', ({ t, want }) => {
    expect(isSalaryCredit(t)).toBe(want);
  });
});

describe('checkBatch', () => {
  const known = new Set(['HOME_MORTGAGE', 'PERSONAL_CONSUMER']);
  const ok = { kind: 'PRODUCT_VIEW' as const, productCode: 'HOME_MORTGAGE' };
  it.each([
    { name: 'empty', events: [], field: 'events' },
    { name: 'over 100', events: Array.from({ length: MAX_EVENTS_PER_BATCH + 1 }, () => ok), field: 'events' },
    { name: 'unknown product', events: [ok, { kind: 'PRODUCT_VIEW' as const, productCode: 'NOPE' }], field: 'events[1].productCode' },
    { name: 'product view without product', events: [{ kind: 'PRODUCT_VIEW' as const }], field: 'events[0].productCode' },
    { name: 'login with product', events: [{ kind: 'LOGIN' as const, productCode: 'HOME_MORTGAGE' }], field: 'events[0].productCode' },
    { name: 'unknown kind', events: [{ kind: 'PURCHASE' as never }], field: 'events[0].kind' },
    { name: 'older than 24 h', events: [{ ...ok, occurredAt: ago(1.01) }], field: 'events[0].occurredAt' },
    { name: 'detail too long', events: [{ kind: 'SEARCH' as const, detail: 'x'.repeat(201) }], field: 'events[0].detail' },
  ])('refuses the whole batch: $name', ({ events, field }) => {
    const result = checkBatch(events, known, NOW);
    expect('problem' in result && result.problem.field).toBe(field);
  });

  it('clamps a time more than 2 minutes ahead to now, keeps one within the skew, defaults to now', () => {
    const result = checkBatch(
      [
        { ...ok, occurredAt: new Date(NOW.getTime() + 3_600_000) },
        { ...ok, occurredAt: new Date(NOW.getTime() + 60_000) },
        { kind: 'SEARCH', detail: '  mortgage rates ' },
      ],
      known,
      NOW,
    );
    if ('problem' in result) throw new Error(result.problem.message);
    expect(result.events.map((e) => [e.occurredAt.toISOString(), e.clamped])).toEqual([
      [NOW.toISOString(), true],
      [new Date(NOW.getTime() + 60_000).toISOString(), false],
      [NOW.toISOString(), false],
    ]);
    expect(result.events[2]).toMatchObject({ productCode: null, detail: 'mortgage rates' });
  });
});

describe('conversionPercent', () => {
  it.each([
    { shown: 0, accepted: 0, want: null },
    { shown: 4, accepted: 1, want: 25 },
    { shown: 3, accepted: 3, want: 100 },
  ])('$accepted of $shown → $want', ({ shown, accepted, want }) => {
    expect(conversionPercent(shown, accepted)).toBe(want);
  });
});
