/**
 * Transfers with real-time risk: checked (ownership, balance, limits), scored by pure rules over
 * the customer's history and the risk platform, then ALLOW (posted through core banking), STEP_UP
 * (a one-time code first), HOLD (a risk officer decides) or BLOCK. HOLD and BLOCK raise alerts in
 * the same transaction. Posting is idempotent end to end: the core banking key is the transfer id.
 */
import { toGlobalId } from '../../platform/graphql/relay.js';
import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import { createLoaders } from '../../adapters/loaders.js';
import type { Backends } from '../../adapters/backends.js';
import type { Viewer } from '../../platform/context.js';
import { hasCode, UpstreamError } from '../../platform/errors.js';
import type { EventFanout } from '../../platform/events/fanout.js';
import type { StoredEvent } from '../../platform/events/event-log.js';
import type { PageRequest } from '../../platform/graphql/connection.js';
import type { CallScope } from '../../platform/request-scope.js';
import { findVisible, requireCustomer, requireStaff } from '../../platform/guards.js';
import type { Logger } from '../../platform/logger.js';
import { compareDecimal, toMoneyString } from '../../platform/money/decimal.js';
import type { Leases, WorkResult } from '../../platform/work/leases.js';
import { runIdempotent } from '../../platform/write/idempotency.js';
import type { Change } from '../../platform/write/write-path.js';
import { alertRecord } from '../alerts/alerts.raise.js';
import { auditRecord } from '../audit/audit-log.js';
import { TransferError, type TransferErrorCode } from './transfers.errors.js';
import { customerTransfersTopic, transferStream, type TransferRow, type TransfersRepository } from './transfers.repository.js';
import {
  DEFAULT_TRANSFER_POLICY,
  STATUS_OF_DECISION,
  isTransferAmount,
  localHour,
  medianAmount,
  scoreTransfer,
  transferLimit,
  type TransferPolicy,
  type TransferRiskResult,
  type TransferStatus,
} from './transfers.rules.js';

export interface TransferInput {
  fromAccountId: string;
  payeeAccountNumber: string;
  payeeName: string;
  amount: string;
  currency: string;
}

export interface TransfersServiceDeps {
  repo: TransfersRepository;
  backends: Backends;
  fanout: EventFanout;
  log: Logger;
  now: () => Date;
  otpTtlSeconds: number;
  /** Leases on postings in flight, so the recovery sweep takes over only abandoned ones. */
  leases: Leases;
  /** @default DEFAULT_TRANSFER_POLICY */
  policy?: TransferPolicy;
}

const OTP_MAX_ATTEMPTS = 5;
/** Step-up codes one transfer may be sent (the first included); each try counts, sent or not. */
export const MAX_CODE_SENDS = 5;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function createTransfersService(deps: TransfersServiceDeps) {
  const { repo, now } = deps;
  const policy = deps.policy ?? DEFAULT_TRANSFER_POLICY;
  const refuse = (code: TransferErrorCode, message: string, details?: Record<string, unknown>): never => {
    throw new TransferError(code, message, details);
  };
  const requireOwner = (viewer: Viewer) => requireCustomer(viewer, 'Only the customer can move their money.');
  const requireOfficer = (viewer: Viewer) => requireStaff(viewer, ['RISK_OFFICER'], 'Risk officers only.').staffId;

  /** The transfer, if the viewer may see it: its customer, or a risk officer. Else NOT_FOUND. */
  const visible = (viewer: Viewer, id: string): Promise<TransferRow> => findVisible(viewer, id, repo.findById, ['RISK_OFFICER'], 'transfer');

  async function change(id: string, decide: (row: TransferRow) => Change<TransferRow, TransferStatus> | null) {
    return (await repo.change(id, now(), decide)).row;
  }

  /**
   * Settles a transfer in POSTING with core banking; the same transfer never posts twice (its key
   * is the transfer id). With `reconcile` (every retry: a replay, a staff retry, the sweep) it first
   * asks core banking what became of the key, and records that outcome when it was applied;
   * otherwise (or when it was not) it posts under the same key. Core banking unreachable or silent
   * leaves it POSTING (`outcome: null`).
   */
  async function settlePosting(id: string, reconcile: boolean, scope?: CallScope): Promise<WorkResult<TransferRow>> {
    const row = (await repo.findById(id))!;
    if (row.status !== 'POSTING') return { value: row, outcome: row.status };
    const idempotencyKey = `transfer:${row.id}`;
    let note: string | undefined;
    let posted;
    try {
      if (reconcile) {
        const known = await deps.backends.coreBanking.transferOutcome(idempotencyKey, scope);
        if (known.applied) {
          posted = { ok: true as const, value: known.result };
          note = 'core banking had applied the key';
        } else {
          note = 'core banking had not applied the key: posted again under it';
        }
      }
      posted ??= await deps.backends.coreBanking.postTransfer({
        idempotencyKey,
        fromAccountId: row.fromAccountId,
        toAccountNumber: row.payeeAccountNumber,
        toName: row.payeeName,
        amount: { amount: row.amount, currency: row.currency },
      }, scope);
    } catch (error) {
      if (error instanceof UpstreamError) return { value: row, outcome: null, note: `core banking: ${error.code}` };
      throw error;
    }
    // Another request recorded the outcome first (the same key posted once): the row says so.
    const after = await change(id, () =>
      posted.ok
        ? { set: { status: 'POSTED', coreTransferId: posted.value.transferId }, event: { type: 'POSTED', actor: 'system', payload: { coreTransferId: posted.value.transferId } } }
        : { set: { status: 'FAILED' }, event: { type: 'FAILED', actor: 'system', reason: posted.code } },
    ).catch(async (error: unknown) => {
      if (hasCode(error, 'INVALID_TRANSITION')) return (await repo.findById(id))!;
      throw error;
    });
    return { value: after, outcome: after.status === 'POSTING' ? null : after.status, note: note ?? (posted.ok ? undefined : `core banking refused: ${posted.code}`) };
  }

  /**
   * Posts (or settles) a transfer in POSTING under its lease. When another request holds the lease
   * this one posts too (the same key: core banking applies it once). Still POSTING afterwards:
   * POSTING_PENDING, the truth — core banking may yet apply it; the sweep settles it.
   */
  async function post(id: string, actor: string, reconcile = true, scope?: CallScope): Promise<TransferRow> {
    const run = await deps.leases.run('transfer.posting', id, actor, () => settlePosting(id, reconcile, scope));
    const row = run.claimed ? run.value : (await settlePosting(id, reconcile, scope)).value;
    if (row.status === 'POSTING') {
      refuse('POSTING_PENDING', 'Core banking has not confirmed the transfer yet; it is settled automatically (never twice). Follow the transfer, or send it again with the same idempotency key.', {
        transferId: toGlobalId('Transfer', row.id),
      });
    }
    return row;
  }

  /**
   * Sends a (new) step-up code for a PENDING_STEP_UP transfer. The send is counted and the code's
   * hash stored under the row lock first, so parallel requests can never exceed MAX_CODE_SENDS; if
   * the SMS cannot be sent the code is cleared again, so the stored state says what the customer
   * was told: no code is live, and asking again (resendTransferCode, or the same key) sends one.
   * @throws TransferError CODE_NOT_SENT (with transferId and backend), TOO_MANY_CODES,
   *   TOO_MANY_ATTEMPTS, INVALID_TRANSITION
   */
  async function sendStepUpCode(row: TransferRow, actor: string, scope?: CallScope): Promise<TransferRow> {
    const notSent = (error: UpstreamError): never =>
      refuse('CODE_NOT_SENT', 'The confirmation code could not be sent now; ask for it again with resendTransferCode.', {
        transferId: toGlobalId('Transfer', row.id),
        backend: error.backend,
      });
    const [profile] = await deps.backends.crm.getCustomerProfiles([row.customerId], scope).catch((error: unknown) => {
      if (error instanceof UpstreamError) return notSent(error);
      throw error;
    });
    if (!profile) return refuse('NOT_FOUND', 'No phone number is on record for this customer.');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const stored = await change(row.id, (r) => {
      if (r.status !== 'PENDING_STEP_UP') return refuse('INVALID_TRANSITION', `A ${r.status} transfer needs no code.`, { status: r.status });
      if (r.otpAttempts >= OTP_MAX_ATTEMPTS) return refuse('TOO_MANY_ATTEMPTS', 'Too many wrong codes; submit the transfer again.');
      if (r.otpSends >= MAX_CODE_SENDS) return refuse('TOO_MANY_CODES', `No more codes can be sent for this transfer (${MAX_CODE_SENDS} at most); submit it again.`);
      return {
        set: { otpHash: sha256(`${r.id}:${code}`), otpExpiresAt: new Date(now().getTime() + deps.otpTtlSeconds * 1000), otpSends: r.otpSends + 1 },
        event: { type: 'STEP_UP_CODE_SENT', actor },
      };
    });
    try {
      await deps.backends.identity.sendOtpMessage({ phone: profile.phone, code, purpose: 'TRANSFER_CONFIRMATION' }, scope);
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error;
      // Only this code is withdrawn: a newer one sent meanwhile by a parallel request stays.
      const hash = sha256(`${row.id}:${code}`);
      await change(row.id, (r) =>
        r.otpHash === hash ? { set: { otpHash: null, otpExpiresAt: null }, event: { type: 'STEP_UP_CODE_NOT_SENT', actor: 'system', reason: error.code } } : null,
      );
      return notSent(error);
    }
    return stored;
  }

  /** A PENDING_STEP_UP transfer with no code that can still be used (never sent, or expired). */
  const needsCode = (row: TransferRow) => row.status === 'PENDING_STEP_UP' && (!row.otpHash || !row.otpExpiresAt || row.otpExpiresAt <= now());

  /** What the scoring needs, each part degrading to "unknown" (which scores as risk). */
  async function assess(customerId: string, input: TransferInput, accountId: string, channel: string, scope?: CallScope): Promise<TransferRiskResult> {
    const loaders = createLoaders(deps.backends, scope);
    const [history, riskProfile, platform, paidBefore, recentCount, ownAccounts] = await Promise.all([
      deps.backends.coreBanking.listTransactions(accountId, { direction: 'OUT', limit: 100 }, scope).catch(() => undefined),
      loaders.riskProfileByCustomer.load(customerId).catch(() => null),
      deps.backends.risk
        .scoreTransfer({
          customerId,
          amount: { amount: input.amount, currency: input.currency },
          payeeAccountNumber: input.payeeAccountNumber,
          payeeName: input.payeeName,
          channel,
        }, scope)
        .catch((error: unknown) => {
          deps.log.warn({ err: error }, 'risk platform unavailable: transfer scored as risky');
          return null;
        }),
      repo.hasPaid(customerId, input.payeeAccountNumber),
      repo.countSince(customerId, new Date(now().getTime() - 24 * 3600 * 1000)),
      // Unknown when core banking cannot list them: then it is not taken to be an own account.
      loaders.accountsByCustomer.load(customerId).catch(() => null),
    ]);
    const items = history?.ok ? history.value.items : [];
    return scoreTransfer({
      amount: input.amount,
      usualAmount: medianAmount(items.map((item) => item.amount.amount)),
      recentCount,
      // A payee is known by account number only: a matching name proves nothing.
      newPayee: !paidBefore,
      ownAccount: (ownAccounts ?? []).some((account) => account.accountNumber === input.payeeAccountNumber && account.status === 'ACTIVE'),
      hour: localHour(now(), policy),
      channel,
      platform: platform ? { score: platform.score, payeeWatchlisted: platform.payeeWatchlisted } : null,
      customerRating: riskProfile?.rating ?? null,
    }, policy);
  }

  return {
    /**
     * Submits a transfer. The same idempotency key returns the same transfer and never posts twice;
     * the same key with another payload is refused.
     */
    async submit(viewer: Viewer, input: TransferInput, idempotencyKey: string, channel: string, scope?: CallScope) {
      const customer = requireOwner(viewer);
      if (!isTransferAmount(input.amount)) refuse('BAD_USER_INPUT', 'amount must be a positive amount with at most two decimals.', { field: 'amount' });
      if (!/^\d{10,19}$/.test(input.payeeAccountNumber)) refuse('BAD_USER_INPUT', 'payeeAccountNumber must be 10-19 digits.', { field: 'payeeAccountNumber' });
      const payeeName = input.payeeName.trim();
      if (payeeName.length < 2 || payeeName.length > 100) refuse('BAD_USER_INPUT', 'payeeName must be 2-100 characters.', { field: 'payeeName' });
      const amount = toMoneyString(input.amount);
      return runIdempotent({
        key: idempotencyKey,
        request: [input.fromAccountId, input.payeeAccountNumber, payeeName, amount, input.currency],
        find: () => repo.findByIdempotencyKey(customer.customerId, idempotencyKey),
        hashOf: (row) => row.requestHash,
        claim: async (requestHash) => {
          const [account] = await deps.backends.coreBanking.getAccountsByIds([input.fromAccountId], scope);
          if (!account || account.customerId !== customer.customerId) return refuse('NOT_FOUND', 'No such account.', { field: 'fromAccountId' });
          if (account.status !== 'ACTIVE' || account.kind === 'LOAN' || account.kind === 'TIME_DEPOSIT') {
            refuse('ACCOUNT_NOT_ELIGIBLE', 'Transfers go from an active current or savings account.', { field: 'fromAccountId' });
          }
          if (account.currency !== input.currency) refuse('BAD_USER_INPUT', 'The currency must be the account currency.', { field: 'currency' });
          const limit = transferLimit(channel, policy);
          if (compareDecimal(amount, limit) > 0) refuse('LIMIT_EXCEEDED', `Transfers on this channel are limited to ${limit} ${input.currency}.`, { limit });
          if (compareDecimal(amount, account.available.amount) > 0) refuse('INSUFFICIENT_FUNDS', 'The available balance is not enough.');

          const risk = await assess(customer.customerId, { ...input, amount, payeeName }, account.accountId, channel, scope);
          const at = now();
          const id = randomUUID();
          const actor = `customer:${customer.customerId}`;
          const held = risk.decision === 'HOLD' || risk.decision === 'BLOCK';
          const { row } = await repo.insert(
            {
              id,
              customerId: customer.customerId,
              fromAccountId: account.accountId,
              payeeAccountNumber: input.payeeAccountNumber,
              payeeName,
              amount,
              currency: input.currency,
              channel,
              status: STATUS_OF_DECISION[risk.decision],
              decision: risk.decision,
              score: risk.score,
              signals: risk.signals,
              otpHash: null,
              otpAttempts: 0,
              otpExpiresAt: null,
              coreTransferId: null,
              reviewedBy: null,
              reviewReason: null,
              seq: 1,
              idempotencyKey,
              requestHash,
              createdAt: at,
              updatedAt: at,
            },
            { type: `SUBMITTED_${risk.decision}`, actor },
            at,
            [
              alertRecord(
                held
                  ? {
                      kind: risk.decision === 'HOLD' ? 'TRANSFER_HELD' : 'TRANSFER_BLOCKED',
                      severity: risk.decision === 'HOLD' ? 'HIGH' : 'CRITICAL',
                      customerId: customer.customerId,
                      subject: transferStream(id),
                      summary: `${risk.decision === 'HOLD' ? 'Held' : 'Blocked'} transfer of ${amount} ${input.currency} (score ${risk.score}: ${risk.signals.join(', ')})`,
                      detail: { transferId: id, score: risk.score, signals: risk.signals },
                    }
                  : null,
              ),
              auditRecord({
                actor,
                action: `TRANSFER_${risk.decision}`,
                subject: transferStream(id),
                detail: { amount, currency: input.currency, payeeAccountNumber: input.payeeAccountNumber, score: risk.score, signals: risk.signals, channel },
              }),
            ],
          );
          return row;
        },
        first: async (row) => {
          if (row.status === 'POSTING') return post(row.id, `customer:${row.customerId}`, false, scope);
          if (row.status === 'PENDING_STEP_UP') await sendStepUpCode(row, `customer:${row.customerId}`, scope);
          return (await repo.findById(row.id))!;
        },
        // The same key again: a step-up whose code never went out is sent one now (capped).
        replay: async (existing) => {
          if (existing.status === 'POSTING') return post(existing.id, `customer:${existing.customerId}`, true, scope);
          if (needsCode(existing)) return sendStepUpCode(existing, `customer:${existing.customerId}`, scope);
          return existing;
        },
      });
    },

    /** Completes a STEP_UP transfer with the code sent to the customer's phone. */
    async confirm(viewer: Viewer, id: string, code: string, scope?: CallScope) {
      requireOwner(viewer);
      await visible(viewer, id);
      await change(id, (r) => {
        if (r.status !== 'PENDING_STEP_UP') return refuse('INVALID_TRANSITION', `A ${r.status} transfer needs no code.`, { status: r.status });
        if (!r.otpHash || !r.otpExpiresAt || r.otpExpiresAt <= now()) return refuse('CODE_EXPIRED', 'The code has expired; submit the transfer again.');
        if (r.otpAttempts >= OTP_MAX_ATTEMPTS) return refuse('TOO_MANY_ATTEMPTS', 'Too many wrong codes; submit the transfer again.');
        const given = Buffer.from(sha256(`${r.id}:${code}`));
        if (!timingSafeEqual(given, Buffer.from(r.otpHash))) {
          return { set: { otpAttempts: r.otpAttempts + 1 }, event: { type: 'STEP_UP_CODE_WRONG', actor: `customer:${r.customerId}` } };
        }
        return { set: { status: 'POSTING', otpHash: null }, event: { type: 'STEP_UP_CONFIRMED', actor: `customer:${r.customerId}` } };
      });
      const after = (await repo.findById(id))!;
      if (after.status === 'PENDING_STEP_UP') refuse('CODE_INVALID', 'The code is not correct.', { attemptsLeft: OTP_MAX_ATTEMPTS - after.otpAttempts });
      return post(id, `customer:${after.customerId}`, false, scope);
    },

    /**
     * Sends a new step-up code for the viewer's PENDING_STEP_UP transfer (the previous one stops
     * working), at most MAX_CODE_SENDS per transfer however many requests race.
     */
    async resendCode(viewer: Viewer, id: string, scope?: CallScope) {
      requireOwner(viewer);
      const row = await visible(viewer, id);
      return sendStepUpCode(row, `customer:${row.customerId}`, scope);
    },

    /**
     * A risk officer releases a held transfer: it posts exactly once, however often this is sent.
     * Releasing a transfer left POSTING by an outage retries it: core banking is asked what became
     * of its key first, so it is never debited twice.
     */
    async release(viewer: Viewer, id: string, reason: string, scope?: CallScope) {
      const officer = requireOfficer(viewer);
      const current = await visible(viewer, id);
      if (current.status === 'POSTING') return post(id, `staff:${officer}`, true, scope);
      await change(id, (r) => {
        if (r.status === 'POSTING') return null; // released meanwhile: retried below
        if (r.status !== 'HELD') return refuse('INVALID_TRANSITION', `A ${r.status} transfer cannot be released.`, { status: r.status });
        return {
          set: { status: 'POSTING', reviewedBy: officer, reviewReason: reason },
          event: { type: 'RELEASED', actor: `staff:${officer}`, reason },
          records: [auditRecord({ actor: `staff:${officer}`, action: 'TRANSFER_RELEASED', subject: transferStream(r.id), detail: { reason, amount: r.amount } })],
        };
      });
      return post(id, `staff:${officer}`, false, scope);
    },

    async rejectHeld(viewer: Viewer, id: string, reason: string) {
      const officer = requireOfficer(viewer);
      return change(id, (r) => {
        if (r.status !== 'HELD') return refuse('INVALID_TRANSITION', `A ${r.status} transfer cannot be rejected.`, { status: r.status });
        return {
          set: { status: 'REJECTED', reviewedBy: officer, reviewReason: reason },
          event: { type: 'REJECTED', actor: `staff:${officer}`, reason },
          records: [auditRecord({ actor: `staff:${officer}`, action: 'TRANSFER_REJECTED', subject: transferStream(r.id), detail: { reason, amount: r.amount } })],
        };
      });
    },

    get: (viewer: Viewer, id: string) => visible(viewer, id),

    /**
     * A page of the customer's transfers, newest first (`first` + 1 rows: the extra one says more follow).
     * @throws GraphQLError BAD_USER_INPUT for `first` outside 1-100 or a foreign cursor
     */
    /** A page of the viewer's own transfers, newest first, and how many they have in all. */
    async mine(viewer: Viewer, page: PageRequest) {
      const { customerId } = requireOwner(viewer);
      const [rows, totalCount] = await Promise.all([repo.listForCustomer(customerId, page.limit, page.after), repo.countForCustomer(customerId)]);
      return { rows, totalCount };
    },

    /** A page of the HELD transfers (risk officers), oldest first, and how many are held. */
    async held(viewer: Viewer, page: PageRequest) {
      requireOfficer(viewer);
      const [rows, totalCount] = await Promise.all([repo.listByStatus('HELD', page.limit, page.after), repo.countByStatus('HELD')]);
      return { rows, totalCount };
    },

    async events(viewer: Viewer, id: string, afterSeq: number, signal: AbortSignal): Promise<AsyncIterableIterator<StoredEvent>> {
      await visible(viewer, id);
      return deps.fanout.streamOf(transferStream(id), Math.max(0, afterSeq), { signal });
    },

    myEvents: (viewer: Viewer, signal: AbortSignal) => deps.fanout.live(customerTransfersTopic(requireOwner(viewer).customerId), { signal }),

    findById: (id: string) => repo.findById(id),

    /**
     * The recovery sweep's pass: settles transfers left POSTING (last changed before `before`)
     * whose lease nobody holds — asks core banking for the outcome of each key, records it, or
     * posts under the same key. @returns how many it settled
     */
    async recoverPostings(before: Date, limit: number): Promise<number> {
      let settled = 0;
      for (const row of await repo.stuckPosting(before, limit)) {
        try {
          const run = await deps.leases.run('transfer.posting', row.id, 'sweep', () => settlePosting(row.id, true));
          if (run.claimed && run.value.status !== 'POSTING') settled += 1;
        } catch (error) {
          deps.log.warn({ err: error, transferId: row.id }, 'could not settle a transfer left POSTING');
        }
      }
      return settled;
    },
  };
}

export type TransfersService = ReturnType<typeof createTransfersService>;
