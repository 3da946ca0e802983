/**
 * Process health: the plan's indicators as one table. Each entry says what it measures (id,
 * dimension, unit), the plan's target, where its data comes from, and a pure function from rows
 * to a value. An indicator whose data source is not in the gateway yet says so: its value is null
 * with the reason, never a made-up figure. Wiring a new source is one entry + one query.
 *
 * Pure: rows, the window and `asOf` come in as arguments; no database, clock or GraphQL here.
 */

export type Dimension = 'CUSTOMER_EXPERIENCE' | 'OPERATIONAL_EFFICIENCY' | 'RISK_AND_COMPLIANCE';
export type Unit = 'PERCENT' | 'MINUTES' | 'HOURS' | 'SCORE' | 'COUNT' | 'PER_DAY';
export type Direction = 'AT_LEAST' | 'AT_MOST';
export type HealthStatus = 'ON_TARGET' | 'AT_RISK' | 'OFF_TARGET' | 'NO_DATA';

/** Online channels; BRANCH and STAFF are counter work. */
export const ONLINE_CHANNELS: readonly string[] = Object.freeze(['APP', 'MINI_PROGRAM', 'WEB', 'PARTNER']);

// ---------------------------------------------------------------------------------------------
// Rows: each has `at`, the time that places it in a day of the series.

export interface LoginRow {
  at: Date;
  ok: boolean;
}

export type LoanDecisionKind = 'AUTOMATIC' | 'REVIEWER';

export interface LoanRow {
  at: Date;
  channel: string;
  /** Went to a reviewer (an AUTOMATIC_MANUAL_REVIEW event). */
  manualReview: boolean;
  /** When the final decision (approve or reject) was made, and by whom; null while undecided. */
  decidedAt: Date | null;
  decidedBy: LoanDecisionKind | null;
}

/** A decision a reviewer made (approve, first approval of four eyes, reject, ask for documents). */
export interface ReviewerActionRow {
  at: Date;
  staffId: string;
}

export interface TransferRow {
  at: Date;
  channel: string;
  status: string;
  decision: string;
}

export interface OpeningRow {
  at: Date;
  status: string;
  /** When it reached OPENED; null otherwise. */
  openedAt: Date | null;
  /** Held for a risk officer at some point. */
  reviewed: boolean;
}

export interface AlertRow {
  at: Date;
  acknowledgedAt: Date | null;
  resolvedAt: Date | null;
}

/** A customer's rating of a finished flow. */
export interface RatingRow {
  at: Date;
  csat: number | null;
  nps: number | null;
}

/** A feedback item and its answer clock (`at` = submittedAt). */
export interface FeedbackRow {
  at: Date;
  dueAt: Date;
  /** The first answer; null while unanswered. */
  firstResponseAt: Date | null;
}

/** An offer shown to its customer (`at` = shownAt) and whether it was accepted (as of now). */
export interface OfferShownRow {
  at: Date;
  accepted: boolean;
  /** The rule that made it, for the breakdown. */
  rule: string;
}

/** The audit entries of the window, checked against the chain (null: not checked). */
export interface AuditCheck {
  checked: number;
  ok: boolean;
}

/** One timed step of a counter-service request (finished steps only). */
export interface ServiceStepTiming {
  step: string;
  startedAt: Date;
  endedAt: Date;
}

/**
 * A counter-service request that ended DONE (`at` = completedAt), with the steps of its last pass
 * through the four steps: from its last VERIFY_IDENTITY on. A request prepared at home and redeemed
 * at a branch days later is timed from the counter's identity check, not from the day at home.
 */
export interface ServiceRequestRow {
  at: Date;
  templateCode: string;
  /** Where it was finished: APP, WEB, MINI_PROGRAM, BRANCH_TERMINAL, TELLER. */
  channel: string;
  /** The teller who worked it at a branch; null for self-service. */
  tellerId: string | null;
  /** The template's target for the whole request, in minutes. */
  targetMinutes: number;
  steps: ServiceStepTiming[];
}

/** Backend calls of one system in one minute (`at` = the minute), after retries. */
export interface BackendCallRow {
  at: Date;
  backend: string;
  /** Answered: a result or an expected refusal. */
  ok: number;
  /** Not answered: unavailable, timed out, throttled, invalid answer, breaker open. */
  failed: number;
}

export interface HealthRows {
  logins: LoginRow[];
  loans: LoanRow[];
  reviewerActions: ReviewerActionRow[];
  transfers: TransferRow[];
  openings: OpeningRow[];
  alerts: AlertRow[];
  ratings: RatingRow[];
  feedback: FeedbackRow[];
  offers: OfferShownRow[];
  serviceRequests: ServiceRequestRow[];
  backendCalls: BackendCallRow[];
  audit: AuditCheck | null;
}

/** The window the rows were read for, and when (open items are aged to `asOf`). */
export interface Window {
  from: Date;
  to: Date;
  asOf: Date;
}

// ---------------------------------------------------------------------------------------------
// Measurements

export interface BreakdownEntry {
  key: string;
  value: number;
  sample: number;
}

export type Measured =
  | { value: number; sample: number; breakdown?: BreakdownEntry[] }
  | { value: null; sample: number; reason: string };

export interface Target {
  value: number;
  direction: Direction;
}

export interface IndicatorSpec {
  id: string;
  name: string;
  dimension: Dimension;
  unit: Unit;
  target: Target;
  /** Where the data comes from, for the reader of the report. */
  source: string;
  compute: (rows: HealthRows, window: Window) => Measured;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** Rounds for display: 2 decimals. */
export const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Nearest-rank percentile (p in 0–100) of the values; undefined for none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

const noData = (reason: string, sample = 0): Measured => ({ value: null, sample, reason });

/** part ÷ whole as a percentage; no data when nothing to divide. */
function share(part: number, whole: number, what: string): Measured {
  if (whole === 0) return noData(`No ${what} in the window.`);
  return { value: round2((part / whole) * 100), sample: whole };
}

function percentileOf(durationsMs: readonly number[], p: number, perMs: number, what: string): Measured {
  const v = percentile(durationsMs, p);
  if (v === undefined) return noData(`No ${what} in the window.`);
  return { value: round2(v / perMs), sample: durationsMs.length };
}

/** Whole days in the window (at least 1) for per-day rates. */
export const windowDays = (w: Window): number => Math.max(1, Math.round((w.to.getTime() - w.from.getTime()) / (24 * HOUR)));


const loanDecisionMs = (rows: HealthRows) => rows.loans.flatMap((l) => (l.decidedAt ? [l.decidedAt.getTime() - l.at.getTime()] : []));
const alertAckMs = (rows: HealthRows) => rows.alerts.flatMap((a) => (a.acknowledgedAt ? [a.acknowledgedAt.getTime() - a.at.getTime()] : []));
const alertResolveMs = (rows: HealthRows) => rows.alerts.flatMap((a) => (a.resolvedAt ? [a.resolvedAt.getTime() - a.at.getTime()] : []));

/** The AML response-time limit the plan cuts from: an alert unacknowledged for longer is an SLA breach. */
export const ALERT_ACK_SLA_MS = 24 * HOUR;

/** Alerts whose acknowledgement took longer than the SLA, or that are still unacknowledged past it at `asOf`. */
export function alertSlaBreaches(alerts: readonly AlertRow[], asOf: Date): number {
  return alerts.filter((a) => {
    const firstAction = a.acknowledgedAt ?? a.resolvedAt;
    const waited = (firstAction ?? asOf).getTime() - a.at.getTime();
    return waited > ALERT_ACK_SLA_MS;
  }).length;
}

/** Feedback whose first answer came after its due time, or that is still unanswered past it at `asOf`. */
export function feedbackSlaBreaches(items: readonly FeedbackRow[], asOf: Date): number {
  return items.filter((f) => (f.firstResponseAt ?? asOf).getTime() > f.dueAt.getTime()).length;
}

/**
 * Feedback answered by its due time ÷ feedback whose outcome is known at `asOf` (answered, or
 * already past due). Items still inside their clock are not counted either way yet.
 */
function feedbackAnsweredInTime(rows: HealthRows, w: Window): Measured {
  const known = rows.feedback.filter((f) => f.firstResponseAt !== null || f.dueAt.getTime() < w.asOf.getTime());
  const inTime = known.filter((f) => f.firstResponseAt !== null && f.firstResponseAt.getTime() <= f.dueAt.getTime()).length;
  return share(inTime, known.length, 'answered or overdue feedback items');
}

/** Offers shown in the window (by when first shown) that were accepted, per rule in the breakdown. */
function offerConversion(rows: HealthRows): Measured {
  const measured = share(rows.offers.filter((o) => o.accepted).length, rows.offers.length, 'offers shown');
  if (measured.value === null) return measured;
  const byRule = new Map<string, { shown: number; accepted: number }>();
  for (const o of rows.offers) {
    const entry = byRule.get(o.rule) ?? { shown: 0, accepted: 0 };
    entry.shown++;
    if (o.accepted) entry.accepted++;
    byRule.set(o.rule, entry);
  }
  const breakdown = [...byRule.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, e]) => ({ key, value: round2((e.accepted / e.shown) * 100), sample: e.shown }));
  return { ...measured, breakdown };
}

/** Risk alerts not acknowledged within 24 h plus feedback not answered by its due time. */
function slaBreaches(rows: HealthRows, w: Window): Measured {
  if (rows.alerts.length === 0 && rows.feedback.length === 0) return noData('No risk alerts or feedback items in the window.');
  const alerts = alertSlaBreaches(rows.alerts, w.asOf);
  const feedback = feedbackSlaBreaches(rows.feedback, w.asOf);
  return {
    value: alerts + feedback,
    sample: rows.alerts.length + rows.feedback.length,
    breakdown: [
      { key: 'feedback', value: feedback, sample: rows.feedback.length },
      { key: 'risk_alerts', value: alerts, sample: rows.alerts.length },
    ],
  };
}

function channelShares(rows: HealthRows): Measured {
  const channels = [...rows.loans.map((l) => l.channel), ...rows.transfers.map((t) => t.channel)];
  if (channels.length === 0) return noData('No loan applications or transfers in the window.');
  const counts = new Map<string, number>();
  for (const c of channels) counts.set(c, (counts.get(c) ?? 0) + 1);
  const online = channels.filter((c) => ONLINE_CHANNELS.includes(c)).length;
  const breakdown = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => ({ key, value: round2((n / channels.length) * 100), sample: n }));
  return { value: round2((online / channels.length) * 100), sample: channels.length, breakdown };
}

function reviewerThroughput(rows: HealthRows, w: Window): Measured {
  const reviewers = new Set(rows.reviewerActions.map((r) => r.staffId));
  if (reviewers.size === 0) return noData('No reviewer decisions in the window.');
  const perReviewer = new Map<string, number>();
  for (const r of rows.reviewerActions) perReviewer.set(r.staffId, (perReviewer.get(r.staffId) ?? 0) + 1);
  const breakdown = [...perReviewer.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => ({ key, value: round2(n / windowDays(w)), sample: n }));
  return { value: round2(rows.reviewerActions.length / reviewers.size / windowDays(w)), sample: rows.reviewerActions.length, breakdown };
}

/**
 * Operations that ended in an error or are stuck between steps, ÷ all operations started:
 * transfers FAILED after approval, openings stuck OPENING (core banking not done) for over an hour.
 */
function processErrorRate(rows: HealthRows, w: Window): Measured {
  const failedTransfers = rows.transfers.filter((t) => t.status === 'FAILED').length;
  const stuckOpenings = rows.openings.filter((o) => o.status === 'OPENING' && w.asOf.getTime() - o.at.getTime() > HOUR).length;
  const all = rows.transfers.length + rows.openings.length + rows.loans.length;
  return share(failedTransfers + stuckOpenings, all, 'transfers, openings or loan applications');
}

function auditIntegrity(rows: HealthRows): Measured {
  if (!rows.audit) return noData('The audit chain was not checked.');
  if (rows.audit.checked === 0) return noData('No audit entries in the window.');
  return { value: rows.audit.ok ? 100 : 0, sample: rows.audit.checked };
}

/**
 * Each step's share of its template's target time (they add up to 1): the identity check 30 %,
 * the pre-filled form 10 %, the customer's confirmation 40 %, the bank's processing 20 %. A
 * 3-minute template allows 54 s to verify, 18 s to pre-fill, 72 s to confirm and 36 s to process.
 */
export const STEP_TARGET_SHARE: Readonly<Record<string, number>> = Object.freeze({
  VERIFY_IDENTITY: 0.3,
  PREFILL: 0.1,
  CONFIRM: 0.4,
  PROCESS: 0.2,
});

const stepMs = (s: ServiceStepTiming) => s.endedAt.getTime() - s.startedAt.getTime();

/** Requests DONE by a teller ÷ teller-days worked (a teller with at least one done that UTC day). */
function tellerTransactions(rows: HealthRows): Measured {
  const byTeller = rows.serviceRequests.filter((r) => r.tellerId !== null);
  if (byTeller.length === 0) return noData('No service requests finished by a teller in the window.');
  const days = new Map<string, Set<string>>();
  const done = new Map<string, number>();
  for (const r of byTeller) {
    const teller = r.tellerId!;
    let set = days.get(teller);
    if (!set) days.set(teller, (set = new Set()));
    set.add(r.at.toISOString().slice(0, 10));
    done.set(teller, (done.get(teller) ?? 0) + 1);
  }
  const tellerDays = [...days.values()].reduce((n, set) => n + set.size, 0);
  const breakdown = [...done.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, n]) => ({ key, value: round2(n / days.get(key)!.size), sample: n }));
  return { value: round2(byTeller.length / tellerDays), sample: byTeller.length, breakdown };
}

/** p50 of the handling time of requests DONE: the sum of their last pass's step durations; per channel. */
function counterHandling(rows: HealthRows): Measured {
  const timed = rows.serviceRequests.filter((r) => r.steps.length > 0);
  const total = (r: ServiceRequestRow) => r.steps.reduce((ms, s) => ms + stepMs(s), 0);
  const measured = percentileOf(timed.map(total), 50, MINUTE, 'finished service requests with timed steps');
  if (measured.value === null) return measured;
  const channels = [...new Set(timed.map((r) => r.channel))].sort();
  const breakdown = channels.map((key) => {
    const of = timed.filter((r) => r.channel === key).map(total);
    return { key, value: round2(percentile(of, 50)! / MINUTE), sample: of.length };
  });
  return { ...measured, breakdown };
}

/** Finished steps within their share of the template's target ÷ all finished steps; per step. */
function stepsOnTarget(rows: HealthRows): Measured {
  const judged = rows.serviceRequests.flatMap((r) =>
    r.steps.flatMap((s) => {
      const share = STEP_TARGET_SHARE[s.step];
      return share === undefined ? [] : [{ step: s.step, ok: stepMs(s) <= r.targetMinutes * MINUTE * share }];
    }),
  );
  const measured = share(judged.filter((j) => j.ok).length, judged.length, 'timed service steps');
  if (measured.value === null) return measured;
  const breakdown = Object.keys(STEP_TARGET_SHARE).flatMap((key) => {
    const of = judged.filter((j) => j.step === key);
    return of.length === 0 ? [] : [{ key, value: round2((of.filter((j) => j.ok).length / of.length) * 100), sample: of.length }];
  });
  return { ...measured, breakdown };
}

/** Answered calls ÷ all calls, over every backend; per backend in the breakdown. */
function backendAvailability(rows: HealthRows): Measured {
  const per = new Map<string, { ok: number; all: number }>();
  for (const r of rows.backendCalls) {
    const p = per.get(r.backend) ?? { ok: 0, all: 0 };
    p.ok += r.ok;
    p.all += r.ok + r.failed;
    per.set(r.backend, p);
  }
  const ok = [...per.values()].reduce((n, p) => n + p.ok, 0);
  const all = [...per.values()].reduce((n, p) => n + p.all, 0);
  const measured = share(ok, all, 'backend calls');
  if (measured.value === null) return measured;
  const breakdown = [...per.entries()]
    .filter(([, p]) => p.all > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, p]) => ({ key, value: round2((p.ok / p.all) * 100), sample: p.all }));
  return { ...measured, breakdown };
}

/**
 * The indicators, in report order. Targets are the plan's where it states one (handling time
 * 10 min, online share 80 %, CSAT 92, teller transactions 120/day, loan decision T+0, error rate
 * 0.5 %, feedback within 72 h, AML response under 24 h); the others are the bank's working
 * targets. Every target can be overridden by configuration (HEALTH_TARGETS).
 */
export const INDICATORS: readonly IndicatorSpec[] = Object.freeze([
  // -- Customer experience ---------------------------------------------------------------------
  {
    id: 'csat',
    name: 'Customer satisfaction (share of 4–5 ratings)',
    dimension: 'CUSTOMER_EXPERIENCE',
    unit: 'PERCENT',
    target: { value: 92, direction: 'AT_LEAST' },
    source: 'experience_ratings.csat (rateExperience)',
    compute: (rows) => {
      const scores = rows.ratings.flatMap((r) => (r.csat === null ? [] : [r.csat]));
      return share(scores.filter((s) => s >= 4).length, scores.length, 'satisfaction ratings');
    },
  },
  {
    id: 'nps',
    name: 'Net promoter score',
    dimension: 'CUSTOMER_EXPERIENCE',
    unit: 'SCORE',
    target: { value: 30, direction: 'AT_LEAST' },
    source: 'experience_ratings.nps (rateExperience)',
    compute: (rows) => {
      const scores = rows.ratings.flatMap((r) => (r.nps === null ? [] : [r.nps]));
      if (scores.length === 0) return noData('No recommendation ratings in the window.');
      const promoters = scores.filter((s) => s >= 9).length;
      const detractors = scores.filter((s) => s <= 6).length;
      return { value: round2(((promoters - detractors) / scores.length) * 100), sample: scores.length };
    },
  },
  {
    id: 'online_share',
    name: 'Online share of transactions (loans and transfers), per channel',
    dimension: 'CUSTOMER_EXPERIENCE',
    unit: 'PERCENT',
    target: { value: 80, direction: 'AT_LEAST' },
    source: 'loan_applications.channel, transfers.channel',
    compute: channelShares,
  },
  {
    id: 'account_opening_minutes_p50',
    name: 'Account opening handling time, start to account opened (p50)',
    dimension: 'CUSTOMER_EXPERIENCE',
    unit: 'MINUTES',
    target: { value: 10, direction: 'AT_MOST' },
    source: 'account_openings (created → OPENED)',
    compute: (rows) =>
      percentileOf(
        rows.openings.flatMap((o) => (o.openedAt ? [o.openedAt.getTime() - o.at.getTime()] : [])),
        50,
        MINUTE,
        'opened accounts',
      ),
  },
  {
    id: 'loan_decision_hours_p50',
    name: 'Loan time to decision (p50)',
    dimension: 'CUSTOMER_EXPERIENCE',
    unit: 'HOURS',
    target: { value: 4, direction: 'AT_MOST' },
    source: 'loan_applications + their decision events',
    compute: (rows) => percentileOf(loanDecisionMs(rows), 50, HOUR, 'decided loan applications'),
  },
  {
    id: 'loan_decision_hours_p95',
    name: 'Loan time to decision (p95): T+0 means the same day',
    dimension: 'CUSTOMER_EXPERIENCE',
    unit: 'HOURS',
    target: { value: 24, direction: 'AT_MOST' },
    source: 'loan_applications + their decision events',
    compute: (rows) => percentileOf(loanDecisionMs(rows), 95, HOUR, 'decided loan applications'),
  },
  {
    id: 'login_success_rate',
    name: 'Login success rate',
    dimension: 'CUSTOMER_EXPERIENCE',
    unit: 'PERCENT',
    target: { value: 95, direction: 'AT_LEAST' },
    source: 'audit_entries LOGIN_SUCCEEDED / LOGIN_FAILED',
    compute: (rows) => share(rows.logins.filter((l) => l.ok).length, rows.logins.length, 'login attempts'),
  },
  {
    id: 'feedback_answered_72h',
    name: 'Feedback answered within 72 hours',
    dimension: 'CUSTOMER_EXPERIENCE',
    unit: 'PERCENT',
    target: { value: 95, direction: 'AT_LEAST' },
    source: 'feedback_items (first response ≤ dueAt, among answered or overdue items)',
    compute: feedbackAnsweredInTime,
  },
  {
    id: 'offer_conversion',
    name: 'Offer conversion (accepted ÷ shown)',
    dimension: 'CUSTOMER_EXPERIENCE',
    unit: 'PERCENT',
    target: { value: 10, direction: 'AT_LEAST' },
    source: 'offers first shown in the window (myOffers) that were ACCEPTED (respondToOffer)',
    compute: offerConversion,
  },
  // -- Operational efficiency ------------------------------------------------------------------
  {
    id: 'loan_auto_decision_rate',
    name: 'Loans decided automatically (share of decided)',
    dimension: 'OPERATIONAL_EFFICIENCY',
    unit: 'PERCENT',
    target: { value: 60, direction: 'AT_LEAST' },
    source: 'loan decision events (AUTOMATIC_* vs *_BY_REVIEWER)',
    compute: (rows) => {
      const decided = rows.loans.filter((l) => l.decidedBy);
      return share(decided.filter((l) => l.decidedBy === 'AUTOMATIC').length, decided.length, 'decided loan applications');
    },
  },
  {
    id: 'loan_manual_review_share',
    name: 'Loans sent to manual review (credit-approval labour)',
    dimension: 'OPERATIONAL_EFFICIENCY',
    unit: 'PERCENT',
    target: { value: 40, direction: 'AT_MOST' },
    source: 'AUTOMATIC_MANUAL_REVIEW events',
    compute: (rows) => share(rows.loans.filter((l) => l.manualReview).length, rows.loans.length, 'loan applications'),
  },
  {
    id: 'reviewer_throughput',
    name: 'Reviewer decisions per active reviewer per day',
    dimension: 'OPERATIONAL_EFFICIENCY',
    unit: 'PER_DAY',
    target: { value: 20, direction: 'AT_LEAST' },
    source: 'reviewer events (APPROVED/REJECTED_BY_REVIEWER, FIRST_APPROVAL, DOCUMENTS_REQUESTED)',
    compute: reviewerThroughput,
  },
  {
    id: 'teller_transactions_per_day',
    name: 'Teller transactions per teller per day',
    dimension: 'OPERATIONAL_EFFICIENCY',
    unit: 'PER_DAY',
    target: { value: 120, direction: 'AT_LEAST' },
    source: 'service_requests DONE with a teller, per teller-day worked (completed_at)',
    compute: tellerTransactions,
  },
  {
    id: 'counter_handling_minutes_p50',
    name: 'Counter template handling time (four timed steps, p50)',
    dimension: 'OPERATIONAL_EFFICIENCY',
    unit: 'MINUTES',
    target: { value: 10, direction: 'AT_MOST' },
    source: 'service_request_steps of requests DONE: sum of the last pass’s four steps',
    compute: counterHandling,
  },
  {
    id: 'step_timings_on_target',
    name: 'Service steps finished within their target time',
    dimension: 'OPERATIONAL_EFFICIENCY',
    unit: 'PERCENT',
    target: { value: 90, direction: 'AT_LEAST' },
    source: 'service_request_steps of requests DONE vs each step’s share of the template target',
    compute: stepsOnTarget,
  },
  {
    id: 'process_error_rate',
    name: 'Process error rate (failed or stuck operations ÷ all)',
    dimension: 'OPERATIONAL_EFFICIENCY',
    unit: 'PERCENT',
    target: { value: 0.5, direction: 'AT_MOST' },
    source: 'transfers FAILED, openings stuck OPENING > 1 h, over transfers + openings + loans',
    compute: processErrorRate,
  },
  {
    id: 'account_opening_straight_through',
    name: 'Account openings completed without manual review',
    dimension: 'OPERATIONAL_EFFICIENCY',
    unit: 'PERCENT',
    target: { value: 80, direction: 'AT_LEAST' },
    source: 'account_openings (OPENED without PENDING_REVIEW)',
    compute: (rows) => {
      const opened = rows.openings.filter((o) => o.openedAt);
      return share(opened.filter((o) => !o.reviewed).length, opened.length, 'opened accounts');
    },
  },
  // -- Risk and compliance ---------------------------------------------------------------------
  {
    id: 'alert_ack_hours_p50',
    name: 'Risk alert time to acknowledge (p50): the AML response time',
    dimension: 'RISK_AND_COMPLIANCE',
    unit: 'HOURS',
    target: { value: 4, direction: 'AT_MOST' },
    source: 'risk_alerts raised_at → acknowledged_at',
    compute: (rows) => percentileOf(alertAckMs(rows), 50, HOUR, 'acknowledged alerts'),
  },
  {
    id: 'alert_ack_hours_p95',
    name: 'Risk alert time to acknowledge (p95)',
    dimension: 'RISK_AND_COMPLIANCE',
    unit: 'HOURS',
    target: { value: 24, direction: 'AT_MOST' },
    source: 'risk_alerts raised_at → acknowledged_at',
    compute: (rows) => percentileOf(alertAckMs(rows), 95, HOUR, 'acknowledged alerts'),
  },
  {
    id: 'alert_resolve_hours_p50',
    name: 'Risk alert time to resolve (p50)',
    dimension: 'RISK_AND_COMPLIANCE',
    unit: 'HOURS',
    target: { value: 24, direction: 'AT_MOST' },
    source: 'risk_alerts raised_at → resolved_at',
    compute: (rows) => percentileOf(alertResolveMs(rows), 50, HOUR, 'resolved alerts'),
  },
  {
    id: 'alert_resolve_hours_p95',
    name: 'Risk alert time to resolve (p95)',
    dimension: 'RISK_AND_COMPLIANCE',
    unit: 'HOURS',
    target: { value: 72, direction: 'AT_MOST' },
    source: 'risk_alerts raised_at → resolved_at',
    compute: (rows) => percentileOf(alertResolveMs(rows), 95, HOUR, 'resolved alerts'),
  },
  {
    id: 'transfers_held_blocked_share',
    name: 'Transfers held or blocked by the risk decision',
    dimension: 'RISK_AND_COMPLIANCE',
    unit: 'PERCENT',
    target: { value: 5, direction: 'AT_MOST' },
    source: 'transfers.decision HOLD / BLOCK',
    compute: (rows) =>
      share(rows.transfers.filter((t) => t.decision === 'HOLD' || t.decision === 'BLOCK').length, rows.transfers.length, 'transfers'),
  },
  {
    id: 'sla_breaches',
    name: 'SLA breaches: risk alerts not acknowledged within 24 h, feedback not answered within 72 h',
    dimension: 'RISK_AND_COMPLIANCE',
    unit: 'COUNT',
    target: { value: 0, direction: 'AT_MOST' },
    source: 'risk_alerts (acknowledged after 24 h) + feedback_items (first answer after dueAt)',
    compute: slaBreaches,
  },
  {
    id: 'audit_chain_integrity',
    name: 'Audit chain integrity over the window (100 = every entry verifies)',
    dimension: 'RISK_AND_COMPLIANCE',
    unit: 'PERCENT',
    target: { value: 100, direction: 'AT_LEAST' },
    source: 'audit_entries hash chain',
    compute: auditIntegrity,
  },
  {
    id: 'account_opening_review_share',
    name: 'Account openings held for a risk officer (KYC/AML)',
    dimension: 'RISK_AND_COMPLIANCE',
    unit: 'PERCENT',
    target: { value: 20, direction: 'AT_MOST' },
    source: 'account_openings that went to PENDING_REVIEW',
    compute: (rows) => {
      const submitted = rows.openings.filter((o) => o.status !== 'DRAFT');
      return share(submitted.filter((o) => o.reviewed).length, submitted.length, 'submitted account openings');
    },
  },
  {
    id: 'backend_availability',
    name: 'Backend availability per system',
    dimension: 'RISK_AND_COMPLIANCE',
    unit: 'PERCENT',
    target: { value: 99.5, direction: 'AT_LEAST' },
    source: 'backend_call_minutes: calls answered ÷ all calls, per system',
    compute: backendAvailability,
  },
] satisfies IndicatorSpec[]);

/** Within this fraction of the target (on the wrong side) an indicator is AT_RISK rather than OFF_TARGET. */
export const AT_RISK_TOLERANCE = 0.1;

/** ON_TARGET when the value meets the target; AT_RISK when it misses by at most 10 % of the target; else OFF_TARGET. */
export function statusOf(value: number | null, target: Target, tolerance = AT_RISK_TOLERANCE): HealthStatus {
  if (value === null) return 'NO_DATA';
  const margin = Math.abs(target.value) * tolerance;
  if (target.direction === 'AT_LEAST') {
    if (value >= target.value) return 'ON_TARGET';
    return value >= target.value - margin ? 'AT_RISK' : 'OFF_TARGET';
  }
  if (value <= target.value) return 'ON_TARGET';
  return value <= target.value + margin ? 'AT_RISK' : 'OFF_TARGET';
}

/** The indicators with configured targets applied. @throws Error for an id that is not an indicator */
export function withTargets(overrides: Readonly<Record<string, number>>, specs: readonly IndicatorSpec[] = INDICATORS): IndicatorSpec[] {
  const known = new Set(specs.map((s) => s.id));
  const unknown = Object.keys(overrides).filter((id) => !known.has(id));
  if (unknown.length > 0) throw new Error(`Unknown indicator id(s) in the targets: ${unknown.join(', ')}.`);
  return specs.map((s) => (s.id in overrides ? { ...s, target: { ...s.target, value: overrides[s.id]! } } : s));
}

// ---------------------------------------------------------------------------------------------
// Buckets and slicing

export type Granularity = 'DAY' | 'WEEK';

const DAY_MS = 24 * HOUR;

/** [from, to) cut into UTC days or 7-day weeks from `from`'s UTC midnight; the last bucket ends at `to`. */
export function buckets(from: Date, to: Date, granularity: Granularity): { from: Date; to: Date }[] {
  const step = granularity === 'DAY' ? DAY_MS : 7 * DAY_MS;
  const start = Math.floor(from.getTime() / DAY_MS) * DAY_MS;
  const out: { from: Date; to: Date }[] = [];
  for (let t = start; t < to.getTime(); t += step) {
    out.push({ from: new Date(Math.max(t, from.getTime())), to: new Date(Math.min(t + step, to.getTime())) });
  }
  return out;
}

const inRange = (at: Date, from: Date, to: Date) => at >= from && at < to;

/** The rows whose `at` falls in [from, to); the audit check (window-wide) is kept as it is. */
export function sliceRows(rows: HealthRows, from: Date, to: Date): HealthRows {
  const pick = <T extends { at: Date }>(list: T[]) => list.filter((r) => inRange(r.at, from, to));
  return {
    logins: pick(rows.logins),
    loans: pick(rows.loans),
    reviewerActions: pick(rows.reviewerActions),
    transfers: pick(rows.transfers),
    openings: pick(rows.openings),
    alerts: pick(rows.alerts),
    ratings: pick(rows.ratings),
    feedback: pick(rows.feedback),
    offers: pick(rows.offers),
    serviceRequests: pick(rows.serviceRequests),
    backendCalls: pick(rows.backendCalls),
    audit: rows.audit,
  };
}

/** The rows of each bucket (buckets are contiguous and ordered), in one pass over the rows. */
export function splitRows(rows: HealthRows, parts: { from: Date; to: Date }[]): { from: Date; to: Date; rows: HealthRows }[] {
  const out = parts.map((p) => ({ ...p, rows: { ...sliceRows(EMPTY_ROWS, p.from, p.to), audit: rows.audit } }));
  const starts = parts.map((p) => p.from.getTime());
  const end = parts.at(-1)?.to.getTime() ?? 0;
  const place = <K extends Exclude<keyof HealthRows, 'audit'>>(key: K) => {
    for (const row of rows[key]) {
      const t = row.at.getTime();
      if (t < (starts[0] ?? 0) || t >= end) continue;
      // Binary search for the last bucket starting at or before t.
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid]! <= t) lo = mid;
        else hi = mid - 1;
      }
      (out[lo]!.rows[key] as (typeof row)[]).push(row);
    }
  };
  for (const key of ['logins', 'loans', 'reviewerActions', 'transfers', 'openings', 'alerts', 'ratings', 'feedback', 'offers', 'serviceRequests', 'backendCalls'] as const) place(key);
  return out;
}

const EMPTY_ROWS: HealthRows = Object.freeze({ logins: [], loans: [], reviewerActions: [], transfers: [], openings: [], alerts: [], ratings: [], feedback: [], offers: [], serviceRequests: [], backendCalls: [], audit: null }) as HealthRows;

export interface IndicatorResult {
  spec: IndicatorSpec;
  measured: Measured;
  status: HealthStatus;
  series: { from: Date; to: Date; measured: Measured; status: HealthStatus }[];
}

/** Every indicator over the window, and per bucket. */
export function assess(specs: readonly IndicatorSpec[], rows: HealthRows, window: Window, granularity: Granularity): IndicatorResult[] {
  const parts = splitRows(rows, buckets(window.from, window.to, granularity));
  return specs.map((spec) => {
    const measured = spec.compute(rows, window);
    return {
      spec,
      measured,
      status: statusOf(measured.value, spec.target),
      series: parts.map((p) => {
        const m = spec.compute(p.rows, { from: p.from, to: p.to, asOf: window.asOf });
        return { from: p.from, to: p.to, measured: m, status: statusOf(m.value, spec.target) };
      }),
    };
  });
}
