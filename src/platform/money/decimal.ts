/**
 * Exact decimal arithmetic for money and rates, on BigInt fixed point: a value is
 * `units / 10^scale`. Nothing here goes through a JavaScript number, so "0.1 + 0.2" is "0.3"
 * and 2.675 rounds to 2.68. Pure: no I/O, no clock.
 */

/** A decimal value `units / 10^scale` (`scale` ≥ 0). Build one with {@link parseDecimal}. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

/** A {@link Decimal} or its text, e.g. `"12000.00"`, `"0.0435"`, `"-3"`. */
export type DecimalInput = Decimal | string;

/**
 * Longest decimal text accepted, sign and point included. Amounts arrive from clients; a cap
 * keeps a megabyte of digits from turning into a megabyte-sized BigInt.
 */
export const MAX_DECIMAL_LENGTH = 40;

/** Longest loan term {@link annuityPayment} computes (100 years), which bounds its powers. */
export const MAX_TERM_MONTHS = 1200;

// ASCII digits only: no exponent, no leading "+", no ".5" or "5." — the forms money arrives in.
const DECIMAL_PATTERN = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;

function describe(text: string): string {
  return JSON.stringify(text.length > MAX_DECIMAL_LENGTH ? `${text.slice(0, MAX_DECIMAL_LENGTH)}…` : text);
}

/**
 * Parses decimal text such as `"12000.00"`, `"0.0435"` or `"-7"`. The scale is the number of
 * digits written after the point (`"12.50"` has scale 2).
 *
 * @throws RangeError when `text` is not a plain decimal (empty, spaces, exponent, `"+1"`,
 *   `".5"`, `"5."`, non-ASCII digits) or is longer than {@link MAX_DECIMAL_LENGTH}.
 */
export function parseDecimal(text: string): Decimal {
  if (typeof text !== 'string') throw new RangeError('A decimal must be given as a string.');
  if (text.length > MAX_DECIMAL_LENGTH) throw new RangeError(`Decimal ${describe(text)} is too long.`);
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) throw new RangeError(`Not a decimal number: ${describe(text)}.`);
  const negative = match[1] === '-';
  const whole = match[2] ?? '0';
  const fraction = match[3] ?? '';
  const magnitude = BigInt(whole + fraction);
  return { units: negative ? -magnitude : magnitude, scale: fraction.length };
}

function toDecimal(value: DecimalInput): Decimal {
  return typeof value === 'string' ? parseDecimal(value) : value;
}

function pow10(exponent: number): bigint {
  return 10n ** BigInt(exponent);
}

/** Both values' units at their common (larger) scale. */
function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * pow10(scale - a.scale), b.units * pow10(scale - b.scale), scale];
}

/** `n / d` rounded half away from zero ("half-up" on magnitudes); `d` must be positive. */
function divideHalfUp(n: bigint, d: bigint): bigint {
  const magnitude = n < 0n ? -n : n;
  let quotient = magnitude / d;
  if ((magnitude % d) * 2n >= d) quotient += 1n;
  return n < 0n ? -quotient : quotient;
}

function formatUnits(units: bigint, scale: number): string {
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  const sign = units < 0n ? '-' : '';
  if (scale === 0) return sign + digits;
  return `${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/**
 * Compares two decimals by value (`"1.50"` equals `"1.5"`).
 *
 * @returns -1 when `a < b`, 0 when equal, 1 when `a > b`.
 * @throws RangeError on invalid decimal text.
 */
export function compareDecimal(a: DecimalInput, b: DecimalInput): -1 | 0 | 1 {
  const [x, y] = align(toDecimal(a), toDecimal(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `a + b`, exact, at the larger of the two scales. @throws RangeError on invalid decimal text. */
export function addDecimal(a: DecimalInput, b: DecimalInput): Decimal {
  const [x, y, scale] = align(toDecimal(a), toDecimal(b));
  return { units: x + y, scale };
}

/** `a - b`, exact, at the larger of the two scales. @throws RangeError on invalid decimal text. */
export function subtractDecimal(a: DecimalInput, b: DecimalInput): Decimal {
  const [x, y, scale] = align(toDecimal(a), toDecimal(b));
  return { units: x - y, scale };
}

/**
 * `value × rate`, exact (the scales add up: `"100.00" × "0.0435"` has scale 6). Round with
 * {@link toMoneyString} when an amount of money is needed.
 *
 * @throws RangeError on invalid decimal text.
 */
export function multiplyDecimal(value: DecimalInput, rate: DecimalInput): Decimal {
  const a = toDecimal(value);
  const b = toDecimal(rate);
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

/**
 * Whether `numerator / denominator > threshold`, decided exactly by cross-multiplication
 * (`numerator > threshold × denominator`), never by dividing.
 *
 * @throws RangeError when `denominator` is not positive (the ratio is undefined or its direction
 *   flips; the caller decides what a zero income means), or on invalid decimal text.
 */
export function isRatioAbove(numerator: DecimalInput, denominator: DecimalInput, threshold: DecimalInput): boolean {
  const d = toDecimal(denominator);
  if (d.units <= 0n) throw new RangeError('The denominator of a ratio must be positive.');
  return compareDecimal(numerator, multiplyDecimal(threshold, d)) > 0;
}

/**
 * Formats `value` with exactly `decimals` digits after the point, rounding half away from zero
 * (`"2.675"` → `"2.68"`, `"-2.675"` → `"-2.68"`; a result of zero has no sign).
 *
 * @param decimals digits after the point. @default 2
 * @throws RangeError when `decimals` is not an integer in 0…18, or on invalid decimal text.
 */
export function toMoneyString(value: DecimalInput, decimals = 2): string {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 18) {
    throw new RangeError('decimals must be an integer from 0 to 18.');
  }
  const d = toDecimal(value);
  const units = d.scale <= decimals ? d.units * pow10(decimals - d.scale) : divideHalfUp(d.units, pow10(d.scale - decimals));
  return formatUnits(units, decimals);
}

/**
 * The fixed monthly payment that repays `principal` over `termMonths` months at `annualRate`
 * (nominal, compounded monthly: the monthly rate is `annualRate / 12`), rounded half-up to cents:
 * `P·r·(1+r)^n / ((1+r)^n − 1)`, or `P / n` when the rate is 0.
 *
 * Computed as one exact fraction of BigInts (with `r = a / D`, the payment is
 * `P·a·(D+a)^n / (D·((D+a)^n − D^n))`), so the only rounding is the final one to cents.
 *
 * @example annuityPayment('1000.00', '0.12', 12) // '88.85'
 * @throws RangeError when `principal` or `annualRate` is negative or not a decimal, or
 *   `termMonths` is not an integer from 1 to {@link MAX_TERM_MONTHS}.
 */
export function annuityPayment(principal: DecimalInput, annualRate: DecimalInput, termMonths: number): string {
  if (!Number.isInteger(termMonths) || termMonths < 1 || termMonths > MAX_TERM_MONTHS) {
    throw new RangeError(`termMonths must be an integer from 1 to ${MAX_TERM_MONTHS}.`);
  }
  const p = toDecimal(principal);
  const rate = toDecimal(annualRate);
  if (p.units < 0n) throw new RangeError('The principal may not be negative.');
  if (rate.units < 0n) throw new RangeError('The annual rate may not be negative.');

  const n = BigInt(termMonths);
  // Payment in cents = payment × 100; the principal is p.units / 10^p.scale.
  const principalCents = p.units * 100n;
  const principalDenominator = pow10(p.scale);
  if (rate.units === 0n) return formatUnits(divideHalfUp(principalCents, principalDenominator * n), 2);

  const a = rate.units; // monthly rate r = a / D
  const D = 12n * pow10(rate.scale);
  const growth = (D + a) ** n; // (1+r)^n = growth / D^n
  const base = D ** n;
  return formatUnits(divideHalfUp(principalCents * a * growth, principalDenominator * D * (growth - base)), 2);
}
