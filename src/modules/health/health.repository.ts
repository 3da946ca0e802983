/**
 * SQL of process health: the rows of one window, read once per `processHealth` call. Every query is
 * bounded by the window on an indexed time column (migration 0017), so its cost grows with the
 * rows of the window, not with the whole history.
 */
import { and, asc, eq, gte, inArray, like, lt, ne, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.js';
import { events } from '../../platform/events/events.tables.js';
import { riskAlerts } from '../alerts/alerts.tables.js';
import { auditEntries } from '../audit/audit.tables.js';
import { toAuditEntry } from '../audit/audit.repository.js';
import { GENESIS_PREV_HASH, verifyChain } from '../audit/audit.rules.js';
import { loanApplications } from '../loans/loans.tables.js';
import { accountOpenings } from '../onboarding/onboarding.tables.js';
import { transfers } from '../transfers/transfers.tables.js';
import { experienceRatings, feedbackItems } from '../feedback/feedback.tables.js';
import { offers } from '../offers/offers.tables.js';
import { serviceRequestSteps, serviceRequests, serviceTemplates } from '../services/services.tables.js';
import { backendCallMinutes } from './health.tables.js';
import type { AuditCheck, BackendCallRow, HealthRows, LoanRow, ReviewerActionRow, ServiceRequestRow } from './health.rules.js';
import type { GatewayPosting, ReportRows } from './report.rules.js';

/** Events that end a loan's decision, and who made it. MANUAL_REVIEW is not an end. */
const FINAL_DECISIONS: Record<string, 'AUTOMATIC' | 'REVIEWER'> = {
  AUTOMATIC_APPROVED: 'AUTOMATIC',
  AUTOMATIC_REJECTED: 'AUTOMATIC',
  APPROVED_BY_REVIEWER: 'REVIEWER',
  REJECTED_BY_REVIEWER: 'REVIEWER',
};
const LOAN_EVENT_TYPES = [...Object.keys(FINAL_DECISIONS), 'AUTOMATIC_MANUAL_REVIEW'];
/** A reviewer's acts on an application: each is one unit of review work. */
const REVIEWER_EVENT_TYPES = ['APPROVED_BY_REVIEWER', 'REJECTED_BY_REVIEWER', 'FIRST_APPROVAL', 'DOCUMENTS_REQUESTED'];

/** Entries read per page when checking the window's part of the audit chain. */
const AUDIT_PAGE = 5000;

export function createHealthRepository(db: Database) {
  async function loans(from: Date, to: Date): Promise<LoanRow[]> {
    const rows = await db
      .select({
        id: loanApplications.id,
        createdAt: loanApplications.createdAt,
        channel: loanApplications.channel,
        type: events.type,
        occurredAt: events.occurredAt,
      })
      .from(loanApplications)
      // A decision comes after its application: bounding the events by `from` lets the (type,
      // occurred_at) index pick them, instead of a scan of every event ever written.
      .leftJoin(
        events,
        and(eq(events.stream, sql`'loan:' || ${loanApplications.id}::text`), inArray(events.type, LOAN_EVENT_TYPES), gte(events.occurredAt, from)),
      )
      .where(and(gte(loanApplications.createdAt, from), lt(loanApplications.createdAt, to)))
      .orderBy(asc(loanApplications.id), asc(events.seq));
    const byId = new Map<string, LoanRow>();
    for (const r of rows) {
      let loan = byId.get(r.id);
      if (!loan) {
        loan = { at: r.createdAt, channel: r.channel, manualReview: false, decidedAt: null, decidedBy: null };
        byId.set(r.id, loan);
      }
      if (r.type === 'AUTOMATIC_MANUAL_REVIEW') loan.manualReview = true;
      const by = r.type ? FINAL_DECISIONS[r.type] : undefined;
      if (by && r.occurredAt && !loan.decidedAt) {
        loan.decidedAt = r.occurredAt;
        loan.decidedBy = by;
      }
    }
    return [...byId.values()];
  }

  async function reviewerActions(from: Date, to: Date): Promise<ReviewerActionRow[]> {
    const rows = await db
      .select({ at: events.occurredAt, actor: events.actor })
      .from(events)
      .where(
        and(
          inArray(events.type, REVIEWER_EVENT_TYPES),
          gte(events.occurredAt, from),
          lt(events.occurredAt, to),
          like(events.stream, 'loan:%'),
          like(events.actor, 'staff:%'),
        ),
      );
    return rows.map((r) => ({ at: r.at, staffId: r.actor.slice('staff:'.length) }));
  }

  /** Requests DONE in [from, to) (by completed_at), each with the finished steps of its last pass. */
  async function finishedServiceRequests(from: Date, to: Date): Promise<ServiceRequestRow[]> {
    const requests = await db
      .select({
        id: serviceRequests.id,
        at: serviceRequests.completedAt,
        templateCode: serviceRequests.templateCode,
        channel: serviceRequests.channel,
        tellerId: serviceRequests.tellerId,
        targetMinutes: serviceTemplates.targetMinutes,
      })
      .from(serviceRequests)
      .innerJoin(serviceTemplates, eq(serviceTemplates.code, serviceRequests.templateCode))
      .where(and(eq(serviceRequests.status, 'DONE'), gte(serviceRequests.completedAt, from), lt(serviceRequests.completedAt, to)));
    if (requests.length === 0) return [];
    const steps = new Map<string, { step: string; startedAt: Date; endedAt: Date | null }[]>();
    // By request id (indexed), in pages so that a busy window stays within the parameter limit.
    for (let i = 0; i < requests.length; i += 5000) {
      const ids = requests.slice(i, i + 5000).map((r) => r.id);
      const rows = await db
        .select({ requestId: serviceRequestSteps.requestId, step: serviceRequestSteps.step, startedAt: serviceRequestSteps.startedAt, endedAt: serviceRequestSteps.endedAt })
        .from(serviceRequestSteps)
        .where(inArray(serviceRequestSteps.requestId, ids))
        .orderBy(asc(serviceRequestSteps.startedAt));
      for (const r of rows) {
        const list = steps.get(r.requestId) ?? [];
        list.push(r);
        steps.set(r.requestId, list);
      }
    }
    return requests.map((r) => {
      const all = steps.get(r.id) ?? [];
      const lastVerify = all.map((s) => s.step).lastIndexOf('VERIFY_IDENTITY');
      const pass = all.slice(Math.max(0, lastVerify)).flatMap((s) => (s.endedAt ? [{ step: s.step, startedAt: s.startedAt, endedAt: s.endedAt }] : []));
      return { at: r.at!, templateCode: r.templateCode, channel: r.channel, tellerId: r.tellerId, targetMinutes: r.targetMinutes, steps: pass };
    });
  }

  async function backendCalls(from: Date, to: Date): Promise<BackendCallRow[]> {
    const rows = await db
      .select()
      .from(backendCallMinutes)
      .where(and(gte(backendCallMinutes.minute, from), lt(backendCallMinutes.minute, to)));
    return rows.map((r) => ({ at: r.minute, backend: r.backend, ok: r.ok, failed: r.failed }));
  }

  /** The window's audit entries verified as a piece of the chain, linked to the entry before it. */
  async function auditCheck(from: Date, to: Date): Promise<AuditCheck> {
    const [first] = await db
      .select({ seq: auditEntries.seq })
      .from(auditEntries)
      .where(and(gte(auditEntries.at, from), lt(auditEntries.at, to)))
      .orderBy(asc(auditEntries.at), asc(auditEntries.seq))
      .limit(1);
    if (!first) return { checked: 0, ok: true };
    const [before] = first.seq > 1 ? await db.select({ hash: auditEntries.hash }).from(auditEntries).where(eq(auditEntries.seq, first.seq - 1)) : [];
    // A missing predecessor is a hole in the chain: the check starts from a hash nothing matches.
    let prevHash = first.seq === 1 ? GENESIS_PREV_HASH : (before?.hash ?? 'missing');
    let nextSeq = first.seq;
    let checked = 0;
    for (;;) {
      const page = (
        await db
          .select()
          .from(auditEntries)
          .where(and(gte(auditEntries.seq, nextSeq), lt(auditEntries.at, to)))
          .orderBy(asc(auditEntries.seq))
          .limit(AUDIT_PAGE)
      ).map(toAuditEntry);
      const report = verifyChain(page, prevHash, nextSeq);
      if (!report.ok) return { checked: checked + page.length, ok: false };
      checked += report.checked;
      const last = page.at(-1);
      if (!last || page.length < AUDIT_PAGE) return { checked, ok: true };
      prevHash = last.hash;
      nextSeq = last.seq + 1;
    }
  }

  return {
    /** What the daily operations report counts: the items created (alerts raised) in [from, to). */
    async reportRows(from: Date, to: Date): Promise<ReportRows> {
      const [loanRows, transferRows, openingRows, alertRows] = await Promise.all([
        db
          .select({ id: loanApplications.id, channel: loanApplications.channel, productCode: loanApplications.productCode, status: loanApplications.status })
          .from(loanApplications)
          .where(and(gte(loanApplications.createdAt, from), lt(loanApplications.createdAt, to))),
        db
          .select({ id: transfers.id, channel: transfers.channel, status: transfers.status, decision: transfers.decision })
          .from(transfers)
          .where(and(gte(transfers.createdAt, from), lt(transfers.createdAt, to))),
        db
          .select({ id: accountOpenings.id, kind: accountOpenings.kind, status: accountOpenings.status })
          .from(accountOpenings)
          .where(and(gte(accountOpenings.createdAt, from), lt(accountOpenings.createdAt, to))),
        db
          .select({
            id: riskAlerts.id,
            kind: riskAlerts.kind,
            status: riskAlerts.status,
            raisedAt: riskAlerts.raisedAt,
            acknowledgedAt: riskAlerts.acknowledgedAt,
            resolvedAt: riskAlerts.resolvedAt,
          })
          .from(riskAlerts)
          .where(and(gte(riskAlerts.raisedAt, from), lt(riskAlerts.raisedAt, to))),
      ]);
      return { loans: loanRows, transfers: transferRows, openings: openingRows, alerts: alertRows };
    },

    /** The transfers created in [from, to) the gateway recorded POSTED, by the reference core banking knows them under. */
    async postedTransfers(from: Date, to: Date): Promise<GatewayPosting[]> {
      const rows = await db
        .select({ id: transfers.id, amount: transfers.amount, currency: transfers.currency })
        .from(transfers)
        .where(and(gte(transfers.createdAt, from), lt(transfers.createdAt, to), eq(transfers.status, 'POSTED')));
      return rows.map((r) => ({ reference: `transfer:${r.id}`, amount: { amount: r.amount, currency: r.currency } }));
    },

    /** Everything the indicators read for [from, to). */
    async read(from: Date, to: Date): Promise<HealthRows> {
      const [logins, loanRows, reviewer, transferRows, openings, alerts, ratings, feedback, shownOffers, services, backend, audit] = await Promise.all([
        db
          .select({ at: auditEntries.at, action: auditEntries.action })
          .from(auditEntries)
          .where(and(inArray(auditEntries.action, ['LOGIN_SUCCEEDED', 'LOGIN_FAILED']), gte(auditEntries.at, from), lt(auditEntries.at, to))),
        loans(from, to),
        reviewerActions(from, to),
        db
          .select({ at: transfers.createdAt, channel: transfers.channel, status: transfers.status, decision: transfers.decision })
          .from(transfers)
          .where(and(gte(transfers.createdAt, from), lt(transfers.createdAt, to))),
        db
          .select({ at: accountOpenings.createdAt, status: accountOpenings.status, updatedAt: accountOpenings.updatedAt, decidedBy: accountOpenings.decidedBy })
          .from(accountOpenings)
          .where(and(gte(accountOpenings.createdAt, from), lt(accountOpenings.createdAt, to))),
        db
          .select({ at: riskAlerts.raisedAt, acknowledgedAt: riskAlerts.acknowledgedAt, resolvedAt: riskAlerts.resolvedAt })
          .from(riskAlerts)
          // An overdue-feedback alert is already a feedback breach: it is not AML work to time.
          .where(and(gte(riskAlerts.raisedAt, from), lt(riskAlerts.raisedAt, to), ne(riskAlerts.kind, 'FEEDBACK_OVERDUE'))),
        db
          .select({ at: experienceRatings.ratedAt, csat: experienceRatings.csat, nps: experienceRatings.nps })
          .from(experienceRatings)
          .where(and(gte(experienceRatings.ratedAt, from), lt(experienceRatings.ratedAt, to))),
        db
          .select({ at: feedbackItems.submittedAt, dueAt: feedbackItems.dueAt, firstResponseAt: feedbackItems.firstResponseAt })
          .from(feedbackItems)
          .where(and(gte(feedbackItems.submittedAt, from), lt(feedbackItems.submittedAt, to))),
        // Offers first shown in the window (offers_shown_idx), and whether they were accepted since.
        db
          .select({ at: offers.shownAt, status: offers.status, rule: offers.rule })
          .from(offers)
          .where(and(gte(offers.shownAt, from), lt(offers.shownAt, to))),
        finishedServiceRequests(from, to),
        backendCalls(from, to),
        auditCheck(from, to),
      ]);
      return {
        logins: logins.map((l) => ({ at: l.at, ok: l.action === 'LOGIN_SUCCEEDED' })),
        loans: loanRows,
        reviewerActions: reviewer,
        transfers: transferRows,
        openings: openings.map((o) => ({
          at: o.at,
          status: o.status,
          // OPENED is final: the row's last update is the moment it opened.
          openedAt: o.status === 'OPENED' ? o.updatedAt : null,
          reviewed: o.decidedBy !== null || o.status === 'PENDING_REVIEW' || o.status === 'OPENING',
        })),
        alerts,
        ratings,
        feedback,
        offers: shownOffers.map((o) => ({ at: o.at!, accepted: o.status === 'ACCEPTED', rule: o.rule })),
        serviceRequests: services,
        backendCalls: backend,
        audit,
      };
    },
  };
}

export type HealthRepository = ReturnType<typeof createHealthRepository>;
