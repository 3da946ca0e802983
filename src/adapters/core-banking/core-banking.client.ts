/** Core banking over HTTP: the `CoreBankingPort` behind the shared backend client. */
import { z } from 'zod';
import type { BackendClient } from '../backend-client.js';
import { decimalString, moneySchema } from '../money.schema.js';
import type { CoreBankingPort } from './core-banking.port.js';

const productSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(['LOAN', 'DEPOSIT']),
  description: z.string().default(''),
  currency: z.string().regex(/^[A-Z]{3}$/),
  minAmount: moneySchema,
  maxAmount: moneySchema,
  minTermMonths: z.number().int().nonnegative(),
  maxTermMonths: z.number().int().nonnegative(),
  annualRate: decimalString,
  autoDecision: z.boolean(),
});

const productsResponse = z.object({ products: z.array(productSchema) });

export function createCoreBankingClient(client: BackendClient): CoreBankingPort {
  return {
    async listProducts(signal) {
      const body = await client.get('/products', productsResponse, { signal });
      return body.products;
    },
  };
}
