import { describe, expect, it } from 'vitest';
import {
  MAX_DECIMAL_LENGTH,
  addDecimal,
  annuityPayment,
  compareDecimal,
  isRatioAbove,
  multiplyDecimal,
  parseDecimal,
  subtractDecimal,
  toMoneyString,
} from '../../src/platform/money/decimal.js';

describe('parseDecimal', () => {
  it('keeps the digits as BigInt units and the written scale', () => {
    expect(parseDecimal('12000.00')).toEqual({ units: 1200000n, scale: 2 });
    expect(parseDecimal('0.0435')).toEqual({ units: 435n, scale: 4 });
    expect(parseDecimal('-7')).toEqual({ units: -7n, scale: 0 });
    expect(parseDecimal('0')).toEqual({ units: 0n, scale: 0 });
  });

  it('holds amounts far beyond the safe integer range exactly', () => {
    expect(parseDecimal('90071992547409930.01')).toEqual({ units: 9007199254740993001n, scale: 2 });
  });

  it.each(['', ' 1.00', '1.00 ', '1,000.00', '1e5', '+1', '.5', '5.', '1.2.3', 'NaN', 'Infinity', '--1', '١٢', '0x10', '12 000'])(
    'throws a RangeError for %j',
    (text) => {
      expect(() => parseDecimal(text)).toThrow(RangeError);
    },
  );

  it('refuses text longer than the cap instead of building a huge number', () => {
    expect(() => parseDecimal('1'.repeat(MAX_DECIMAL_LENGTH + 1))).toThrow(RangeError);
    expect(parseDecimal('1'.repeat(MAX_DECIMAL_LENGTH)).scale).toBe(0);
  });

  it('throws when given something other than a string at run time', () => {
    expect(() => parseDecimal(12 as unknown as string)).toThrow(RangeError);
  });
});

describe('compareDecimal', () => {
  it('compares by value whatever the written scale', () => {
    expect(compareDecimal('1.50', '1.5')).toBe(0);
    expect(compareDecimal('1.5', '1.49')).toBe(1);
    expect(compareDecimal('-2', '1.00')).toBe(-1);
    expect(compareDecimal('200000.01', '200000.00')).toBe(1);
  });

  it('throws on invalid text', () => {
    expect(() => compareDecimal('abc', '1')).toThrow(RangeError);
  });
});

describe('addDecimal, subtractDecimal and multiplyDecimal', () => {
  it('adds exactly where floating point would not', () => {
    expect(toMoneyString(addDecimal('0.1', '0.2'), 1)).toBe('0.3');
    expect(toMoneyString(addDecimal('9000.00', '2179.04'))).toBe('11179.04');
  });

  it('subtracts into negative values', () => {
    expect(toMoneyString(subtractDecimal('1.00', '2.5'))).toBe('-1.50');
  });

  it('multiplies by a rate without losing digits', () => {
    expect(multiplyDecimal('100000.00', '0.0435')).toEqual({ units: 4350000000n, scale: 6 });
    expect(toMoneyString(multiplyDecimal('100000.00', '0.0435'))).toBe('4350.00');
  });
});

describe('isRatioAbove', () => {
  it('compares a ratio with a threshold by cross-multiplication', () => {
    expect(isRatioAbove('9000.00', '12000.00', '0.50')).toBe(true);
    expect(isRatioAbove('6000.00', '12000.00', '0.50')).toBe(false); // exactly at the threshold
    expect(isRatioAbove('6000.01', '12000.00', '0.50')).toBe(true);
  });

  it('throws when the denominator is zero or negative', () => {
    expect(() => isRatioAbove('1.00', '0.00', '0.50')).toThrow(RangeError);
    expect(() => isRatioAbove('1.00', '-1.00', '0.50')).toThrow(RangeError);
  });
});

describe('toMoneyString', () => {
  it('pads to the requested number of decimals', () => {
    expect(toMoneyString('12000')).toBe('12000.00');
    expect(toMoneyString('0.5')).toBe('0.50');
    expect(toMoneyString('7', 0)).toBe('7');
  });

  it('rounds half up where binary floating point rounds down', () => {
    expect(toMoneyString('2.675')).toBe('2.68');
    expect(toMoneyString('1.005')).toBe('1.01');
    expect(toMoneyString('1.0049999')).toBe('1.00');
    expect(toMoneyString('0.125', 2)).toBe('0.13');
  });

  it('rounds negative halves away from zero and never prints minus zero', () => {
    expect(toMoneyString('-2.675')).toBe('-2.68');
    expect(toMoneyString('-0.004')).toBe('0.00');
  });

  it('throws for a nonsensical number of decimals', () => {
    expect(() => toMoneyString('1', -1)).toThrow(RangeError);
    expect(() => toMoneyString('1', 1.5)).toThrow(RangeError);
  });
});

describe('annuityPayment', () => {
  // Reference values computed independently with exact fractions (Python fractions.Fraction):
  // P·r·(1+r)^n / ((1+r)^n − 1) with r = annualRate / 12, rounded half-up to cents.
  it.each([
    ['1000.00', '0.12', 12, '88.85'], // the textbook example
    ['100000.00', '0.0435', 36, '2967.99'], // 2967.9934…
    ['50000.00', '0.0435', 24, '2179.04'],
    ['150000.00', '0.0395', 36, '4425.26'],
    ['250000.00', '0.0435', 60, '4643.72'],
    ['10000.00', '0.0435', 12, '853.10'], // 853.0990… rounds up
  ] as const)('pays %s at %s over %i months with %s a month', (principal, rate, term, expected) => {
    expect(annuityPayment(principal, rate, term)).toBe(expected);
  });

  it('divides the principal evenly when the rate is zero, rounding half up', () => {
    expect(annuityPayment('12000.00', '0', 12)).toBe('1000.00');
    expect(annuityPayment('12000.00', '0.00', 7)).toBe('1714.29');
    expect(annuityPayment('1.00', '0', 8)).toBe('0.13'); // 0.125
  });

  it('repays a one-month loan with one month of interest', () => {
    expect(annuityPayment('1200.00', '0.12', 1)).toBe('1212.00');
  });

  it('stays fast and exact for the longest term', () => {
    expect(annuityPayment('50000000.00', '0.0345', 1200)).toMatch(/^\d+\.\d{2}$/);
  });

  it('throws for a negative principal or rate, a bad term or invalid text', () => {
    expect(() => annuityPayment('-1.00', '0.0435', 12)).toThrow(RangeError);
    expect(() => annuityPayment('1000.00', '-0.01', 12)).toThrow(RangeError);
    expect(() => annuityPayment('1000.00', '0.0435', 0)).toThrow(RangeError);
    expect(() => annuityPayment('1000.00', '0.0435', 12.5)).toThrow(RangeError);
    expect(() => annuityPayment('1000.00', '0.0435', 1201)).toThrow(RangeError);
    expect(() => annuityPayment('1000.00', '0.0435', Number.NaN)).toThrow(RangeError);
    expect(() => annuityPayment('lots', '0.0435', 12)).toThrow(RangeError);
  });
});
