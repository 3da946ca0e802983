import { z } from 'zod';

/** Currencies the mock bank holds accounts in. */
export const CURRENCIES = ['CNY', 'USD', 'EUR', 'HKD'] as const;

/** ISO 4217 code of a supported currency. */
export type Currency = (typeof CURRENCIES)[number];

/** Money on the wire: a decimal string with exactly two decimals, never a float. */
export interface Money {
  amount: string;
  currency: Currency;
}

const AMOUNT_PATTERN = /^(0|[1-9]\d{0,14})(\.\d{1,2})?$/;

/**
 * Formats integer cents as a decimal string with two decimals (`123456n` → `"1234.56"`).
 */
export function formatCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  const units = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, '0');
  return `${sign}${units.toString()}.${fraction}`;
}

/**
 * Parses a non-negative decimal amount (`"12"`, `"12.5"`, `"12.50"`) into integer cents.
 * @returns the cents, or `null` when the text is not such an amount.
 */
export function parseAmount(amount: string): bigint | null {
  if (!AMOUNT_PATTERN.test(amount)) return null;
  const [units = '0', fraction = ''] = amount.split('.');
  return BigInt(units) * 100n + BigInt(fraction.padEnd(2, '0'));
}

/**
 * Integer cents from a literal decimal string; for fixed data written in code.
 * @throws Error when the literal is not a valid amount.
 */
export function cents(literal: string): bigint {
  const parsed = parseAmount(literal);
  if (parsed === null) throw new Error(`invalid amount literal: ${literal}`);
  return parsed;
}

/** Builds wire {@link Money} from integer cents. */
export function money(amountCents: bigint, currency: Currency = 'CNY'): Money {
  return { amount: formatCents(amountCents), currency };
}

/** Validates money sent by a client: a non-negative two-decimal string and a supported currency. */
export const moneyInputSchema = z.object({
  amount: z.string().regex(AMOUNT_PATTERN, 'amount must be a decimal string such as "1234.56"'),
  currency: z.enum(CURRENCIES),
});
