/** Experience ratings (CSAT / NPS after a finished flow), for the process-health indicators. */
import { randomUUID } from 'node:crypto';
import type { Channel, StaffRole, Viewer } from '../../platform/context.js';
import type { StoredEvent } from '../../platform/events/event-log.js';
import type { EventFanout } from '../../platform/events/fanout.js';
import type { PageRequest } from '../../platform/graphql/connection.js';
import { findVisible, requireCustomer, requireStaff, type StaffViewer } from '../../platform/guards.js';
import { isUuid } from '../../platform/ids.js';
import { runIdempotent } from '../../platform/write/idempotency.js';
import type { Change } from '../../platform/write/write-path.js';
import { FeedbackError } from './feedback.errors.js';
import type { FeedbackItemsRepository, FeedbackRepository, FeedbackRow, RatingRow } from './feedback.repository.js';
import {
  FEEDBACK_RESPONSE_MAX,
  FEEDBACK_TEXT_MAX,
  dueAtOf,
  feedbackStream,
  ratingProblem,
  textProblem,
  type FeedbackCategory,
  type FeedbackStatus,
  type FeedbackSubjectKind,
  type RatedFlow,
} from './feedback.rules.js';

/** Who handles feedback: officers, and admins as their supervisors. */
export const FEEDBACK_STAFF: readonly StaffRole[] = Object.freeze(['FEEDBACK_OFFICER', 'ADMIN']);

export interface SubmitFeedbackInput {
  category: FeedbackCategory;
  text: string;
  subjectKind?: FeedbackSubjectKind | null;
  subjectId?: string | null;
}

export interface RateInput {
  flow: RatedFlow;
  subjectId: string;
  csat?: number | null;
  nps?: number | null;
}

export function createFeedbackService(deps: {
  repo: FeedbackRepository;
  items: FeedbackItemsRepository;
  fanout: EventFanout;
  /** How long an item may wait for its first answer (FEEDBACK_SLA_HOURS). */
  slaMs: number;
  now: () => Date;
}) {
  const { items } = deps;
  const refuse = (code: ConstructorParameters<typeof FeedbackError>[0], message: string, details?: Record<string, unknown>): never => {
    throw new FeedbackError(code, message, details);
  };
  const visible = (viewer: Viewer, id: string) => findVisible(viewer, id, items.findById, FEEDBACK_STAFF, 'feedback item');
  const officer = (viewer: Viewer) => requireStaff(viewer, FEEDBACK_STAFF, 'Only feedback officers handle feedback.');
  const actor = (staff: StaffViewer) => `staff:${staff.staffId}`;

  /** One status change of an item through the write path (lock, check, event), as decided on the locked row. */
  const change = (id: string, decide: (row: FeedbackRow) => Change<FeedbackRow, FeedbackStatus> | null) =>
    items.write.change(id, deps.now(), decide).then((w) => w.row);

  const requireHolder = (row: FeedbackRow, staff: StaffViewer) => {
    if (row.claimedBy !== staff.staffId) refuse('CLAIMED_BY_ANOTHER', 'Claim this feedback item first.', { claimedBy: row.claimedBy ? 'another officer' : null });
  };

  return {
    /**
     * Submits feedback from a customer (their own loan application or transfer may be named) or a
     * staff member. The same idempotency key replays the first item.
     * @throws FeedbackError FORBIDDEN, BAD_USER_INPUT, NOT_FOUND (a subject that is not yours); DomainError IDEMPOTENCY_KEY_REUSED
     */
    async submit(viewer: Viewer, input: SubmitFeedbackInput, idempotencyKey: string, channel: Channel): Promise<FeedbackRow> {
      if (viewer.kind !== 'customer' && viewer.kind !== 'staff') refuse('FORBIDDEN', 'Only customers and staff submit feedback.');
      const customerId = viewer.kind === 'customer' ? viewer.customerId : null;
      const submittedBy = viewer.kind === 'customer' ? `customer:${viewer.customerId}` : `staff:${(viewer as StaffViewer).staffId}`;
      const text = input.text.trim();
      const subjectKind = input.subjectKind ?? null;
      const subjectId = input.subjectId ?? null;
      return runIdempotent({
        key: idempotencyKey,
        request: { category: input.category, text, subjectKind, subjectId },
        find: () => items.findByKey(submittedBy, idempotencyKey),
        hashOf: (row) => row.requestHash,
        claim: async (requestHash) => {
          const problem = textProblem(input.text, FEEDBACK_TEXT_MAX, 'text');
          if (problem) refuse('BAD_USER_INPUT', problem.message, { field: problem.field });
          if ((subjectKind === null) !== (subjectId === null)) refuse('BAD_USER_INPUT', 'Give both subjectKind and subjectId, or neither.', { field: 'subjectId' });
          if (subjectKind && subjectId) {
            // Only a customer links their own flow; someone else's is the same NOT_FOUND as a missing one.
            const owner = isUuid(subjectId) ? await items.subjectOwner(subjectKind, subjectId) : undefined;
            if (!owner || owner !== customerId) refuse('NOT_FOUND', 'No such loan application or transfer of yours.', { field: 'subjectId' });
          }
          const at = deps.now();
          const id = randomUUID();
          const { row } = await items.write.insert(
            {
              id,
              customerId,
              submittedBy,
              channel,
              category: input.category,
              text,
              subjectKind,
              subjectId,
              status: 'OPEN' satisfies FeedbackStatus,
              claimedBy: null,
              response: null,
              firstResponseAt: null,
              resolvedAt: null,
              escalatedAt: null,
              submittedAt: at,
              dueAt: dueAtOf(at, deps.slaMs),
              idempotencyKey,
              requestHash,
              seq: 1,
              updatedAt: at,
            },
            { type: 'SUBMITTED', actor: submittedBy, payload: { category: input.category, channel } },
            at,
          );
          return row;
        },
        first: async (row) => row,
        replay: async (row) => (await items.findById(row.id)) ?? row,
      });
    },

    /** One item the viewer may see: its submitter, or feedback staff. @throws DomainError NOT_FOUND */
    get: (viewer: Viewer, id: string) => visible(viewer, id),

    /** The signed-in customer's own items, newest first. */
    /** A page of the viewer's own items, newest first, and how many they have in all. */
    async mine(viewer: Viewer, page: PageRequest): Promise<{ rows: FeedbackRow[]; totalCount: number }> {
      const customer = requireCustomer(viewer, 'Only customers have their own feedback list.');
      const [rows, totalCount] = await Promise.all([items.mine(customer.customerId, page.limit, page.after), items.countMine(customer.customerId)]);
      return { rows, totalCount };
    },

    /** The officers' (or, for ESCALATED, the supervisors') queue, soonest due first. */
    async queue(viewer: Viewer, statuses: readonly FeedbackStatus[], page: PageRequest): Promise<{ rows: FeedbackRow[]; totalCount: number }> {
      officer(viewer);
      if (statuses.length === 0) return { rows: [], totalCount: 0 };
      const [rows, totalCount] = await Promise.all([items.queue(statuses, page.limit, page.after), items.countQueue(statuses)]);
      return { rows, totalCount };
    },

    /** Takes an OPEN or ESCALATED item (or one already yours). @throws FeedbackError CLAIMED_BY_ANOTHER, INVALID_TRANSITION */
    async claim(viewer: Viewer, id: string): Promise<FeedbackRow> {
      const staff = officer(viewer);
      await visible(viewer, id);
      return change(id, (row) => {
        if (row.claimedBy === staff.staffId && row.status !== 'ESCALATED') return null;
        if (row.status === 'CLAIMED') refuse('CLAIMED_BY_ANOTHER', 'Another officer is handling this feedback item.');
        if (row.status !== 'OPEN' && row.status !== 'ESCALATED') refuse('INVALID_TRANSITION', `A ${row.status} feedback item cannot be claimed.`, { status: row.status });
        return { set: { status: 'CLAIMED', claimedBy: staff.staffId }, event: { type: 'CLAIMED', actor: actor(staff) } };
      });
    },

    /** Answers the submitter (who sees it live); the first answer stops the clock. */
    async respond(viewer: Viewer, id: string, message: string): Promise<FeedbackRow> {
      const staff = officer(viewer);
      const problem = textProblem(message, FEEDBACK_RESPONSE_MAX, 'message');
      if (problem) refuse('BAD_USER_INPUT', problem.message, { field: problem.field });
      await visible(viewer, id);
      const text = message.trim();
      return change(id, (row) => {
        if (row.status !== 'CLAIMED' && row.status !== 'RESPONDED') refuse('INVALID_TRANSITION', `A ${row.status} feedback item cannot be answered; claim it first.`, { status: row.status });
        requireHolder(row, staff);
        const at = deps.now();
        return {
          set: { ...(row.status === 'CLAIMED' ? { status: 'RESPONDED' as const, firstResponseAt: at } : {}), response: text },
          event: { type: 'RESPONDED', actor: actor(staff), payload: { message: text } },
        };
      });
    },

    /** Closes an answered item. */
    async resolve(viewer: Viewer, id: string, note: string | null): Promise<FeedbackRow> {
      const staff = officer(viewer);
      await visible(viewer, id);
      return change(id, (row) => {
        if (row.status !== 'RESPONDED') refuse('INVALID_TRANSITION', `A ${row.status} feedback item cannot be resolved; answer it first.`, { status: row.status });
        requireHolder(row, staff);
        return { set: { status: 'RESOLVED', resolvedAt: deps.now() }, event: { type: 'RESOLVED', actor: actor(staff), reason: note?.trim() || null } };
      });
    },

    /** Replay-then-live events of one item the viewer may see. */
    async events(viewer: Viewer, id: string, afterSeq: number, signal: AbortSignal): Promise<AsyncIterableIterator<StoredEvent>> {
      await visible(viewer, id);
      return deps.fanout.streamOf(feedbackStream(id), Math.max(0, afterSeq), { signal });
    },

    /** Escalates overdue items (see the repository); the job calls this. */
    escalateOverdue: (limit = 100) => items.escalateOverdue(deps.now(), limit),

    /**
     * Records the customer's rating of their own finished flow, once.
     * @throws FeedbackError FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, ALREADY_RATED
     */
    async rate(viewer: Viewer, input: RateInput, channel: string): Promise<RatingRow> {
      const customer = requireCustomer(viewer, 'Only the customer can rate their experience.');
      const flow = isUuid(input.subjectId) ? await deps.repo.flow(input.flow, input.subjectId) : undefined;
      // Someone else's flow is the same NOT_FOUND as a missing one.
      if (!flow || flow.customerId !== customer.customerId) throw new FeedbackError('NOT_FOUND', 'No such finished flow of yours.');
      const problem = ratingProblem(input, input.flow, flow.status);
      if (problem) throw new FeedbackError('BAD_USER_INPUT', problem.message, { field: problem.field });
      const row: RatingRow = {
        id: randomUUID(),
        customerId: customer.customerId,
        flow: input.flow,
        subjectId: input.subjectId,
        channel,
        csat: input.csat ?? null,
        nps: input.nps ?? null,
        ratedAt: deps.now(),
      };
      if (!(await deps.repo.insert(row))) throw new FeedbackError('ALREADY_RATED', 'You have already rated this.');
      return row;
    },
  };
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
