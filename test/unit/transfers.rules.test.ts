import { describe, expect, it } from 'vitest';
import { DEFAULT_TRANSFER_POLICY, medianAmount, scoreTransfer, transferLimit, type TransferRiskInput } from '../../src/modules/transfers/transfers.rules.js';

const normal: TransferRiskInput = {
  amount: '300.00',
  usualAmount: '816.29',
  recentCount: 0,
  newPayee: false,
  ownAccount: false,
  hour: 11,
  channel: 'APP',
  platform: { score: 7, payeeWatchlisted: false },
  customerRating: 'LOW',
};

describe('scoreTransfer', () => {
  it('allows an ordinary transfer to a known payee', () => {
    expect(scoreTransfer(normal)).toEqual({ score: 0, signals: [], decision: 'ALLOW' });
  });

  it('asks for a code when the amount is several times the usual one and the payee is new', () => {
    const result = scoreTransfer({ ...normal, amount: '5000.00', newPayee: true });
    expect(result.signals).toEqual(['AMOUNT_UNUSUAL', 'NEW_PAYEE']);
    expect(result.decision).toBe('STEP_UP');
  });

  it('holds a far larger amount to a new payee after a burst of transfers', () => {
    const result = scoreTransfer({ ...normal, amount: '20000.00', newPayee: true, recentCount: 5 });
    expect(result.signals).toEqual(['AMOUNT_FAR_ABOVE_USUAL', 'NEW_PAYEE', 'HIGH_VELOCITY']);
    expect(result.decision).toBe('HOLD');
  });

  it('blocks a watch-listed payee whatever the rest says', () => {
    const result = scoreTransfer({ ...normal, platform: { score: 95, payeeWatchlisted: true } });
    expect(result.decision).toBe('BLOCK');
    expect(result.signals).toContain('PAYEE_WATCHLISTED');
  });

  it('fails closed without the risk platform: held for a risk officer, never released by the customer\'s code', () => {
    const result = scoreTransfer({ ...normal, platform: null });
    expect(result.signals).toContain('RISK_PLATFORM_UNAVAILABLE');
    expect(result.decision).toBe('HOLD');
    // However low the rest of the score, and on every channel.
    for (const channel of ['APP', 'WEB', 'MINI_PROGRAM', 'PARTNER']) {
      expect(scoreTransfer({ ...normal, amount: '100.01', channel, platform: null }).decision).toBe('HOLD');
    }
  });

  it('lets only the allow-list pass unscored, with the reason recorded: own accounts and amounts within the allowance', () => {
    const own = scoreTransfer({ ...normal, amount: '2000.00', ownAccount: true, platform: null });
    expect(own.decision).not.toBe('HOLD');
    expect(own.signals).toEqual(expect.arrayContaining(['RISK_PLATFORM_UNAVAILABLE', 'UNSCORED_OWN_ACCOUNT']));
    const small = scoreTransfer({ ...normal, amount: '100.00', platform: null });
    expect(small.decision).not.toBe('HOLD');
    expect(small.signals).toContain('UNSCORED_SMALL_AMOUNT');
    // A scored transfer never carries an unscored reason.
    expect(scoreTransfer({ ...normal, ownAccount: true }).signals).toEqual([]);
    expect(scoreTransfer({ ...normal, amount: '50.00', platform: null }, { ...DEFAULT_TRANSFER_POLICY, unscoredAllowance: '0.00' }).decision).toBe('HOLD');
  });

  it('counts the unusual hour, a high-risk channel and a high-risk customer', () => {
    const result = scoreTransfer({ ...normal, hour: 3, channel: 'PARTNER', customerRating: 'HIGH' });
    expect(result.signals).toEqual(['UNUSUAL_HOUR', 'HIGH_RISK_CHANNEL', 'CUSTOMER_HIGH_RISK']);
    expect(result.score).toBe(35);
  });

  it('caps the score at 100', () => {
    expect(scoreTransfer({ ...normal, amount: '50000.00', newPayee: true, recentCount: 9, hour: 2, customerRating: 'HIGH', platform: { score: 99, payeeWatchlisted: true } }).score).toBe(100);
  });
});

describe('transferLimit and medianAmount', () => {
  it('limits partner and mini-program channels more than the app', () => {
    expect(transferLimit('PARTNER')).toBe('5000.00');
    expect(transferLimit('MINI_PROGRAM')).toBe('5000.00');
    expect(transferLimit('APP')).toBe('50000.00');
  });

  it('takes the median of decimal amounts exactly', () => {
    expect(medianAmount([])).toBeNull();
    expect(medianAmount(['10.00', '2.50', '300.10'])).toBe('10.00');
  });
});
