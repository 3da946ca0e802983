/** Shapes shared by every backend's payloads, validated where they enter. */
import { z } from 'zod';

/** A decimal amount as the backends send it: a string, never a float. */
export const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string');

export const moneySchema = z.object({
  amount: decimalString,
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
});
export type Money = z.output<typeof moneySchema>;

/** An ISO-8601 timestamp; normalised to UTC by the GraphQL DateTime scalar on the way out. */
export const isoDateTime = z.iso.datetime({ offset: true });
