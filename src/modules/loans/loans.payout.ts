/** The contract and the payout: signing names the account; core banking pays once, whatever is retried. */
import type { Viewer } from '../../platform/context.js';
import { hasCode, UpstreamError } from '../../platform/errors.js';
import { requireCustomer } from '../../platform/guards.js';
import type { LoanRow } from './loans.repository.js';
import { refuse, type LoanKit } from './loans.kit.js';

export function createLoanPayout(kit: LoanKit) {
  const { deps, repo, change, visible } = kit;

  /**
   * Pays a signed loan out through core banking. Idempotent end to end: the key is the
   * application id, so a retry after a lost answer never pays twice.
   */
  async function disburse(viewer: Viewer, id: string): Promise<LoanRow> {
    requireCustomer(viewer);
    const row = await visible(viewer, id);
    if (row.status === 'DISBURSED') return row;
    if (row.status !== 'CONTRACT_SIGNED' || !row.disbursementAccountId) {
      return refuse('INVALID_TRANSITION', `A ${row.status} application cannot be paid out.`, { status: row.status });
    }
    const paid = await deps.backends.coreBanking
      .disburseLoan({
        idempotencyKey: `loan-disbursement:${row.id}`,
        customerId: row.customerId,
        accountId: row.disbursementAccountId,
        amount: { amount: row.approvedAmount ?? row.amount, currency: row.currency },
        applicationId: row.id,
      })
      .catch((error: unknown) => {
        if (error instanceof UpstreamError) refuse('DISBURSEMENT_FAILED', 'Core banking could not pay out now; try disburseLoan again.', { backend: error.backend });
        throw error;
      });
    if (!paid.ok && paid.code !== 'ALREADY_DISBURSED') {
      return refuse('DISBURSEMENT_FAILED', `Core banking refused the payout (${paid.code}).`);
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
    return result?.row ?? (await repo.findById(id))!;
  }

  return {
    /**
     * The customer accepts the approved terms and names the account to pay into; then it pays out.
     * The same idempotency key replays the first answer (and finishes a payout that failed); it
     * never pays twice.
     */
    async signContract(viewer: Viewer, id: string, disbursementAccountId: string, idempotencyKey: string) {
      const customer = requireCustomer(viewer);
      const owner = `customer:${customer.customerId}`;
      return deps.commandKeys.run({
        owner,
        name: 'loan.signContract',
        key: idempotencyKey,
        args: [id, disbursementAccountId],
        claim: async (keyRecord) => {
          const current = await visible(viewer, id);
          const [account] = await deps.backends.coreBanking.getAccountsByIds([disbursementAccountId]);
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
        first: (signed) => disburse(viewer, signed),
        replay: (signed) => disburse(viewer, signed),
      });
    },

    disburse,
  };
}
