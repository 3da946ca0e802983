/**
 * Counter services as four timed steps: verify identity → load the template pre-filled → the
 * customer confirms → the system processes (through core banking or the CRM, idempotently, keyed
 * by the request id). The same flow serves the customer's own channels and the branch: a teller
 * acts on a registered terminal (a {@link BranchDesk}, resolved by the branch module) and sees only
 * requests attached to that branch. Status changes go through the write path with their events and
 * step timings (services.repository.ts); the rules are pure (services.rules.ts).
 */
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Backends } from '../../adapters/backends.js';
import type { Viewer } from '../../platform/context.js';
import type { PageRequest } from '../../platform/graphql/connection.js';
import { hasCode, UpstreamError } from '../../platform/errors.js';
import type { EventFanout } from '../../platform/events/fanout.js';
import type { StoredEvent } from '../../platform/events/event-log.js';
import { hasStaffRole, requireStaff } from '../../platform/guards.js';
import { isUuid } from '../../platform/ids.js';
import type { Logger } from '../../platform/logger.js';
import type { CallScope } from '../../platform/request-scope.js';
import type { CommandKeys } from '../../platform/write/idempotency.js';
import { runIdempotent } from '../../platform/write/idempotency.js';
import type { Change, TxRecord } from '../../platform/write/write-path.js';
import { auditRecord } from '../audit/audit-log.js';
import { SERVICE_TEMPLATES, type ServiceTemplateSpec, type StartChannel } from './services.catalogue.js';
import { refuse } from './services.errors.js';
import { customerServicesTopic, serviceRequestStream, type ServiceRequestRow, type ServicesRepository, type StepPlace } from './services.repository.js';
import {
  applyFieldUpdate,
  confirmationErrors,
  identitySuffices,
  idDocumentMatches,
  prefilledValues,
  SERVICE_STEPS,
  startChannelOf,
  type FieldError,
  type ServiceRequestStatus,
} from './services.rules.js';

/** A teller signed in on a registered terminal of a branch (see the branch module). */
export interface BranchDesk {
  tellerId: string;
  branchId: string;
  terminalId: string;
}

export interface ServicesServiceDeps {
  repo: ServicesRepository;
  commandKeys: CommandKeys;
  backends: Backends;
  fanout: EventFanout;
  log: Logger;
  now: () => Date;
  otpTtlSeconds: number;
}

const OTP_MAX_ATTEMPTS = 5;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** BAD_USER_INPUT with every field's problem in `extensions.fieldErrors`. */
function fieldErrors(errors: FieldError[]): never {
  return refuse('BAD_USER_INPUT', errors.map((e) => `${e.field}: ${e.message}`).join(' '), { fieldErrors: errors });
}

export function createServicesService(deps: ServicesServiceDeps) {
  const { repo, now } = deps;
  const byCode = new Map(SERVICE_TEMPLATES.map((t) => [t.code, t]));

  const templateOf = (code: string): ServiceTemplateSpec => byCode.get(code) ?? refuse('TEMPLATE_NOT_FOUND', `No service template ${code.slice(0, 64)}.`, { field: 'templateCode' });

  const placeOf = (row: ServiceRequestRow, desk: BranchDesk | null): StepPlace =>
    desk ? { channel: 'BRANCH_TERMINAL', tellerId: desk.tellerId, branchId: desk.branchId } : { channel: row.channel, tellerId: null, branchId: null };

  /**
   * The request, if the viewer may act on it: its customer, or a teller on a terminal of the
   * branch the request is attached to. Anything else is the same NOT_FOUND.
   */
  async function visible(viewer: Viewer, id: string, desk: BranchDesk | null): Promise<ServiceRequestRow> {
    const row = isUuid(id) ? await repo.findById(id) : undefined;
    const mine = row && viewer.kind === 'customer' && viewer.customerId === row.customerId;
    const atDesk = row && desk && viewer.kind === 'staff' && viewer.staffId === desk.tellerId && row.branchId === desk.branchId;
    if (!row || !(mine || atDesk)) return refuse('NOT_FOUND', 'No such service request.');
    return row;
  }

  /** Tellers act only on a terminal: a staff viewer without a desk is refused. */
  function actorOf(viewer: Viewer, desk: BranchDesk | null): string {
    if (viewer.kind === 'customer') return `customer:${viewer.customerId}`;
    if (viewer.kind === 'staff' && hasStaffRole(viewer, ['TELLER'])) {
      if (!desk) return refuse('TERMINAL_REQUIRED', 'Tellers work on a registered branch terminal: send terminal.');
      return `staff:${viewer.staffId}`;
    }
    return refuse('FORBIDDEN', 'Only the customer, or a teller at a branch terminal, can do this.');
  }

  async function change(id: string, decide: (row: ServiceRequestRow) => Change<ServiceRequestRow, ServiceRequestStatus> | null) {
    return (await repo.change(id, now(), decide)).row;
  }

  const ownedAccountIds = async (customerId: string, scope?: CallScope): Promise<string[]> => {
    const [accounts] = await deps.backends.coreBanking.getAccountsByCustomerIds([customerId], scope);
    return (accounts ?? []).filter((a) => a.status === 'ACTIVE' && a.kind !== 'LOAN').map((a) => a.accountId);
  };

  async function sendCode(row: ServiceRequestRow, scope?: CallScope): Promise<void> {
    const [profile] = await deps.backends.crm.getCustomerProfiles([row.customerId], scope);
    if (!profile) return;
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await change(row.id, () => ({
      set: { otpHash: sha256(`${row.id}:${code}`), otpExpiresAt: new Date(now().getTime() + deps.otpTtlSeconds * 1000), otpAttempts: 0 },
      event: { type: 'CODE_SENT', actor: 'system' },
    }));
    await deps.backends.identity.sendOtpMessage({ phone: profile.phone, code, purpose: 'SERVICE_REQUEST' }, scope);
  }

  /** Runs the template's action; the backend key is the request id, so a retry never acts twice. */
  async function processRequest(id: string, scope?: CallScope): Promise<ServiceRequestRow> {
    const row = (await repo.findById(id))!;
    if (row.status !== 'PROCESSING') return row;
    const template = templateOf(row.templateCode);
    const idempotencyKey = `service-request:${row.id}`;
    let outcome: { ok: true; reference: string } | { ok: false; code: string };
    try {
      if (template.action.backend === 'CRM') {
        const result = await deps.backends.crm.recordChange({ idempotencyKey, customerId: row.customerId, operation: template.action.operation, details: row.fields }, scope);
        outcome = result.ok ? { ok: true, reference: result.value.changeId } : { ok: false, code: result.code };
      } else {
        const accountId = template.action.accountField ? (row.fields[template.action.accountField] ?? null) : null;
        const result = await deps.backends.coreBanking.placeServiceOrder({ idempotencyKey, customerId: row.customerId, operation: template.action.operation, accountId, details: row.fields }, scope);
        outcome = result.ok ? { ok: true, reference: result.value.orderId } : { ok: false, code: result.code };
      }
    } catch (error) {
      // Outcome unknown: the request stays PROCESSING and the same key finishes it later.
      if (error instanceof UpstreamError) {
        deps.log.warn({ err: error, requestId: row.id }, 'service action failed; request stays PROCESSING');
        return refuse('PROCESSING_DELAYED', `${error.publicMessage} The request is kept; retry it (the action runs once).`, { status: 'PROCESSING', backend: error.backend });
      }
      throw error;
    }
    return change(id, (r) =>
      r.status !== 'PROCESSING'
        ? null // another retry recorded the outcome first: the action ran once.
        : outcome.ok
          ? {
              set: { status: 'DONE', outcomeReference: outcome.reference, completedAt: now() },
              event: { type: 'DONE', actor: 'system', payload: { reference: outcome.reference } },
              records: [repo.closeSteps(r.id)],
            }
          : {
              set: { status: 'FAILED', failureReason: outcome.code, completedAt: now() },
              event: { type: 'FAILED', actor: 'system', reason: outcome.code },
              records: [repo.closeSteps(r.id)],
            },
    );
  }

  /** Reads the pre-fill sources (CRM profile, accounts, the last finished request of the template). */
  async function prefill(row: ServiceRequestRow, scope?: CallScope): Promise<Record<string, string>> {
    const template = templateOf(row.templateCode);
    const sources = new Set(template.fields.map((f) => f.prefill).filter(Boolean));
    const needsProfile = ['CRM_PHONE', 'CRM_EMAIL', 'CRM_ADDRESS_LINE', 'CRM_CITY'].some((s) => sources.has(s as never));
    const [profiles, accounts, earlier] = await Promise.all([
      needsProfile ? deps.backends.crm.getCustomerProfiles([row.customerId], scope) : Promise.resolve([null]),
      sources.has('FIRST_ACCOUNT') ? ownedAccountIds(row.customerId, scope) : Promise.resolve([]),
      sources.has('EARLIER_REQUEST') ? repo.lastDone(row.customerId, row.templateCode) : Promise.resolve(undefined),
    ]);
    const profile = profiles[0];
    return prefilledValues(template, row.fields, {
      phone: profile?.phone,
      email: profile?.email,
      addressLine: profile?.address.line1,
      city: profile?.address.city,
      firstAccountId: accounts[0],
      earlier: earlier?.fields,
    });
  }

  /** VERIFYING → FILLING: the identity step ends, the pre-fill is timed, the confirmation step starts. */
  async function toFilling(
    row: ServiceRequestRow,
    verifiedBy: 'SESSION' | 'OTP' | 'TELLER',
    actor: string,
    desk: BranchDesk | null,
    scope?: CallScope,
  ): Promise<ServiceRequestRow> {
    const prefillStarted = now();
    const values = await prefill(row, scope);
    const prefillEnded = now();
    const place = placeOf(row, desk);
    return change(row.id, (r) => {
      if (r.status !== 'VERIFYING') return refuse('INVALID_TRANSITION', `A ${r.status} request is not waiting for identity.`, { status: r.status });
      return {
        set: { status: 'FILLING', verifiedBy, fields: { ...values, ...r.fields }, otpHash: null },
        event: { type: 'IDENTITY_VERIFIED', actor, payload: { verifiedBy } },
        records: [
          repo.closeSteps(r.id),
          repo.timedStep(r.id, r.templateCode, 'PREFILL', place, prefillStarted, prefillEnded),
          repo.openStep(r.id, r.templateCode, 'CONFIRM', place, prefillEnded),
          desk && verifiedBy === 'TELLER'
            ? auditRecord({ actor, action: 'SERVICE_ID_VERIFIED', subject: serviceRequestStream(r.id), detail: { terminalId: desk.terminalId, branchId: desk.branchId } })
            : null,
        ],
      };
    });
  }

  return {
    seedTemplates: () => repo.seedTemplates(SERVICE_TEMPLATES, now()),

    /** Templates the viewer may start on `channel` (their own channel when not given). */
    async templates(viewer: Viewer, channel: StartChannel | null): Promise<ServiceTemplateSpec[]> {
      const all = await repo.templates();
      if (viewer.kind === 'customer') {
        const own = startChannelOf(viewer);
        const asked = channel ?? own;
        if (!asked || !['APP', 'WEB', 'MINI_PROGRAM'].includes(asked)) return [];
        return all.filter((t) => t.startChannels.includes(asked));
      }
      if (hasStaffRole(viewer, ['TELLER'])) {
        const asked = channel ?? 'TELLER';
        if (asked !== 'TELLER' && asked !== 'BRANCH_TERMINAL') return [];
        return all.filter((t) => t.startChannels.includes(asked));
      }
      return refuse('FORBIDDEN', 'Customers and tellers see the service catalogue.');
    },

    async template(code: string): Promise<ServiceTemplateSpec | null> {
      return (await repo.templates()).find((t) => t.code === code) ?? null;
    },

    /**
     * Step 1 begins: a new request in VERIFYING (a one-time code is sent for OTP templates started
     * by the customer). A teller starts one at a terminal for the customer at the counter.
     */
    async start(
      viewer: Viewer,
      input: { templateCode: string; idempotencyKey: string; customerId: string | null },
      desk: BranchDesk | null,
      scope?: CallScope,
    ): Promise<ServiceRequestRow> {
      const actor = actorOf(viewer, desk);
      const template = templateOf(input.templateCode);
      const startedOn = viewer.kind === 'customer' ? startChannelOf(viewer) : desk ? 'BRANCH_TERMINAL' : null;
      if (!startedOn || !template.startChannels.includes(startedOn)) {
        return refuse('CHANNEL_NOT_ALLOWED', `${template.name} cannot be started on this channel.`, { field: 'templateCode' });
      }
      const customerId = viewer.kind === 'customer' ? viewer.customerId : input.customerId;
      if (!customerId || !/^C\d{6}$/.test(customerId)) return fieldErrors([{ field: 'customerId', code: 'REQUIRED', message: 'Name the customer at the counter.' }]);
      if (viewer.kind === 'staff') {
        const [profile] = await deps.backends.crm.getCustomerProfiles([customerId], scope);
        if (!profile) return refuse('NOT_FOUND', 'No such customer.', { field: 'customerId' });
      }
      return runIdempotent({
        key: input.idempotencyKey,
        request: ['service.start', template.code, customerId, desk?.terminalId ?? null],
        find: () => repo.findByIdempotencyKey(customerId, input.idempotencyKey),
        hashOf: (row) => row.requestHash,
        claim: async (requestHash) => {
          const id = randomUUID();
          const at = now();
          const place: StepPlace = desk ? { channel: startedOn, tellerId: desk.tellerId, branchId: desk.branchId } : { channel: startedOn, tellerId: null, branchId: null };
          const { row } = await repo.insert(
            {
              id,
              customerId,
              templateCode: template.code,
              status: 'VERIFYING',
              seq: 1,
              startedOn,
              channel: startedOn,
              fields: {},
              verifiedBy: null,
              tellerId: desk?.tellerId ?? null,
              branchId: desk?.branchId ?? null,
              terminalId: desk?.terminalId ?? null,
              otpHash: null,
              otpExpiresAt: null,
              otpAttempts: 0,
              failureReason: null,
              outcomeReference: null,
              expertReference: null,
              idempotencyKey: input.idempotencyKey,
              requestHash,
              createdAt: at,
              updatedAt: at,
              completedAt: null,
            },
            { type: 'STARTED', actor, payload: { templateCode: template.code, channel: startedOn } },
            at,
            [repo.openStep(id, template.code, 'VERIFY_IDENTITY', place)],
          );
          return row;
        },
        first: async (row) => {
          if (viewer.kind === 'customer' && template.identityLevel !== 'SESSION') await sendCode(row, scope);
          return (await repo.findById(row.id))!;
        },
        replay: async (row) => row,
      });
    },

    /**
     * Step 1 ends: the customer's one-time code (none for SESSION templates), or the teller's
     * check of the ID document at the counter. A document that does not match cancels the request.
     */
    async verify(
      viewer: Viewer,
      id: string,
      proof: { code: string | null; idDocumentNumber: string | null },
      desk: BranchDesk | null,
      scope?: CallScope,
    ): Promise<ServiceRequestRow> {
      const actor = actorOf(viewer, desk);
      const row = await visible(viewer, id, desk);
      if (row.status !== 'VERIFYING') return refuse('INVALID_TRANSITION', `A ${row.status} request is not waiting for identity.`, { status: row.status });
      const template = templateOf(row.templateCode);
      if (viewer.kind === 'staff') {
        if (!proof.idDocumentNumber) return fieldErrors([{ field: 'idDocumentNumber', code: 'REQUIRED', message: 'Enter the number of the ID document checked.' }]);
        const [profile] = await deps.backends.crm.getCustomerProfiles([row.customerId], scope);
        if (!profile || !idDocumentMatches(profile.idNumber, proof.idDocumentNumber)) {
          await change(id, (r) =>
            r.status !== 'VERIFYING'
              ? null
              : {
                  set: { status: 'CANCELLED', failureReason: 'ID_MISMATCH', completedAt: now() },
                  event: { type: 'CANCELLED', actor, reason: 'ID_MISMATCH' },
                  records: [
                    repo.closeSteps(r.id),
                    auditRecord({ actor, action: 'SERVICE_ID_MISMATCH', subject: serviceRequestStream(r.id), detail: { terminalId: desk!.terminalId, branchId: desk!.branchId } }),
                  ],
                },
          );
          return refuse('ID_MISMATCH', 'The ID document does not match the customer; the request is cancelled.');
        }
        return toFilling(row, 'TELLER', actor, desk, scope);
      }
      // At a branch the counter checks the ID: the customer's own session or code cannot stand in for it.
      if (row.branchId !== null) return refuse('BRANCH_VERIFICATION_REQUIRED', 'The teller checks your ID document at the counter.');
      if (template.identityLevel === 'SESSION') return toFilling(row, 'SESSION', actor, null, scope);
      if (!proof.code) return fieldErrors([{ field: 'code', code: 'REQUIRED', message: 'Enter the code sent to your phone.' }]);
      const code = proof.code;
      await change(id, (r) => {
        if (r.status !== 'VERIFYING') return refuse('INVALID_TRANSITION', `A ${r.status} request is not waiting for identity.`, { status: r.status });
        if (!r.otpHash || !r.otpExpiresAt || r.otpExpiresAt <= now()) return refuse('CODE_EXPIRED', 'The code has expired; start the request again.');
        if (r.otpAttempts >= OTP_MAX_ATTEMPTS) return refuse('TOO_MANY_ATTEMPTS', 'Too many wrong codes; start the request again.');
        if (!timingSafeEqual(Buffer.from(sha256(`${r.id}:${code}`)), Buffer.from(r.otpHash))) {
          return { set: { otpAttempts: r.otpAttempts + 1 }, event: { type: 'CODE_WRONG', actor } };
        }
        return { set: { otpHash: null, verifiedBy: 'OTP' }, event: { type: 'CODE_ACCEPTED', actor } };
      });
      const after = (await repo.findById(id))!;
      if (after.verifiedBy !== 'OTP') return refuse('CODE_INVALID', 'The code is not correct.', { attemptsLeft: OTP_MAX_ATTEMPTS - after.otpAttempts });
      return toFilling(after, 'OTP', actor, null, scope);
    },

    /** Step 3: fields change, all checked at once (`fieldErrors`); nothing is stored when one is wrong. */
    async update(viewer: Viewer, id: string, fields: { name: string; value: string }[], desk: BranchDesk | null, scope?: CallScope): Promise<ServiceRequestRow> {
      const actor = actorOf(viewer, desk);
      const row = await visible(viewer, id, desk);
      if (row.status !== 'FILLING') return refuse('INVALID_TRANSITION', `A ${row.status} request cannot be edited.`, { status: row.status });
      const template = templateOf(row.templateCode);
      const needsAccounts = template.fields.some((f) => f.type === 'OWN_ACCOUNT' && fields.some((u) => u.name === f.name));
      const owned = needsAccounts ? await ownedAccountIds(row.customerId, scope) : [];
      const { errors } = applyFieldUpdate(template, row.fields, fields, owned);
      if (errors.length > 0) return fieldErrors(errors);
      return change(id, (r) => {
        if (r.status !== 'FILLING') return refuse('INVALID_TRANSITION', `A ${r.status} request cannot be edited.`, { status: r.status });
        // Applied to the locked row's values, so two channels editing different fields both count.
        const merged = applyFieldUpdate(template, r.fields, fields, owned);
        return { set: { fields: merged.values }, event: { type: 'FIELDS_UPDATED', actor, payload: { fields: fields.map((f) => f.name) } } };
      });
    },

    /**
     * Step 3 ends, step 4 runs: the customer (on any of their channels, or on the terminal) confirms
     * and the action executes once. The same key replays the first answer and finishes a request
     * left PROCESSING by an outage.
     */
    async confirm(viewer: Viewer, id: string, idempotencyKey: string, desk: BranchDesk | null, scope?: CallScope): Promise<ServiceRequestRow> {
      const actor = actorOf(viewer, desk);
      return deps.commandKeys.run({
        owner: actor,
        name: 'serviceRequest.confirm',
        key: idempotencyKey,
        args: [id, desk?.terminalId ?? null],
        claim: async (keyRecord) => {
          const row = await visible(viewer, id, desk);
          if (row.status !== 'FILLING') return refuse('INVALID_TRANSITION', `A ${row.status} request cannot be confirmed.`, { status: row.status });
          const template = templateOf(row.templateCode);
          if (!identitySuffices(template.identityLevel, (row.verifiedBy ?? 'SESSION') as 'SESSION' | 'OTP' | 'TELLER')) {
            return refuse('BRANCH_VERIFICATION_REQUIRED', `${template.name} is finished at a branch after a teller checks your ID: issue a branch ticket.`);
          }
          const owned = template.fields.some((f) => f.type === 'OWN_ACCOUNT') ? await ownedAccountIds(row.customerId, scope) : [];
          const errors = confirmationErrors(template, row.fields, owned);
          if (errors.length > 0) return fieldErrors(errors);
          await change(id, (r) => {
            if (r.status !== 'FILLING' || r.seq !== row.seq) {
              return refuse('INVALID_TRANSITION', 'The request changed while it was being confirmed; reload it.', { status: r.status });
            }
            return {
              set: { status: 'PROCESSING' },
              event: { type: 'CONFIRMED', actor },
              records: [repo.closeSteps(r.id), repo.openStep(r.id, r.templateCode, 'PROCESS', placeOf(r, desk)), keyRecord(r.id)],
            };
          });
          return id;
        },
        first: (confirmed) => processRequest(confirmed, scope),
        replay: (confirmed) => processRequest(confirmed, scope),
      });
    },

    /** Retries the action of a request left PROCESSING (an outage); it runs once whatever is retried. */
    async retry(viewer: Viewer, id: string, desk: BranchDesk | null, scope?: CallScope): Promise<ServiceRequestRow> {
      actorOf(viewer, desk);
      const row = await visible(viewer, id, desk);
      if (row.status !== 'PROCESSING') return row;
      return processRequest(id, scope);
    },

    async cancel(viewer: Viewer, id: string, reason: string | null, desk: BranchDesk | null): Promise<ServiceRequestRow> {
      const actor = actorOf(viewer, desk);
      await visible(viewer, id, desk);
      return change(id, (r) => {
        if (!['VERIFYING', 'FILLING', 'EXPERT_REVIEW'].includes(r.status)) return refuse('INVALID_TRANSITION', `A ${r.status} request can no longer be cancelled.`, { status: r.status });
        return {
          set: { status: 'CANCELLED', failureReason: 'CANCELLED_BY_' + (viewer.kind === 'customer' ? 'CUSTOMER' : 'TELLER'), completedAt: now() },
          event: { type: 'CANCELLED', actor, reason },
          records: [repo.closeSteps(r.id)],
        };
      });
    },

    /**
     * A teller hands a FILLING request to the expert queue (kept in EXPERT_REVIEW with the queue's
     * reference); the expert module calls {@link returnFromExpert} with the decision.
     */
    async handToExpert(viewer: Viewer, id: string, reference: string, desk: BranchDesk): Promise<ServiceRequestRow> {
      const actor = actorOf(viewer, desk);
      await visible(viewer, id, desk);
      return change(id, () => ({
        set: { status: 'EXPERT_REVIEW', expertReference: reference },
        event: { type: 'HANDED_TO_EXPERT', actor, payload: { reference } },
      }));
    },

    async returnFromExpert(id: string, actor: string, decision: string): Promise<ServiceRequestRow> {
      return change(id, () => ({ set: { status: 'FILLING' }, event: { type: 'EXPERT_DECIDED', actor, reason: decision } }));
    },

    /**
     * A prepared request (FILLING) is taken over at a branch from a redeemed ticket: attached to
     * the branch, and back to VERIFYING for the counter's ID check. `records` commit with it
     * (the ticket's redemption).
     */
    async attachToBranch(id: string, desk: BranchDesk, records: TxRecord[]): Promise<ServiceRequestRow> {
      const actor = `staff:${desk.tellerId}`;
      const place: StepPlace = { channel: 'BRANCH_TERMINAL', tellerId: desk.tellerId, branchId: desk.branchId };
      return change(id, (r) => {
        if (r.status !== 'FILLING') return refuse('INVALID_TRANSITION', `A ${r.status} request cannot be taken over at a branch.`, { status: r.status });
        return {
          set: { status: 'VERIFYING', channel: 'BRANCH_TERMINAL', tellerId: desk.tellerId, branchId: desk.branchId, terminalId: desk.terminalId, verifiedBy: null },
          event: { type: 'REDEEMED_AT_BRANCH', actor, payload: { branchId: desk.branchId } },
          records: [repo.closeSteps(r.id), repo.openStep(r.id, r.templateCode, 'VERIFY_IDENTITY', place), ...records],
        };
      });
    },

    get: (viewer: Viewer, id: string, desk: BranchDesk | null) => visible(viewer, id, desk),

    /** The customer's own request (for tickets): NOT_FOUND for anyone else's. */
    async ownedBy(customerId: string, id: string): Promise<ServiceRequestRow> {
      const row = isUuid(id) ? await repo.findById(id) : undefined;
      if (!row || row.customerId !== customerId) return refuse('NOT_FOUND', 'No such service request.');
      return row;
    },

    findById: (id: string) => repo.findById(id),

    /** A page of the customer's own requests, newest first, and how many they have in all. */
    async mine(viewer: Viewer, page: PageRequest): Promise<{ rows: ServiceRequestRow[]; totalCount: number }> {
      if (viewer.kind !== 'customer') return refuse('FORBIDDEN', 'Only the customer can list their requests.');
      const [rows, totalCount] = await Promise.all([repo.listForCustomer(viewer.customerId, page.limit, page.after), repo.countForCustomer(viewer.customerId)]);
      return { rows, totalCount };
    },

    /** The request's steps in flow order (a step and the next can start in the same millisecond). */
    steps: async (id: string) =>
      (await repo.stepsOf(id)).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || SERVICE_STEPS.indexOf(a.step) - SERVICE_STEPS.indexOf(b.step)),

    /** p50/p90 per step and overall, against the template's target (operations staff). */
    async stepTimings(viewer: Viewer, templateCode: string, from: Date, to: Date) {
      requireStaff(viewer, ['OPS_ANALYST', 'ADMIN'], 'Operations analysts only.');
      const template = templateOf(templateCode);
      const [steps, overall] = await Promise.all([repo.stepTimings(template.code, from, to), repo.overallTimings(template.code, from, to)]);
      return { template, steps, overall };
    },

    async tellerThroughput(viewer: Viewer, from: Date, to: Date, branchId: string | null) {
      requireStaff(viewer, ['OPS_ANALYST', 'ADMIN'], 'Operations analysts only.');
      return repo.tellerThroughput(from, to, branchId);
    },

    /** Replay-then-live events of one request the viewer may see. */
    async events(viewer: Viewer, id: string, afterSeq: number, desk: BranchDesk | null, signal: AbortSignal): Promise<AsyncIterableIterator<StoredEvent>> {
      await visible(viewer, id, desk);
      return deps.fanout.streamOf(serviceRequestStream(id), Math.max(0, afterSeq), { signal });
    },

    myEvents(viewer: Viewer, signal: AbortSignal): AsyncIterableIterator<StoredEvent> {
      if (viewer.kind !== 'customer') return refuse('FORBIDDEN', 'Only the customer can follow their requests.');
      return deps.fanout.live(customerServicesTopic(viewer.customerId), { signal });
    },

    isInvalidTransition: (error: unknown) => hasCode(error, 'INVALID_TRANSITION'),
  };
}

export type ServicesService = ReturnType<typeof createServicesService>;
