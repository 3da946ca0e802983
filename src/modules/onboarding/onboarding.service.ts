/**
 * Account opening with KYC/AML: a draft pre-filled from the CRM, then identity verification and
 * AML screening (in parallel) decide whether core banking opens the account, a risk officer
 * reviews it, or it is terminated with a risk alert. Fails closed: when a check cannot be made,
 * nothing is opened. Decisions are pure (onboarding.rules.ts); each status change is written with
 * its event, and any alert, in one transaction (onboarding.repository.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Backends } from '../../adapters/backends.js';
import type { IdentityVerification } from '../../adapters/identity/identity.port.js';
import type { ScreeningResult } from '../../adapters/risk/risk.port.js';
import type { Viewer } from '../../platform/context.js';
import type { PageRequest } from '../../platform/graphql/connection.js';
import { UpstreamError } from '../../platform/errors.js';
import { findVisible, hasStaffRole, requireCustomer, requireStaff } from '../../platform/guards.js';
import type { Logger } from '../../platform/logger.js';
import type { CallScope } from '../../platform/request-scope.js';
import type { Leases } from '../../platform/work/leases.js';
import type { CommandKeys } from '../../platform/write/idempotency.js';
import type { Change } from '../../platform/write/write-path.js';
import { alertRecord, type RaiseAlertInput } from '../alerts/alerts.raise.js';
import { auditRecord } from '../audit/audit-log.js';
import type { AuthService } from '../auth/auth.service.js';
import { OnboardingError } from './onboarding.errors.js';
import { openingStream, type OnboardingRepository, type OpeningRow } from './onboarding.repository.js';
import {
  OPENING_CURRENCIES,
  decideOpening,
  bindIdentity,
  isIdNumber,
  type IdentityCheck,
  type OpeningKind,
  type OpeningStatus,
  type ScreeningCheck,
} from './onboarding.rules.js';
import type { OpeningPrefill } from './onboarding.tables.js';

export interface SubmitOpeningInput {
  fullName: string;
  idNumber: string;
  selfieToken: string;
}

export interface OnboardingServiceDeps {
  repo: OnboardingRepository;
  commandKeys: CommandKeys;
  backends: Backends;
  auth: AuthService;
  log: Logger;
  now: () => Date;
  /** Leases on openings in flight, so the recovery sweep takes over only abandoned ones. */
  leases: Leases;
  /** Where attempts to open an account under another identity are recorded (security_events). */
  securityEvents: { record(event: { kind: string; subjectId: string; detail: Record<string, unknown> }): Promise<unknown> };
}

const EMPTY_PREFILL: OpeningPrefill = { fullName: null, idNumber: null, phone: null, address: null };

export function createOnboardingService(deps: OnboardingServiceDeps) {
  const { repo, now } = deps;

  const refuse = (code: OnboardingError['code'], message: string, details?: Record<string, unknown>): never => {
    throw new OnboardingError(code, message, details);
  };

  const isRiskStaff = (viewer: Viewer) => hasStaffRole(viewer, ['RISK_OFFICER', 'ADMIN']);

  /** The opening, if the viewer may see it: its customer, or risk staff. Else NOT_FOUND, foreign or missing alike. */
  const visible = (viewer: Viewer, id: string): Promise<OpeningRow> => findVisible(viewer, id, repo.findById, ['RISK_OFFICER', 'ADMIN'], 'account opening');

  async function change(id: string, decide: (row: OpeningRow) => Change<OpeningRow, OpeningStatus> | null): Promise<OpeningRow> {
    return (await repo.change(id, now(), decide)).row;
  }

  /**
   * A change of status with its event; every outcome of an opening is an audited action, and an
   * alert (when there is one) commits with it.
   */
  const outcome = (
    row: OpeningRow,
    to: OpeningStatus,
    type: string,
    actor: string,
    reason: string | null,
    extra: { set?: Partial<OpeningRow>; alert?: RaiseAlertInput | null } = {},
  ): Change<OpeningRow, OpeningStatus> => ({
    set: { ...extra.set, status: to },
    event: { type, actor, reason },
    records: [
      alertRecord(extra.alert),
      auditRecord({ actor, action: `ACCOUNT_OPENING_${to}`, subject: openingStream(row.id), detail: { customerId: row.customerId, from: row.status } }),
    ],
  });

  /**
   * Opens the account in core banking. Idempotent on the opening id: a retry, a second submit or
   * a review after a lost answer gets the same account back, never a second one.
   */
  async function openAccount(row: OpeningRow, scope?: CallScope): Promise<string> {
    const opened = await deps.backends.coreBanking
      .openAccount({ idempotencyKey: row.idempotencyKey, customerId: row.customerId, kind: row.kind, currency: row.currency }, scope)
      .catch((error: unknown) => {
        if (error instanceof UpstreamError) {
          refuse('ACCOUNT_OPENING_FAILED', 'Core banking could not open the account yet; it stays OPENING and is opened automatically (once) when core banking answers.', { backend: error.backend });
        }
        throw error;
      });
    if (!opened.ok) {
      deps.log.error({ openingId: row.id, code: opened.code, detail: opened.message }, 'core banking refused to open an account');
      return refuse('ACCOUNT_OPENING_FAILED', 'The account could not be opened; please contact the bank.');
    }
    return opened.value.accountId;
  }

  /**
   * A customer opens accounts under the identity the bank verified for them, never another one: the
   * submitted name and number are bound to the CRM record read now (whatever the draft's pre-fill
   * holds — it is empty when the CRM failed at start). Fails closed: no record, or a CRM that cannot
   * answer, refuses the submission and the draft stays a draft. A mismatch is a security event.
   * @throws OnboardingError IDENTITY_CHECK_UNAVAILABLE, IDENTITY_MISMATCH
   */
  async function assertOwnIdentity(customerId: string, openingId: string, submitted: { fullName: string; idNumber: string }, scope?: CallScope): Promise<void> {
    const [record] = await deps.backends.crm.getCustomerProfiles([customerId], scope).catch((error: unknown) => {
      if (!(error instanceof UpstreamError)) throw error;
      deps.log.warn({ code: error.code }, 'CRM unavailable: account opening identity cannot be bound');
      return refuse('IDENTITY_CHECK_UNAVAILABLE', 'Your identity cannot be checked right now; nothing was submitted. Try again shortly.');
    });
    if (!record) return refuse('IDENTITY_CHECK_UNAVAILABLE', 'The bank holds no verified identity for you; please visit a branch.');
    const binding = bindIdentity(submitted, record);
    if (binding.outcome === 'MATCH') return;
    await deps.securityEvents.record({ kind: 'ACCOUNT_OPENING_IDENTITY_MISMATCH', subjectId: customerId, detail: { openingId, fields: binding.fields } });
    refuse('IDENTITY_MISMATCH', 'The name and identity number must be your own, as the bank holds them.', { fields: binding.fields });
  }

  /** Runs a check; an unavailable backend becomes UNAVAILABLE (the decision fails closed). */
  function orUnavailable<T>(backend: string, call: Promise<T>): Promise<T | { status: 'UNAVAILABLE' }> {
    return call.catch((error: unknown) => {
      if (!(error instanceof UpstreamError)) throw error;
      deps.log.warn({ backend, code: error.code }, 'account opening check unavailable: held for review');
      return { status: 'UNAVAILABLE' as const };
    });
  }

  /** An approved (OPENING) opening: core banking opens the account (idempotent), then OPENED; a row no longer OPENING is left as it is. */
  async function finishOpening(approved: OpeningRow, actor: string, scope?: CallScope): Promise<OpeningRow> {
    const accountId = await openAccount(approved, scope);
    return change(approved.id, (row) => (row.status !== 'OPENING' ? null : outcome(row, 'OPENED', 'OPENED', actor, null, { set: { accountId } })));
  }

  /**
   * {@link finishOpening} under the opening's lease (or alongside its live holder: the same key
   * opens one account). A refusal or an outage leaves it OPENING, recorded as a failed attempt.
   */
  async function finishLeased(approved: OpeningRow, actor: string, scope?: CallScope): Promise<OpeningRow> {
    const run = await deps.leases.run('account-opening.open', approved.id, actor, async () => {
      const row = await finishOpening(approved, actor, scope);
      return { value: row, outcome: row.status === 'OPENING' ? null : row.status };
    });
    return run.claimed ? run.value : finishOpening(approved, actor, scope);
  }

  return {
    /**
     * Starts a draft pre-filled from the CRM (left empty when the CRM cannot answer). The same
     * idempotency key gives the same draft however often it is sent.
     * @throws OnboardingError FORBIDDEN, BAD_USER_INPUT, IDEMPOTENCY_KEY_REUSED
     */
    async start(viewer: Viewer, kind: OpeningKind, currency: string, idempotencyKey: string, scope?: CallScope): Promise<OpeningRow> {
      const customer = requireCustomer(viewer);
      const code = currency.trim().toUpperCase();
      if (!(OPENING_CURRENCIES as readonly string[]).includes(code)) {
        refuse('BAD_USER_INPUT', `currency must be one of ${OPENING_CURRENCIES.join(', ')}.`, { field: 'currency' });
      }
      const owner = `customer:${customer.customerId}`;
      let started: OpeningRow | undefined;
      return deps.commandKeys.run({
        owner,
        name: 'onboarding.start',
        key: idempotencyKey,
        args: [kind, code],
        claim: async (keyRecord) => {
          const [profile] = await deps.backends.crm.getCustomerProfiles([customer.customerId], scope).catch((error: unknown) => {
            if (!(error instanceof UpstreamError)) throw error;
            deps.log.warn({ code: error.code }, 'CRM unavailable: account opening draft not pre-filled');
            return [null];
          });
          const prefill: OpeningPrefill = profile
            ? { fullName: profile.fullName, idNumber: profile.idNumber, phone: profile.phone, address: profile.address }
            : EMPTY_PREFILL;
          const id = randomUUID();
          const at = now();
          const { row } = await repo.insert(
            {
              id,
              customerId: customer.customerId,
              kind,
              currency: code,
              status: 'DRAFT',
              prefill,
              verification: null,
              screening: null,
              accountId: null,
              idempotencyKey: openingStream(id),
              decidedBy: null,
              decisionReason: null,
              createdAt: at,
              updatedAt: at,
              seq: 1,
            },
            { type: 'STARTED', actor: owner },
            at,
            [keyRecord(id)],
          );
          started = row;
          return row.id;
        },
        first: async () => started!,
        replay: async (id) => (await repo.findById(id))!,
      });
    },

    /** @throws OnboardingError NOT_FOUND (also for another customer's opening) */
    get: (viewer: Viewer, id: string) => visible(viewer, id),

    /**
     * Submits a draft: verifies the identity and screens the person, then opens, holds for review
     * or terminates. An opening already decided is returned as it is.
     * @throws OnboardingError FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, IDENTITY_NOT_VERIFIED (the draft stays a draft), ACCOUNT_OPENING_FAILED
     */
    async submit(viewer: Viewer, id: string, input: SubmitOpeningInput, scope?: CallScope): Promise<OpeningRow> {
      const customer = requireCustomer(viewer);
      const current = await visible(viewer, id);
      if (current.status !== 'DRAFT') return current;
      const fullName = input.fullName.trim().replace(/\s+/g, ' ');
      const idNumber = input.idNumber.trim().toUpperCase();
      const selfieToken = input.selfieToken.trim();
      if (!fullName || fullName.length > 100) refuse('BAD_USER_INPUT', 'Give your full name (at most 100 characters).', { field: 'fullName' });
      if (!isIdNumber(idNumber)) refuse('BAD_USER_INPUT', 'The identity number must be 18 characters: 17 digits and a digit or X.', { field: 'idNumber' });
      if (!selfieToken || selfieToken.length > 200) refuse('BAD_USER_INPUT', 'Capture a selfie first.', { field: 'selfieToken' });
      await assertOwnIdentity(customer.customerId, id, { fullName, idNumber }, scope);

      const [verification, screening] = await Promise.all([
        orUnavailable<IdentityVerification>('identity', deps.backends.identity.verifyIdentity({ fullName, idNumber, selfieToken }, scope)),
        orUnavailable<ScreeningResult>('risk', deps.backends.risk.screenPerson({ fullName, idNumber }, scope)),
      ]);
      const identityCheck: IdentityCheck = 'result' in verification ? { status: 'DONE', result: verification.result } : { status: 'UNAVAILABLE' };
      const screeningCheck: ScreeningCheck =
        'result' in screening
          ? { status: 'DONE', result: screening.result, pep: screening.pep, lists: screening.lists, matchScore: screening.matchScore }
          : { status: 'UNAVAILABLE' };
      const decision = decideOpening(identityCheck, screeningCheck);
      const actor = `customer:${customer.customerId}`;
      const recorded = { verification: { ...verification }, screening: { ...screening } };

      if (decision.outcome === 'REFUSE_IDENTITY') {
        return refuse('IDENTITY_NOT_VERIFIED', 'We could not verify your identity. Check your details and take a new selfie, then submit again.');
      }
      if (decision.outcome === 'OPEN') {
        // Recorded before core banking is called: an opening cut off after this (an outage, a
        // stopped instance) is OPENING, which the recovery sweep finishes under the same key.
        const checked = await change(id, (row) => (row.status !== 'DRAFT' ? null : outcome(row, 'OPENING', 'CHECKS_PASSED', actor, null, { set: recorded })));
        return checked.status === 'OPENING' ? finishLeased(checked, actor, scope) : checked;
      }
      const status: OpeningStatus = decision.outcome === 'TERMINATE' ? 'TERMINATED' : 'PENDING_REVIEW';
      return change(id, (row) => {
        if (row.status !== 'DRAFT') return null;
        const alert = decision.alert
          ? {
              ...decision.alert,
              customerId: row.customerId,
              subject: openingStream(row.id),
              detail: { openingId: row.id, ...recorded, ...(decision.outcome === 'REVIEW' ? { reviewReason: decision.reason } : {}) },
            }
          : null;
        return outcome(row, status, decision.outcome === 'TERMINATE' ? 'TERMINATED' : 'HELD_FOR_REVIEW', actor, null, { set: recorded, alert });
      });
    },

    /**
     * A risk officer decides a held opening. Reject terminates it. Approve first records the
     * decision (OPENING) under the row lock, so a rejection racing it finds the opening decided;
     * then core banking opens the account (idempotent, keyed by the opening); then OPENED. When core
     * banking fails the opening stays OPENING, and approving again (any risk officer) finishes it.
     * @throws OnboardingError FORBIDDEN, BAD_USER_INPUT, NOT_FOUND, INVALID_TRANSITION, OWN_APPLICATION, ACCOUNT_OPENING_FAILED
     */
    async review(viewer: Viewer, id: string, approve: boolean, reason: string, scope?: CallScope): Promise<OpeningRow> {
      const officer = requireStaff(viewer, ['RISK_OFFICER'], 'Risk officers only.');
      const why = reason.trim();
      if (!why) refuse('BAD_USER_INPUT', 'Give a reason for the decision.', { field: 'reason' });
      const current = await visible(viewer, id);
      const member = await deps.auth.staffMember(officer.staffId);
      if (member?.customerId && member.customerId === current.customerId) refuse('OWN_APPLICATION', 'You cannot decide on your own account opening.');
      const decidable: readonly OpeningStatus[] = approve ? ['PENDING_REVIEW', 'OPENING'] : ['PENDING_REVIEW'];
      const expectDecidable = (row: OpeningRow) => {
        if (!decidable.includes(row.status)) refuse('INVALID_TRANSITION', `A ${row.status} account opening cannot be decided now.`, { status: row.status });
      };
      expectDecidable(current);
      const actor = `staff:${officer.staffId}`;
      if (!approve) {
        return change(id, (row) => {
          expectDecidable(row);
          return outcome(row, 'TERMINATED', 'REJECTED_BY_RISK_OFFICER', actor, why, { set: { decidedBy: officer.staffId, decisionReason: why } });
        });
      }
      const approved = await change(id, (row) => {
        expectDecidable(row);
        if (row.status === 'OPENING') return null; // decided already: finish the opening
        return outcome(row, 'OPENING', 'APPROVED_BY_RISK_OFFICER', actor, why, { set: { decidedBy: officer.staffId, decisionReason: why } });
      });
      return finishLeased(approved, actor, scope);
    },

    /**
     * The recovery sweep's pass: finishes approved openings a stopped instance (or a core-banking
     * failure) left OPENING (last changed before `before`) whose lease lapsed: opens the account
     * (idempotent, the same key) and records OPENED. @returns how many were finished
     */
    async recoverOpenings(before: Date, limit: number): Promise<number> {
      let finished = 0;
      for (const row of await repo.stuckOpening(before, limit)) {
        try {
          const run = await deps.leases.run('account-opening.open', row.id, 'sweep', async () => {
            const done = await finishOpening(row, 'system');
            return { value: done, outcome: done.status === 'OPENING' ? null : done.status };
          });
          if (run.claimed && run.value.status === 'OPENED') finished += 1;
        } catch (error) {
          deps.log.warn({ err: error, openingId: row.id }, 'could not finish an approved account opening');
        }
      }
      return finished;
    },

    /** Openings waiting for a risk officer, oldest first. @throws OnboardingError FORBIDDEN, BAD_USER_INPUT */
    /** A page of the openings waiting for risk staff, oldest first, and how many wait in all. */
    async pendingReview(viewer: Viewer, page: PageRequest): Promise<{ rows: OpeningRow[]; totalCount: number }> {
      if (!isRiskStaff(viewer)) return refuse('FORBIDDEN', 'Risk officers only.');
      const [rows, totalCount] = await Promise.all([repo.pendingReview(page.limit, page.after), repo.countPendingReview()]);
      return { rows, totalCount };
    },
  };
}

export type OnboardingService = ReturnType<typeof createOnboardingService>;
