/**
 * Remote expert guidance for complex branch business: a teller hands a case to the expert queue
 * by kind and reference (a corporate account opening, a service request of another module, …) and
 * follows the expert's decision live on the terminal. Generic on purpose: the reference is opaque
 * here, and another module finds its cases with `casesFor(kind, reference)`.
 */
import { randomUUID } from 'node:crypto';
import type { Viewer } from '../../platform/context.js';
import type { PageRequest } from '../../platform/graphql/connection.js';
import type { StoredEvent } from '../../platform/events/event-log.js';
import type { CallScope } from '../../platform/request-scope.js';
import { hasStaffRole, requireStaff } from '../../platform/guards.js';
import { isUuid } from '../../platform/ids.js';
import { runIdempotent } from '../../platform/write/idempotency.js';
import { auditRecord } from '../audit/audit-log.js';
import { refuse } from './corporate.errors.js';
import { EXPERT_QUEUE_TOPIC, guidanceStream, type GuidanceCaseRow } from './corporate.repository.js';
import { cleanStatements, isGuidanceKind, isLinkedExpert } from './corporate.rules.js';
import type { CorporateServiceDeps } from './corporate.service.js';

export interface OpenCaseInput {
  kind: string;
  reference: string;
  summary: string;
  companyId?: string | null;
}

export function createGuidanceService(deps: CorporateServiceDeps & { requireExpert: (viewer: Viewer) => Promise<{ staffId: string; customerId: string | null }> }) {
  const { repo, now, requireExpert } = deps;

  /** The case, if the viewer may see it: the teller who opened it, or an expert not linked to its company. Else NOT_FOUND. */
  async function visible(viewer: Viewer, id: string): Promise<GuidanceCaseRow> {
    const row = isUuid(id) ? await repo.findCase(id) : undefined;
    let may = false;
    if (row && viewer.kind === 'staff') {
      if (viewer.staffId === row.openedBy) may = true;
      else if (hasStaffRole(viewer, ['EXPERT_REVIEWER'])) {
        const member = await deps.auth.staffMember(viewer.staffId);
        may = !isLinkedExpert(member?.customerId ?? null, row.relatedCustomerIds);
      }
    }
    if (!row || !may) return refuse('NOT_FOUND', 'No such expert guidance case.');
    return row;
  }

  return {
    /** Opens a case in the expert queue (teller). The same key replays the first answer. */
    async open(viewer: Viewer, input: OpenCaseInput, idempotencyKey: string, scope?: CallScope): Promise<GuidanceCaseRow> {
      const teller = requireStaff(viewer, ['TELLER'], 'Tellers only.');
      const kind = input.kind.trim();
      const reference = input.reference.trim();
      const summary = input.summary.trim();
      const problems = [
        ...(isGuidanceKind(kind) ? [] : [{ field: 'kind', code: 'INVALID_FORMAT', message: 'kind is a code like CORPORATE_ACCOUNT_OPENING.' }]),
        ...(reference.length >= 1 && reference.length <= 120 ? [] : [{ field: 'reference', code: 'REQUIRED', message: 'reference is 1-120 characters.' }]),
        ...(summary.length >= 3 ? [] : [{ field: 'summary', code: 'REQUIRED', message: 'Describe the business in at least 3 characters.' }]),
      ];
      if (problems.length > 0) refuse('BAD_USER_INPUT', problems.map((p) => p.message).join(' '), { fieldErrors: problems });
      return runIdempotent({
        key: idempotencyKey,
        request: ['guidance.open', kind, reference, summary, input.companyId ?? null],
        find: () => repo.findCaseByKey(teller.staffId, idempotencyKey),
        hashOf: (row) => row.requestHash,
        claim: async (requestHash) => {
          let related: string[] = [];
          if (input.companyId) {
            const [company] = /^CO\d{6}$/.test(input.companyId) ? await deps.backends.companies.getCompanies([input.companyId], scope) : [null];
            if (!company) refuse('BAD_USER_INPUT', 'There is no such company.', { fieldErrors: [{ field: 'companyId', code: 'NOT_FOUND', message: 'No such company.' }] });
            related = [...new Set(company!.relatedParties.map((p) => p.customerId))];
          }
          const at = now();
          const id = randomUUID();
          const actor = `staff:${teller.staffId}`;
          const { row } = await repo.cases.insert(
            {
              id,
              kind,
              reference,
              summary,
              companyId: input.companyId ?? null,
              relatedCustomerIds: related,
              openedBy: teller.staffId,
              status: 'OPEN',
              seq: 1,
              idempotencyKey,
              requestHash,
              createdAt: at,
              updatedAt: at,
            },
            { type: 'OPENED', actor, payload: { kind, reference }, topics: [EXPERT_QUEUE_TOPIC] },
            at,
            [auditRecord({ actor, action: 'EXPERT_GUIDANCE_OPENED', subject: guidanceStream(id), detail: { kind, reference, companyId: input.companyId ?? null } })],
          );
          return row;
        },
        first: async (row) => row,
        replay: async (row) => (await repo.findCase(row.id))!,
      });
    },

    get: visible,

    /** Cases the teller opened, newest first. */
    async mine(viewer: Viewer, page: PageRequest) {
      const teller = requireStaff(viewer, ['TELLER'], 'Tellers only.');
      const [rows, totalCount] = await Promise.all([repo.casesOpenedBy(teller.staffId, page.limit, page.after), repo.countCasesOpenedBy(teller.staffId)]);
      return { rows, totalCount };
    },

    /** Open cases an expert may take: unclaimed or their own, never a linked company's. */
    async queue(viewer: Viewer, kind: string | null, page: PageRequest) {
      const expert = await requireExpert(viewer);
      const where = { ...(kind ? { kind } : {}), expertCustomerId: expert.customerId, mineOrUnclaimed: expert.staffId };
      const [rows, totalCount] = await Promise.all([repo.guidanceQueue(where, page.limit, page.after), repo.countGuidanceQueue(where)]);
      return { rows, totalCount };
    },

    async claim(viewer: Viewer, id: string) {
      const expert = await requireExpert(viewer);
      const current = await visible(viewer, id);
      if (isLinkedExpert(expert.customerId, current.relatedCustomerIds)) refuse('CONFLICT_OF_INTEREST', 'You are linked to this company.');
      const { row } = await repo.cases.change(id, now(), (r) => {
        if (r.status !== 'OPEN') refuse('INVALID_TRANSITION', `A ${r.status} case is not open.`, { status: r.status });
        if (r.claimedBy === expert.staffId) return null;
        if (r.claimedBy) refuse('ALREADY_CLAIMED', 'Another expert has this case.');
        return { set: { claimedBy: expert.staffId }, event: { type: 'CLAIMED', actor: `staff:${expert.staffId}`, topics: [EXPERT_QUEUE_TOPIC] } };
      });
      return row;
    },

    /** The expert's decision on a claimed case: APPROVED with conditions, or RETURNED with reasons. */
    async decide(viewer: Viewer, id: string, approve: boolean, statements: string[]) {
      const expert = await requireExpert(viewer);
      const cleaned = approve && statements.length === 0 ? [] : cleanStatements(statements);
      if (cleaned === null) {
        refuse('BAD_USER_INPUT', approve ? 'Conditions are up to 20 statements of 3-500 characters.' : 'Give 1-20 reasons of 3-500 characters.', {
          fieldErrors: [{ field: approve ? 'conditions' : 'reasons', code: 'INVALID', message: 'Statements of 3-500 characters.' }],
        });
      }
      await visible(viewer, id);
      const actor = `staff:${expert.staffId}`;
      const { row } = await repo.cases.change(id, now(), (r) => {
        if (r.claimedBy !== expert.staffId) refuse('NOT_CLAIMED', 'Claim the case first.');
        const status = approve ? ('APPROVED' as const) : ('RETURNED' as const);
        return {
          set: { status, decidedBy: expert.staffId, claimedBy: null, ...(approve ? { conditions: cleaned! } : { returnReasons: cleaned! }) },
          event: { type: status, actor, reason: cleaned!.join('; ') || null, payload: approve ? { conditions: cleaned } : { reasons: cleaned }, topics: [EXPERT_QUEUE_TOPIC] },
          records: [auditRecord({ actor, action: `EXPERT_GUIDANCE_${status}`, subject: guidanceStream(r.id), detail: { statements: cleaned } })],
        };
      });
      return row;
    },

    /** The teller who opened it withdraws an open case. */
    async cancel(viewer: Viewer, id: string, reason: string) {
      const teller = requireStaff(viewer, ['TELLER'], 'Tellers only.');
      const current = await visible(viewer, id);
      if (current.openedBy !== teller.staffId) refuse('NOT_FOUND', 'No such expert guidance case.');
      const { row } = await repo.cases.change(id, now(), (r) => {
        if (r.status !== 'OPEN') refuse('INVALID_TRANSITION', `A ${r.status} case cannot be cancelled.`, { status: r.status });
        return { set: { status: 'CANCELLED', claimedBy: null }, event: { type: 'CANCELLED', actor: `staff:${teller.staffId}`, reason: reason.trim() || null, topics: [EXPERT_QUEUE_TOPIC] } };
      });
      return row;
    },

    /** For other modules: the cases about one of their rows, e.g. ('SERVICE_REQUEST', id). */
    casesFor: (kind: string, reference: string) => repo.casesFor(kind, reference),

    async events(viewer: Viewer, id: string, afterSeq: number, signal: AbortSignal): Promise<AsyncIterableIterator<StoredEvent>> {
      await visible(viewer, id);
      return deps.fanout.streamOf(guidanceStream(id), Math.max(0, afterSeq), { signal });
    },
  };
}

export type GuidanceService = ReturnType<typeof createGuidanceService>;
