/**
 * Corporate business reviewed online and signed at the branch: a company's representative submits
 * a bill discounting or letter of guarantee request with its documents; an expert claims it, asks
 * for more documents, approves with conditions (two experts above the threshold) or returns it with
 * reasons; a teller records the offline signature of a verified representative and it is DONE.
 * Every status change goes through the one write path with its event, so the company follows it live.
 */
import { randomUUID } from 'node:crypto';
import type { Backends } from '../../adapters/backends.js';
import type { CompanyProfile } from '../../adapters/companies/companies.port.js';
import type { Config } from '../../platform/config.js';
import type { Viewer } from '../../platform/context.js';
import type { PageRequest } from '../../platform/graphql/connection.js';
import type { CallScope } from '../../platform/request-scope.js';
import { checkDocument, type CheckedDocument, type DocumentUpload } from '../../platform/documents.js';
import type { StoredEvent } from '../../platform/events/event-log.js';
import type { EventFanout } from '../../platform/events/fanout.js';
import { hasStaffRole, requireCustomer, requireStaff } from '../../platform/guards.js';
import { isUuid } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import { toMoneyString } from '../../platform/money/decimal.js';
import type { CommandKeys } from '../../platform/write/idempotency.js';
import { runIdempotent } from '../../platform/write/idempotency.js';
import type { Change } from '../../platform/write/write-path.js';
import { auditRecord } from '../audit/audit-log.js';
import type { AuthService } from '../auth/auth.service.js';
import { refuse } from './corporate.errors.js';
import { EXPERT_QUEUE_TOPIC, corporateStream, type CorporateRepository, type CorporateRequestRow } from './corporate.repository.js';
import {
  DEFAULT_SUBMISSION_POLICY,
  QUEUE_STATUSES,
  approvalStep,
  cleanStatements,
  isLinkedExpert,
  mayActForCompany,
  submissionRequest,
  validateSubmission,
  type CorporateRequestKind,
  type CorporateRequestStatus,
  type SubmissionInput,
} from './corporate.rules.js';

export interface CorporateServiceDeps {
  repo: CorporateRepository;
  commandKeys: CommandKeys;
  backends: Backends;
  auth: Pick<AuthService, 'staffMember'>;
  fanout: EventFanout;
  config: Config['corporate'] & { documentMaxBytes: number };
  log: Logger;
  now: () => Date;
}

/** A document sent with a submission or as a supplement. */
export interface CorporateDocumentUpload extends DocumentUpload {
  kind: string;
}

export interface SubmitInput extends Omit<SubmissionInput, 'documentKinds'> {
  documents: CorporateDocumentUpload[];
}

/** Most documents one submission may carry. */
export const MAX_DOCUMENTS_PER_SUBMISSION = 10;

/** Staff who may read any corporate request: experts review them, tellers sign them. */
const STAFF_READERS = ['EXPERT_REVIEWER', 'TELLER'] as const;

export function createCorporateService(deps: CorporateServiceDeps) {
  const { repo, now } = deps;

  /** The expert, with the customer they also are (linked experts never review that company). */
  async function requireExpert(viewer: Viewer) {
    const staff = requireStaff(viewer, ['EXPERT_REVIEWER'], 'Expert reviewers only.');
    const member = await deps.auth.staffMember(staff.staffId);
    return { staffId: staff.staffId, customerId: member?.customerId ?? null };
  }

  /** The company as the CRM knows it now. @throws NOT_FOUND for an unknown company */
  async function company(companyId: string, scope?: CallScope): Promise<CompanyProfile> {
    const [found] = /^CO\d{6}$/.test(companyId) ? await deps.backends.companies.getCompanies([companyId], scope) : [null];
    if (!found) return refuse('NOT_FOUND', 'No such company.');
    return found;
  }

  /**
   * The request, if the viewer may see it: a representative of its company (at submission), or
   * an expert or teller; an expert linked to the company sees nothing. Else NOT_FOUND.
   */
  async function visible(viewer: Viewer, id: string): Promise<CorporateRequestRow> {
    const row = isUuid(id) ? await repo.findRequest(id) : undefined;
    let may = false;
    if (row && viewer.kind === 'customer') may = row.representativeIds.includes(viewer.customerId);
    if (row && viewer.kind === 'staff' && hasStaffRole(viewer, STAFF_READERS)) {
      may = true;
      if (!viewer.roles.includes('TELLER')) {
        const member = await deps.auth.staffMember(viewer.staffId);
        may = !isLinkedExpert(member?.customerId ?? null, row.relatedCustomerIds);
      }
    }
    if (!row || !may) return refuse('NOT_FOUND', 'No such corporate request.');
    return row;
  }

  const change = (id: string, decide: (row: CorporateRequestRow) => Change<CorporateRequestRow, CorporateRequestStatus> | null) =>
    repo.requests.change(id, now(), decide);

  /** Refuses an expert linked to the company, by the request's snapshot and by the CRM now (fail closed: no answer, no review). */
  async function assertNotLinked(expert: { customerId: string | null }, row: CorporateRequestRow, scope?: CallScope) {
    if (isLinkedExpert(expert.customerId, row.relatedCustomerIds)) refuse('CONFLICT_OF_INTEREST', 'You are linked to this company: another expert reviews it.');
    if (expert.customerId) {
      const current = await company(row.companyId, scope);
      if (isLinkedExpert(expert.customerId, current.relatedParties.map((p) => p.customerId))) {
        refuse('CONFLICT_OF_INTEREST', 'You are linked to this company: another expert reviews it.');
      }
    }
  }

  const checkUploads = (documents: CorporateDocumentUpload[]): (CheckedDocument & { kind: string })[] =>
    documents.map((d) => ({ ...checkDocument(d, deps.config.documentMaxBytes), kind: d.kind }));

  return {
    requireExpert,
    visible,

    /** The companies the customer may act for, as the CRM knows them now. */
    async myCompanies(viewer: Viewer, scope?: CallScope) {
      const customer = requireCustomer(viewer);
      const links = (await deps.backends.companies.companiesOf(customer.customerId, scope)).filter((l) => mayActForCompany(l.relation));
      const profiles = await deps.backends.companies.getCompanies(links.map((l) => l.companyId), scope);
      return links.flatMap((l, i) => (profiles[i] ? [{ profile: profiles[i], relation: l.relation }] : []));
    },

    /** A company's accounts, for one who may act for it. @throws NOT_FOUND otherwise */
    async companyAccounts(viewer: Viewer, companyId: string, scope?: CallScope) {
      const customer = requireCustomer(viewer);
      const found = await company(companyId, scope);
      if (!found.relatedParties.some((p) => p.customerId === customer.customerId && mayActForCompany(p.relation))) refuse('NOT_FOUND', 'No such company.');
      return (await deps.backends.companies.companyAccounts(companyId, scope)) ?? [];
    },

    /**
     * Records a request with its documents, in one transaction, in the expert queue. The same key
     * replays the first answer; another request under it is IDEMPOTENCY_KEY_REUSED. A company the
     * customer may not act for is NOT_FOUND; a backend that cannot answer stores nothing.
     */
    async submit(viewer: Viewer, input: SubmitInput, idempotencyKey: string, channel: string, scope?: CallScope): Promise<CorporateRequestRow> {
      const customer = requireCustomer(viewer);
      if (input.documents.length > MAX_DOCUMENTS_PER_SUBMISSION) {
        refuse('BAD_USER_INPUT', `At most ${MAX_DOCUMENTS_PER_SUBMISSION} documents per request.`, {
          fieldErrors: [{ field: 'documents', code: 'TOO_MANY', message: `At most ${MAX_DOCUMENTS_PER_SUBMISSION} documents.` }],
        });
      }
      const documents = checkUploads(input.documents);
      const submission: SubmissionInput = { ...input, documentKinds: documents.map((d) => d.kind) };
      return runIdempotent({
        key: idempotencyKey,
        request: submissionRequest(submission, documents.map((d) => `${d.kind}:${d.sha256}`)),
        find: () => repo.findRequestByKey(customer.customerId, idempotencyKey),
        hashOf: (row) => row.requestHash,
        claim: async (requestHash) => {
          const at = now();
          const problems = validateSubmission(submission, { ...DEFAULT_SUBMISSION_POLICY, today: at.toISOString().slice(0, 10) });
          if (problems.length > 0) refuse('BAD_USER_INPUT', problems.map((p) => p.message).join(' '), { fieldErrors: problems });
          const found = await company(input.companyId, scope);
          const acting = found.relatedParties.filter((p) => mayActForCompany(p.relation));
          if (!acting.some((p) => p.customerId === customer.customerId)) refuse('NOT_FOUND', 'No such company.');
          const accounts = (await deps.backends.companies.companyAccounts(found.companyId, scope)) ?? [];
          const account = accounts.find((a) => a.accountId === input.settlementAccountId);
          if (!account || account.status !== 'ACTIVE' || account.currency !== input.currency) {
            refuse('ACCOUNT_NOT_ELIGIBLE', 'settlementAccountId must be an active account of the company in the request currency.', {
              fieldErrors: [{ field: 'settlementAccountId', code: 'ACCOUNT_NOT_ELIGIBLE', message: 'Not an active company account in this currency.' }],
            });
          }
          const id = randomUUID();
          const amount = toMoneyString(input.amount);
          const actor = `customer:${customer.customerId}`;
          const details =
            input.kind === 'BILL_DISCOUNTING'
              ? { bill: { billNumber: input.bill!.billNumber, acceptor: input.bill!.acceptor.trim(), maturityDate: input.bill!.maturityDate } }
              : { guarantee: { beneficiary: input.guarantee!.beneficiary.trim(), guaranteeType: input.guarantee!.guaranteeType, expiryDate: input.guarantee!.expiryDate } };
          const { row } = await repo.requests.insert(
            {
              id,
              companyId: found.companyId,
              customerId: customer.customerId,
              representativeIds: acting.map((p) => p.customerId),
              relatedCustomerIds: [...new Set(found.relatedParties.map((p) => p.customerId))],
              kind: input.kind,
              amount,
              currency: input.currency,
              settlementAccountId: input.settlementAccountId,
              purpose: input.purpose.trim(),
              details,
              channel,
              status: 'IN_REVIEW',
              seq: 1,
              idempotencyKey,
              requestHash,
              createdAt: at,
              updatedAt: at,
            },
            { type: 'SUBMITTED', actor, payload: { kind: input.kind, amount, currency: input.currency, companyId: found.companyId }, topics: [EXPERT_QUEUE_TOPIC] },
            at,
            [
              ...documents.map((d) =>
                repo.documentRecord({ id: randomUUID(), requestId: id, kind: d.kind, fileName: d.fileName, contentType: d.contentType, sizeBytes: d.sizeBytes, sha256: d.sha256, content: d.content, channel, uploadedBy: actor, uploadedAt: at }),
              ),
              auditRecord({ actor, action: 'CORPORATE_REQUEST_SUBMITTED', subject: corporateStream(id), detail: { companyId: found.companyId, kind: input.kind, amount, currency: input.currency } }),
            ],
          );
          return row;
        },
        first: async (row) => row,
        replay: async (row) => (await repo.findRequest(row.id))!,
      });
    },

    get: visible,

    /** A page of the requests of the companies the viewer may act for, newest first, and how many in all. */
    async mine(viewer: Viewer, page: PageRequest) {
      const customer = requireCustomer(viewer);
      const [rows, totalCount] = await Promise.all([repo.requestsOfRepresentative(customer.customerId, page.limit, page.after), repo.countRequestsOfRepresentative(customer.customerId)]);
      return { rows, totalCount };
    },

    /** A representative supplies a document an expert asked for; the last one sends the request back to review. */
    async uploadDocument(viewer: Viewer, input: CorporateDocumentUpload & { requestId: string }, channel: string) {
      const customer = requireCustomer(viewer);
      await visible(viewer, input.requestId);
      const [document] = checkUploads([input]);
      const actor = `customer:${customer.customerId}`;
      const { row } = await change(input.requestId, (r) => {
        if (r.status !== 'DOCUMENTS_REQUESTED' || !r.requestedDocuments.includes(input.kind)) {
          refuse('DOCUMENT_NOT_REQUESTED', `No ${input.kind} document is requested for this request.`, { field: 'kind' });
        }
        const remaining = r.requestedDocuments.filter((k) => k !== input.kind);
        const d = document!;
        const record = repo.documentRecord({ id: randomUUID(), requestId: r.id, kind: d.kind, fileName: d.fileName, contentType: d.contentType, sizeBytes: d.sizeBytes, sha256: d.sha256, content: d.content, channel, uploadedBy: actor, uploadedAt: now() });
        if (remaining.length > 0) {
          return { set: { requestedDocuments: remaining }, event: { type: 'DOCUMENT_UPLOADED', actor, payload: { kind: input.kind, remaining } }, records: [record] };
        }
        return {
          set: { status: 'IN_REVIEW', requestedDocuments: [] },
          event: { type: 'DOCUMENTS_RECEIVED', actor, payload: { kind: input.kind }, topics: [EXPERT_QUEUE_TOPIC] },
          records: [record],
        };
      });
      return row;
    },

    async withdraw(viewer: Viewer, id: string, reason: string | null) {
      const customer = requireCustomer(viewer);
      await visible(viewer, id);
      const { row } = await change(id, (r) => {
        if (r.status !== 'IN_REVIEW' && r.status !== 'DOCUMENTS_REQUESTED') refuse('INVALID_TRANSITION', `A ${r.status} request can no longer be withdrawn.`, { status: r.status });
        return { set: { status: 'WITHDRAWN', claimedBy: null }, event: { type: 'WITHDRAWN', actor: `customer:${customer.customerId}`, reason, topics: [EXPERT_QUEUE_TOPIC] } };
      });
      return row;
    },

    // -------------------------------------------------------------------------------------------
    // The expert seat

    async expertQueue(viewer: Viewer, filter: { kind?: CorporateRequestKind | null; status?: CorporateRequestStatus | null; onlyMine?: boolean; unclaimed?: boolean }, page: PageRequest) {
      const expert = await requireExpert(viewer);
      const where = {
        statuses: filter.status && QUEUE_STATUSES.includes(filter.status) ? [filter.status] : [...QUEUE_STATUSES],
        ...(filter.kind ? { kind: filter.kind } : {}),
        ...(filter.onlyMine ? { claimedBy: expert.staffId } : filter.unclaimed ? { claimedBy: null } : {}),
        expertCustomerId: expert.customerId,
      };
      const [rows, totalCount] = await Promise.all([repo.expertQueue(where, page.limit, page.after), repo.countExpertQueue(where)]);
      return { rows, totalCount };
    },

    /** Takes a request from the queue: one expert at a time (decided under the row's lock). */
    async claim(viewer: Viewer, id: string, scope?: CallScope) {
      const expert = await requireExpert(viewer);
      // A linked expert is told why they may not take it (every other path hides the row from them).
      const current = isUuid(id) ? await repo.findRequest(id) : undefined;
      if (!current) return refuse('NOT_FOUND', 'No such corporate request.');
      await assertNotLinked(expert, current, scope);
      const { row } = await change(id, (r) => {
        if (r.status !== 'IN_REVIEW' && r.status !== 'DOCUMENTS_REQUESTED') refuse('INVALID_TRANSITION', `A ${r.status} request is not in review.`, { status: r.status });
        if (r.claimedBy === expert.staffId) return null;
        if (r.claimedBy) refuse('ALREADY_CLAIMED', 'Another expert has this request.');
        if (r.firstApprovalBy === expert.staffId) refuse('FOUR_EYES_REQUIRED', 'You gave the first approval: a second, different expert decides now.');
        return {
          set: { claimedBy: expert.staffId },
          event: { type: 'CLAIMED', actor: `staff:${expert.staffId}`, payload: { status: r.status }, topics: [EXPERT_QUEUE_TOPIC] },
        };
      });
      return row;
    },

    /** Gives a claimed request back to the queue, with a reason (audited): the claimant's own, or any expert's. */
    async releaseClaim(viewer: Viewer, id: string, reason: string) {
      const expert = await requireExpert(viewer);
      const why = reason.trim();
      if (why.length < 3) refuse('BAD_USER_INPUT', 'Give a reason for releasing the claim.', { fieldErrors: [{ field: 'reason', code: 'REQUIRED', message: 'Give a reason.' }] });
      await visible(viewer, id);
      const actor = `staff:${expert.staffId}`;
      const { row } = await change(id, (r) => {
        if (!r.claimedBy) refuse('NOT_CLAIMED', 'Nobody has claimed this request.');
        return {
          set: { claimedBy: null },
          event: { type: 'CLAIM_RELEASED', actor, reason: why, payload: { status: r.status }, topics: [EXPERT_QUEUE_TOPIC] },
          records: [auditRecord({ actor, action: 'CORPORATE_CLAIM_RELEASED', subject: corporateStream(r.id), detail: { reason: why, claimedBy: r.claimedBy } })],
        };
      });
      return row;
    },

    async requestDocuments(viewer: Viewer, id: string, kinds: string[], reason: string) {
      const expert = await requireExpert(viewer);
      const wanted = [...new Set(kinds.map((k) => k.trim()).filter(Boolean))];
      if (wanted.length === 0 || wanted.length > 10 || wanted.some((k) => !/^[A-Z][A-Z0-9_]{1,40}$/.test(k))) {
        refuse('BAD_USER_INPUT', 'kinds must be 1-10 document codes like BANK_STATEMENT.', { fieldErrors: [{ field: 'kinds', code: 'INVALID_FORMAT', message: 'Document codes like BANK_STATEMENT.' }] });
      }
      if (reason.trim().length < 3) refuse('BAD_USER_INPUT', 'Say why the documents are needed.', { fieldErrors: [{ field: 'reason', code: 'REQUIRED', message: 'Give a reason.' }] });
      await visible(viewer, id);
      const { row } = await change(id, (r) => {
        if (r.claimedBy !== expert.staffId) refuse('NOT_CLAIMED', 'Claim the request first.');
        if (r.status !== 'IN_REVIEW') refuse('INVALID_TRANSITION', `A ${r.status} request cannot ask for documents now.`, { status: r.status });
        return {
          set: { status: 'DOCUMENTS_REQUESTED', requestedDocuments: wanted },
          event: { type: 'DOCUMENTS_REQUESTED', actor: `staff:${expert.staffId}`, reason: reason.trim(), payload: { kinds: wanted }, topics: [EXPERT_QUEUE_TOPIC] },
        };
      });
      return row;
    },

    /**
     * Approves a claimed request with its conditions (may be none). Above the four-eyes threshold
     * the first approval hands it to a second, different expert; their approval makes it APPROVED
     * with both experts' conditions. It then waits for the branch signature.
     */
    async approve(viewer: Viewer, id: string, conditions: string[], note: string | null, scope?: CallScope) {
      const expert = await requireExpert(viewer);
      const cleaned = conditions.length === 0 ? [] : cleanStatements(conditions);
      if (cleaned === null) refuse('BAD_USER_INPUT', 'Conditions are up to 20 statements of 3-500 characters.', { fieldErrors: [{ field: 'conditions', code: 'INVALID', message: 'Up to 20 statements of 3-500 characters.' }] });
      const current = await visible(viewer, id);
      await assertNotLinked(expert, current, scope);
      const actor = `staff:${expert.staffId}`;
      const { row } = await change(id, (r) => {
        if (r.status !== 'IN_REVIEW') refuse('INVALID_TRANSITION', `A ${r.status} request cannot be approved now.`, { status: r.status });
        if (r.claimedBy !== expert.staffId) refuse('NOT_CLAIMED', 'Claim the request first.');
        const merged = [...new Set([...r.conditions, ...cleaned!])];
        const step = approvalStep(r.amount, deps.config.fourEyesThreshold, r.firstApprovalBy, expert.staffId);
        if (step === 'SAME_EXPERT') return refuse('FOUR_EYES_REQUIRED', 'A second, different expert must approve this amount.');
        const detail = { amount: r.amount, currency: r.currency, conditions: merged, firstApprovalBy: r.firstApprovalBy };
        if (step === 'FIRST') {
          return {
            set: { firstApprovalBy: expert.staffId, claimedBy: null, conditions: merged },
            event: { type: 'FIRST_APPROVAL', actor, reason: note, payload: { status: r.status }, topics: [EXPERT_QUEUE_TOPIC] },
            records: [auditRecord({ actor, action: 'CORPORATE_FIRST_APPROVAL', subject: corporateStream(r.id), detail })],
          };
        }
        return {
          set: { status: 'APPROVED', decidedBy: expert.staffId, claimedBy: null, conditions: merged },
          event: { type: 'APPROVED', actor, reason: note, payload: { conditions: merged }, topics: [EXPERT_QUEUE_TOPIC] },
          records: [auditRecord({ actor, action: 'CORPORATE_REQUEST_APPROVED', subject: corporateStream(r.id), detail })],
        };
      });
      return row;
    },

    /** Returns a claimed request to the company with reasons: final; they may submit a new one. */
    async returnRequest(viewer: Viewer, id: string, reasons: string[], scope?: CallScope) {
      const expert = await requireExpert(viewer);
      const cleaned = cleanStatements(reasons);
      if (cleaned === null) refuse('BAD_USER_INPUT', 'Give 1-20 reasons of 3-500 characters.', { fieldErrors: [{ field: 'reasons', code: 'REQUIRED', message: 'Give 1-20 reasons of 3-500 characters.' }] });
      const current = await visible(viewer, id);
      await assertNotLinked(expert, current, scope);
      const actor = `staff:${expert.staffId}`;
      const { row } = await change(id, (r) => {
        if (r.claimedBy !== expert.staffId) refuse('NOT_CLAIMED', 'Claim the request first.');
        return {
          set: { status: 'RETURNED', decidedBy: expert.staffId, claimedBy: null, returnReasons: cleaned! },
          event: { type: 'RETURNED', actor, reason: cleaned!.join('; '), payload: { reasons: cleaned }, topics: [EXPERT_QUEUE_TOPIC] },
          records: [auditRecord({ actor, action: 'CORPORATE_REQUEST_RETURNED', subject: corporateStream(r.id), detail: { reasons: cleaned } })],
        };
      });
      return row;
    },

    async expertQueueEvents(viewer: Viewer, signal: AbortSignal): Promise<AsyncIterableIterator<StoredEvent>> {
      await requireExpert(viewer);
      return deps.fanout.live(EXPERT_QUEUE_TOPIC, { signal });
    },

    // -------------------------------------------------------------------------------------------
    // The branch

    async awaitingSignature(viewer: Viewer, companyId: string | null, page: PageRequest) {
      requireStaff(viewer, ['TELLER'], 'Tellers only.');
      const [rows, totalCount] = await Promise.all([repo.awaitingSignature(companyId, page.limit, page.after), repo.countAwaitingSignature(companyId)]);
      return { rows, totalCount };
    },

    /**
     * A teller records the offline signature: the signing person must be a legal representative or
     * authorised signatory of the company (CRM, now) and pass identity verification; then the
     * approved request is DONE, once. The same key replays the first answer. A backend that cannot
     * answer leaves the request APPROVED (fail closed).
     */
    async recordBranchSignature(viewer: Viewer, id: string, signatory: { fullName: string; idNumber: string }, idempotencyKey: string, scope?: CallScope) {
      const teller = requireStaff(viewer, ['TELLER'], 'Tellers only.');
      const fullName = signatory.fullName.trim();
      const idNumber = signatory.idNumber.trim().toUpperCase();
      return deps.commandKeys.run({
        owner: `staff:${teller.staffId}`,
        name: 'corporate.recordBranchSignature',
        key: idempotencyKey,
        args: [id, fullName, idNumber],
        claim: async (keyRecord) => {
          const current = await visible(viewer, id);
          if (current.status !== 'APPROVED') refuse('INVALID_TRANSITION', `A ${current.status} request cannot be signed.`, { status: current.status });
          const found = await company(current.companyId, scope);
          const party = found.relatedParties.find((p) => p.idNumber.toUpperCase() === idNumber && mayActForCompany(p.relation));
          if (!party) refuse('SIGNATORY_NOT_AUTHORISED', 'This person may not sign for the company.', { field: 'signatory' });
          const check = await deps.backends.identity.verifyIdentity({ fullName, idNumber }, scope);
          if (check.result !== 'PASS') refuse('IDENTITY_NOT_VERIFIED', 'The identity document of the signing person did not verify.', { field: 'signatory' });
          const actor = `staff:${teller.staffId}`;
          const signature = { tellerId: teller.staffId, signatoryCustomerId: party!.customerId, signatoryName: party!.fullName, relation: party!.relation, verificationId: check.verificationId };
          await change(id, (r) => {
            if (r.status !== 'APPROVED') refuse('INVALID_TRANSITION', `A ${r.status} request cannot be signed.`, { status: r.status });
            return {
              set: { status: 'DONE', signature, signedAt: now() },
              event: { type: 'SIGNED_AT_BRANCH', actor, payload: { relation: party!.relation } },
              records: [keyRecord(r.id), auditRecord({ actor, action: 'CORPORATE_BRANCH_SIGNATURE', subject: corporateStream(r.id), detail: { ...signature, companyId: r.companyId } })],
            };
          });
          return id;
        },
        first: async (subjectId) => (await repo.findRequest(subjectId))!,
        replay: async (subjectId) => (await repo.findRequest(subjectId))!,
      });
    },

    /** Replay-then-live events of one request the viewer may see. */
    async events(viewer: Viewer, id: string, afterSeq: number, signal: AbortSignal): Promise<AsyncIterableIterator<StoredEvent>> {
      await visible(viewer, id);
      return deps.fanout.streamOf(corporateStream(id), Math.max(0, afterSeq), { signal });
    },

    documents: (id: string) => repo.documentsOf(id),
  };
}

export type CorporateService = ReturnType<typeof createCorporateService>;
