import { describe, expect, it } from 'vitest';
import {
  INDICATORS,
  alertSlaBreaches,
  feedbackSlaBreaches,
  assess,
  buckets,
  percentile,
  sliceRows,
  splitRows,
  statusOf,
  withTargets,
  type HealthRows,
  type Window,
} from '../../src/modules/health/health.rules.js';

const T0 = Date.parse('2026-03-02T00:00:00Z');
const at = (hours: number) => new Date(T0 + hours * 3_600_000);
const window: Window = { from: at(0), to: at(48), asOf: at(48) };

const empty: HealthRows = { logins: [], loans: [], reviewerActions: [], transfers: [], openings: [], alerts: [], ratings: [], feedback: [], offers: [], serviceRequests: [], backendCalls: [], audit: null };

/** Two days of hand-made activity with known answers. */
const rows: HealthRows = {
  logins: [
    { at: at(1), ok: true },
    { at: at(2), ok: true },
    { at: at(3), ok: true },
    { at: at(25), ok: false },
  ],
  loans: [
    // decided automatically after 0.5 h and 1 h; one by a reviewer after 10 h; one still open
    { at: at(1), channel: 'APP', manualReview: false, decidedAt: at(1.5), decidedBy: 'AUTOMATIC' },
    { at: at(2), channel: 'WEB', manualReview: false, decidedAt: at(3), decidedBy: 'AUTOMATIC' },
    { at: at(26), channel: 'BRANCH', manualReview: true, decidedAt: at(36), decidedBy: 'REVIEWER' },
    { at: at(27), channel: 'APP', manualReview: true, decidedAt: null, decidedBy: null },
  ],
  reviewerActions: [
    { at: at(30), staffId: 'S0002' },
    { at: at(36), staffId: 'S0002' },
    { at: at(37), staffId: 'S0003' },
    { at: at(38), staffId: 'S0002' },
  ],
  transfers: [
    { at: at(4), channel: 'APP', status: 'POSTED', decision: 'ALLOW' },
    { at: at(5), channel: 'APP', status: 'HELD', decision: 'HOLD' },
    { at: at(6), channel: 'MINI_PROGRAM', status: 'FAILED', decision: 'ALLOW' },
    { at: at(30), channel: 'BRANCH', status: 'BLOCKED', decision: 'BLOCK' },
  ],
  openings: [
    { at: at(1), status: 'OPENED', openedAt: new Date(at(1).getTime() + 6 * 60_000), reviewed: false },
    { at: at(2), status: 'OPENED', openedAt: new Date(at(2).getTime() + 30 * 60_000), reviewed: true },
    { at: at(3), status: 'TERMINATED', openedAt: null, reviewed: false },
    { at: at(4), status: 'DRAFT', openedAt: null, reviewed: false },
  ],
  alerts: [
    { at: at(0), acknowledgedAt: at(2), resolvedAt: at(10) },
    { at: at(1), acknowledgedAt: at(31), resolvedAt: null }, // acknowledged after 30 h: a breach
    { at: at(20), acknowledgedAt: null, resolvedAt: null }, // open for 28 h at asOf: a breach
    { at: at(40), acknowledgedAt: null, resolvedAt: null }, // open for 8 h: not yet
  ],
  ratings: [
    { at: at(1), csat: 5, nps: 10 },
    { at: at(2), csat: 4, nps: 9 },
    { at: at(3), csat: 2, nps: 3 },
    { at: at(4), csat: null, nps: 7 },
    { at: at(5), csat: 3, nps: null },
  ],
  feedback: [
    { at: at(0), dueAt: at(72), firstResponseAt: at(5) }, // answered in time
    { at: at(1), dueAt: at(10), firstResponseAt: at(12) }, // answered 2 h late: a breach
    { at: at(2), dueAt: at(20), firstResponseAt: null }, // unanswered 28 h past due at asOf: a breach
    { at: at(30), dueAt: at(102), firstResponseAt: null }, // inside its clock: not counted yet
  ],
  offers: [
    { at: at(1), accepted: true, rule: 'MORTGAGE_VIEWS' },
    { at: at(2), accepted: false, rule: 'MORTGAGE_VIEWS' },
    { at: at(3), accepted: false, rule: 'SALARY_NO_SAVINGS' },
    { at: at(30), accepted: false, rule: 'SALARY_NO_SAVINGS' },
    { at: at(31), accepted: false, rule: 'SALARY_NO_SAVINGS' },
  ],
  serviceRequests: [
    // Teller S0100 on day 1: two requests; on day 2: one. Teller S0101 on day 2: one. One self-service.
    { at: at(2), templateCode: 'REPORT_LOST_CARD', channel: 'TELLER', tellerId: 'S0100', targetMinutes: 10, steps: timed([2, 1, 3, 1]) }, // 7 min, all steps on target
    { at: at(3), templateCode: 'REPORT_LOST_CARD', channel: 'TELLER', tellerId: 'S0100', targetMinutes: 10, steps: timed([4, 1, 3, 1]) }, // 9 min, VERIFY over its 3 min
    { at: at(26), templateCode: 'RESET_CARD_PIN', channel: 'BRANCH_TERMINAL', tellerId: 'S0100', targetMinutes: 10, steps: timed([1, 0.5, 2, 0.5]) }, // 4 min
    { at: at(27), templateCode: 'RESET_CARD_PIN', channel: 'BRANCH_TERMINAL', tellerId: 'S0101', targetMinutes: 10, steps: timed([3, 2, 5, 3]) }, // 13 min, 3 steps over
    { at: at(28), templateCode: 'FREEZE_ACCOUNT', channel: 'APP', tellerId: null, targetMinutes: 5, steps: timed([0.5, 0.1, 1, 0.2]) }, // 1.8 min
  ],
  backendCalls: [
    { at: at(1), backend: 'coreBanking', ok: 98, failed: 2 },
    { at: at(25), backend: 'coreBanking', ok: 100, failed: 0 },
    { at: at(1), backend: 'crm', ok: 50, failed: 0 },
  ],
  audit: { checked: 12, ok: true },
};

/** Four back-to-back finished steps lasting the given minutes, starting at 0 h. */
function timed(minutes: number[]) {
  const steps = ['VERIFY_IDENTITY', 'PREFILL', 'CONFIRM', 'PROCESS'];
  let t = at(0).getTime();
  return minutes.map((m, i) => {
    const startedAt = new Date(t);
    t += m * 60_000;
    return { step: steps[i]!, startedAt, endedAt: new Date(t) };
  });
}

const byId = (id: string, r = rows, w = window) => {
  const spec = INDICATORS.find((s) => s.id === id);
  if (!spec) throw new Error(`no indicator ${id}`);
  return spec.compute(r, w);
};

describe('the indicator table', () => {
  it('has at least 20 indicators over the three dimensions, with unique ids', () => {
    expect(INDICATORS.length).toBeGreaterThanOrEqual(20);
    expect(new Set(INDICATORS.map((s) => s.id)).size).toBe(INDICATORS.length);
    expect(new Set(INDICATORS.map((s) => s.dimension))).toEqual(new Set(['CUSTOMER_EXPERIENCE', 'OPERATIONAL_EFFICIENCY', 'RISK_AND_COMPLIANCE']));
  });

  it('reports no data, not zero, on an empty window', () => {
    for (const spec of INDICATORS) expect(spec.compute(empty, window).value).toBeNull();
  });
});

describe('indicators on hand-made rows', () => {
  it('CSAT is the share of 4–5 scores; NPS is promoters minus detractors', () => {
    expect(byId('csat')).toEqual({ value: 50, sample: 4 });
    expect(byId('nps')).toEqual({ value: 25, sample: 4 }); // 2 promoters, 1 detractor, 1 passive
  });

  it('login success rate: 3 of 4', () => expect(byId('login_success_rate')).toEqual({ value: 75, sample: 4 }));

  it('online share counts loans and transfers by channel; BRANCH is not online', () => {
    const m = byId('online_share');
    expect(m.value).toBe(75); // 6 of 8
    expect(m.value !== null && m.breakdown).toEqual([
      { key: 'APP', value: 50, sample: 4 },
      { key: 'BRANCH', value: 25, sample: 2 },
      { key: 'MINI_PROGRAM', value: 12.5, sample: 1 },
      { key: 'WEB', value: 12.5, sample: 1 },
    ]);
  });

  it('loan time to decision p50 and p95 over decided applications only', () => {
    expect(byId('loan_decision_hours_p50')).toEqual({ value: 1, sample: 3 });
    expect(byId('loan_decision_hours_p95')).toEqual({ value: 10, sample: 3 });
  });

  it('auto-decision rate over decided applications; manual-review share over all', () => {
    expect(byId('loan_auto_decision_rate')).toEqual({ value: 66.67, sample: 3 });
    expect(byId('loan_manual_review_share')).toEqual({ value: 50, sample: 4 });
  });

  it('reviewer throughput: 4 decisions by 2 reviewers over 2 days = 1 a reviewer a day', () => {
    const m = byId('reviewer_throughput');
    expect(m.value).toBe(1);
    expect(m.value !== null && m.breakdown).toEqual([
      { key: 'S0002', value: 1.5, sample: 3 },
      { key: 'S0003', value: 0.5, sample: 1 },
    ]);
  });

  it('account opening handling time p50 over opened accounts, and straight-through and review shares', () => {
    expect(byId('account_opening_minutes_p50')).toEqual({ value: 6, sample: 2 });
    expect(byId('account_opening_straight_through')).toEqual({ value: 50, sample: 2 });
    expect(byId('account_opening_review_share')).toEqual({ value: 33.33, sample: 3 }); // the draft is not submitted
  });

  it('process error rate: one failed transfer of 12 operations', () => {
    expect(byId('process_error_rate')).toEqual({ value: 8.33, sample: 12 });
  });

  it('counts an opening stuck in OPENING for over an hour as an error', () => {
    const stuck = { ...empty, openings: [{ at: at(1), status: 'OPENING', openedAt: null, reviewed: true }] };
    expect(byId('process_error_rate', stuck)).toEqual({ value: 100, sample: 1 });
    expect(byId('process_error_rate', stuck, { ...window, asOf: at(1.5) })).toEqual({ value: 0, sample: 1 });
  });

  it('held or blocked transfers: 2 of 4', () => expect(byId('transfers_held_blocked_share')).toEqual({ value: 50, sample: 4 }));

  it('alert acknowledge and resolve times p50/p95', () => {
    expect(byId('alert_ack_hours_p50')).toEqual({ value: 2, sample: 2 });
    expect(byId('alert_ack_hours_p95')).toEqual({ value: 30, sample: 2 });
    expect(byId('alert_resolve_hours_p50')).toEqual({ value: 10, sample: 1 });
  });

  it('SLA breaches: late acknowledgements and alerts still open past 24 h at asOf, plus feedback answered late or overdue', () => {
    expect(byId('sla_breaches')).toEqual({
      value: 4,
      sample: 8,
      breakdown: [
        { key: 'feedback', value: 2, sample: 4 },
        { key: 'risk_alerts', value: 2, sample: 4 },
      ],
    });
    expect(alertSlaBreaches(rows.alerts, at(70))).toBe(3);
    // At 110 h the last item is past its clock too.
    expect(feedbackSlaBreaches(rows.feedback, at(110))).toBe(3);
    // Feedback alone still counts when the window has no alerts.
    expect(byId('sla_breaches', { ...rows, alerts: [] })).toMatchObject({ value: 2, sample: 4 });
  });

  it('feedback answered within its clock: of the answered or overdue items, the share answered by dueAt', () => {
    expect(byId('feedback_answered_72h')).toEqual({ value: 33.33, sample: 3 });
    // Items still inside their clock are not counted either way.
    expect(byId('feedback_answered_72h', { ...rows, feedback: [rows.feedback[3]!] }).value).toBeNull();
    expect(byId('feedback_answered_72h', { ...rows, feedback: [rows.feedback[0]!] })).toEqual({ value: 100, sample: 1 });
  });

  it('offer conversion: accepted ÷ shown in the window, per rule in the breakdown; nothing shown is NO_DATA', () => {
    expect(byId('offer_conversion')).toEqual({
      value: 20,
      sample: 5,
      breakdown: [
        { key: 'MORTGAGE_VIEWS', value: 50, sample: 2 },
        { key: 'SALARY_NO_SAVINGS', value: 0, sample: 3 },
      ],
    });
    expect(byId('offer_conversion', empty).value).toBeNull();
    // The series cuts by when the offer was shown: day 1 has 1 of 3 accepted, day 2 none of 2.
    expect(byId('offer_conversion', sliceRows(rows, at(0), at(24))).value).toBe(33.33);
    expect(byId('offer_conversion', sliceRows(rows, at(24), at(48))).value).toBe(0);
  });

  it('teller transactions: 4 requests done by tellers over 3 teller-days worked; self-service is not counted', () => {
    expect(byId('teller_transactions_per_day')).toEqual({
      value: 1.33,
      sample: 4,
      breakdown: [
        { key: 'S0100', value: 1.5, sample: 3 },
        { key: 'S0101', value: 1, sample: 1 },
      ],
    });
  });

  it('counter handling time: p50 of the summed step durations, per channel', () => {
    // 1.8, 4, 7, 9, 13 minutes → p50 7
    expect(byId('counter_handling_minutes_p50')).toEqual({
      value: 7,
      sample: 5,
      breakdown: [
        { key: 'APP', value: 1.8, sample: 1 },
        { key: 'BRANCH_TERMINAL', value: 4, sample: 2 },
        { key: 'TELLER', value: 7, sample: 2 },
      ],
    });
  });

  it('steps on target: each step within its share of the template target (30/10/40/20 %)', () => {
    // Targets for 10 min: 3, 1, 4, 2 min. Misses: request 2 VERIFY (4 > 3); request 4 PREFILL (2 > 1), CONFIRM (5 > 4), PROCESS (3 > 2).
    // 5-minute template: 1.5, 0.5, 2, 1 min: all met. 16 of 20 on target.
    expect(byId('step_timings_on_target')).toEqual({
      value: 80,
      sample: 20,
      breakdown: [
        { key: 'VERIFY_IDENTITY', value: 80, sample: 5 },
        { key: 'PREFILL', value: 80, sample: 5 },
        { key: 'CONFIRM', value: 80, sample: 5 },
        { key: 'PROCESS', value: 80, sample: 5 },
      ],
    });
  });

  it('backend availability: answered ÷ all calls, per system', () => {
    expect(byId('backend_availability')).toEqual({
      value: 99.2,
      sample: 250,
      breakdown: [
        { key: 'coreBanking', value: 99, sample: 200 },
        { key: 'crm', value: 100, sample: 50 },
      ],
    });
  });

  it('audit integrity is 100 when the window verifies and 0 when it does not', () => {
    expect(byId('audit_chain_integrity')).toEqual({ value: 100, sample: 12 });
    expect(byId('audit_chain_integrity', { ...rows, audit: { checked: 12, ok: false } })).toEqual({ value: 0, sample: 12 });
  });
});

describe('statusOf', () => {
  it('judges against the target with a 10% band for AT_RISK', () => {
    expect(statusOf(80, { value: 80, direction: 'AT_LEAST' })).toBe('ON_TARGET');
    expect(statusOf(73, { value: 80, direction: 'AT_LEAST' })).toBe('AT_RISK');
    expect(statusOf(71, { value: 80, direction: 'AT_LEAST' })).toBe('OFF_TARGET');
    expect(statusOf(10, { value: 10, direction: 'AT_MOST' })).toBe('ON_TARGET');
    expect(statusOf(11, { value: 10, direction: 'AT_MOST' })).toBe('AT_RISK');
    expect(statusOf(12, { value: 10, direction: 'AT_MOST' })).toBe('OFF_TARGET');
    expect(statusOf(1, { value: 0, direction: 'AT_MOST' })).toBe('OFF_TARGET');
    expect(statusOf(null, { value: 0, direction: 'AT_MOST' })).toBe('NO_DATA');
  });
});

describe('withTargets', () => {
  it('overrides a target by id and refuses an unknown id', () => {
    const specs = withTargets({ online_share: 90 });
    expect(specs.find((s) => s.id === 'online_share')?.target).toEqual({ value: 90, direction: 'AT_LEAST' });
    expect(() => withTargets({ nope: 1 })).toThrow(/nope/);
  });
});

describe('series', () => {
  it('cuts the window into UTC days, the first and last clipped to the window', () => {
    const b = buckets(new Date('2026-03-02T06:00:00Z'), new Date('2026-03-04T12:00:00Z'), 'DAY');
    expect(b.map((x) => [x.from.toISOString(), x.to.toISOString()])).toEqual([
      ['2026-03-02T06:00:00.000Z', '2026-03-03T00:00:00.000Z'],
      ['2026-03-03T00:00:00.000Z', '2026-03-04T00:00:00.000Z'],
      ['2026-03-04T00:00:00.000Z', '2026-03-04T12:00:00.000Z'],
    ]);
    expect(buckets(at(0), at(24 * 10), 'WEEK')).toHaveLength(2);
  });

  it('splits rows into buckets in one pass exactly as slicing each bucket does', () => {
    const parts = buckets(new Date(T0 + 3_600_000 * 0.5), at(40), 'DAY');
    const split = splitRows(rows, parts);
    parts.forEach((p, i) => expect(split[i]!.rows).toEqual(sliceRows(rows, p.from, p.to)));
  });

  it('computes each indicator per day over that day’s rows', () => {
    expect(sliceRows(rows, at(24), at(48)).logins).toHaveLength(1);
    const login = assess(INDICATORS, rows, window, 'DAY').find((r) => r.spec.id === 'login_success_rate')!;
    expect(login.measured.value).toBe(75);
    expect(login.status).toBe('OFF_TARGET');
    expect(login.series.map((p) => p.measured.value)).toEqual([100, 0]);
    expect(login.series.map((p) => p.status)).toEqual(['ON_TARGET', 'OFF_TARGET']);
  });
});

describe('percentile', () => {
  it('is nearest-rank', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(percentile([5], 95)).toBe(5);
    expect(percentile([4, 1, 3, 2], 50)).toBe(2);
    expect(percentile([...Array(100).keys()].map((i) => i + 1), 95)).toBe(95);
  });
});
