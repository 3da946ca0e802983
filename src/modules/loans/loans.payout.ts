/** The contract and the payout: signing names the account; core banking pays once, whatever is retried. */
import type { Viewer } from '../../platform/context.js';
import { hasCode, UpstreamError } from '../../platform/errors.js';
import { requireCustomer, requireStaff } from '../../platform/guards.js';
import type { CallScope } from '../../platform/request-scope.js';
import type { WorkResult } from '../../platform/work/leases.js';
import type { LoanRow } from './loans.repository.js';
import { refuse, type LoanKit } from './loans.kit.js';

export function createLoanPayout(kit: LoanKit) {
  const { deps, repo, change, visible } = kit;

  /**
   * Pays a signed loan out through core banking. Idempotent end to end: the key is the
   * application id, so a retry after a lost answer never pays twice. With `reconcile` (every
   * retry) core banking is first asked what became of the key. Core banking unreachable leaves it
   * CONTRACT_SIGNED (`outcome: null`): the sweep or a retry pays it.
   */
  async function payOut(id: string, reconcile: boolean, scope?: CallScope): Promise<WorkResult<LoanRow>> {
    const row = (await repo.findById(id))!;
    if (row.status !== 'CONTRACT_SIGNED' || !row.disbursementAccountId) return { value: row, outcome: row.status };
    const idempotencyKey = `loan-disbursement:${row.id}`;
    let paid;
    let note: string | undefined;
    try {
      if (reconcile) {
        const known = await deps.backends.coreBanking.disbursementOutcome(idempotencyKey, scope);
        if (known.applied) {
          paid = { ok: true as const, value: known.result };
          note = 'core banking had applied the key';
        } else {
          note = 'core banking had not applied the key: paid out under it';
        }
      }
      paid ??= await deps.backends.coreBanking.disburseLoan({
        idempotencyKey,
        customerId: row.customerId,
        accountId: row.disbursementAccountId,
        amount: { amount: row.approvedAmount ?? row.amount, currency: row.currency },
        applicationId: row.id,
      }, scope);
    } catch (error) {
      if (error instanceof UpstreamError) return { value: row, outcome: null, note: `core banking: ${error.code}` };
      throw error;
    }
    if (!paid.ok && paid.code !== 'ALREADY_DISBURSED') {
      // A refusal (e.g. the account was closed since): a person must look at it.
      return { value: row, outcome: null, note: `core banking refused the payout: ${paid.code}` };
    }
    const disbursementId = paid.ok ? paid.value.disbursementId : null;
    const result = await change(id, () => ({
        set: { status: 'DISBURSED', disbursementId },
        event: { type: 'DISBURSED', actor: 'system', reason: null, payload: { disbursementId } },
      }))
      .catch((error: unknown) => {
        // Another request recorded the payout first: the same key paid once.
        if (hasCode(error, 'INVALID_TRANSITION')) return undefined;
        throw error;
      });
    const after = result?.row ?? (await repo.findById(id))!;
    return { value: after, outcome: after.status, note };
  }

  /** Pays out under the payout's lease (or alongside its live holder: the same key pays once). */
  async function payOutLeased(id: string, actor: string, reconcile: boolean, scope?: CallScope): Promise<LoanRow> {
    const run = await deps.leases.run('loan.disbursement', id, actor, () => payOut(id, reconcile, scope));
    const { value: row, note } = run.claimed ? { value: run.value, note: undefined } : await payOut(id, reconcile, scope);
    if (row.status === 'CONTRACT_SIGNED') {
      return refuse('DISBURSEMENT_FAILED', 'Core banking has not paid out yet; it is paid automatically (never twice), or try disburseLoan again.', note ? { detail: note } : undefined);
    }
    return row;
  }

  /**
   * Pays a signed loan out: its customer, or a reviewer retrying a payout an outage left signed
   * but unpaid (core banking is asked first; it never pays twice).
   */
  async function disburse(viewer: Viewer, id: string, scope?: CallScope): Promise<LoanRow> {
    const row = await visible(viewer, id);
    const actor = viewer.kind === 'staff' ? `staff:${requireStaff(viewer, ['REVIEWER'], 'Reviewers only.').staffId}` : `customer:${requireCustomer(viewer).customerId}`;
    if (row.status === 'DISBURSED') return row;
    if (row.status !== 'CONTRACT_SIGNED' || !row.disbursementAccountId) {
      return refuse('INVALID_TRANSITION', `A ${row.status} application cannot be paid out.`, { status: row.status });
    }
    return payOutLeased(id, actor, true, scope);
  }

  return {
    /**
     * The customer accepts the approved terms and names the account to pay into; then it pays out.
     * The same idempotency key replays the first answer (and finishes a payout that failed); it
     * never pays twice.
     */
    async signContract(viewer: Viewer, id: string, disbursementAccountId: string, idempotencyKey: string, scope?: CallScope) {
      const customer = requireCustomer(viewer);
      const owner = `customer:${customer.customerId}`;
      return deps.commandKeys.run({
        owner,
        name: 'loan.signContract',
        key: idempotencyKey,
        args: [id, disbursementAccountId],
        claim: async (keyRecord) => {
          const current = await visible(viewer, id);
          const [account] = await deps.backends.coreBanking.getAccountsByIds([disbursementAccountId], scope);
          if (!account || account.customerId !== customer.customerId || account.status !== 'ACTIVE' || account.kind === 'LOAN' || account.currency !== current.currency) {
            refuse('ACCOUNT_NOT_ELIGIBLE', 'Choose one of your active accounts in the loan currency.', { field: 'disbursementAccountId' });
          }
          await change(id, () => ({
            set: { status: 'CONTRACT_SIGNED', disbursementAccountId },
            event: { type: 'CONTRACT_SIGNED', actor: owner },
            records: [keyRecord(id)],
          }));
          return id;
        },
        first: (signed) => payOutLeased(signed, owner, false, scope),
        replay: (signed) => disburse(viewer, signed, scope),
      });
    },

    disburse,

    /**
     * The recovery sweep's pass: pays out loans left signed but unpaid (last changed before
     * `before`) whose lease lapsed, asking core banking first. @returns how many it paid out
     */
    async recoverPayouts(before: Date, limit: number): Promise<number> {
      let paid = 0;
      for (const row of await repo.findByStatus({ statuses: ['CONTRACT_SIGNED'], updatedBefore: before, limit })) {
        try {
          const run = await deps.leases.run('loan.disbursement', row.id, 'sweep', () => payOut(row.id, true));
          if (run.claimed && run.value.status === 'DISBURSED') paid += 1;
        } catch (error) {
          deps.log.warn({ err: error, applicationId: row.id }, 'could not pay out a signed loan');
        }
      }
      return paid;
    },
  };
}
