/**
 * `npm run bench:validation`: what validating a backend answer costs with zod 4 (as the adapters do)
 * against a compiled validator of the same schema (ajv, from zod's own JSON Schema export), in the
 * same process, interleaved rounds. The payload is core banking's account list of a demo customer
 * (three accounts), the shape src/adapters/core-banking validates on every customer view.
 * ajv is only a transitive development dependency: this measures, it does not ship.
 */
import Ajv from 'ajv';
import { z } from 'zod';
import { accountListSchema } from '../src/adapters/core-banking/core-banking.client.js';
import { fixed, ratio, table } from './support/table.js';

// The schema core banking's account lists are validated with on every customer view.

const account = (i: number) => ({
  accountId: `A00000${i}`,
  customerId: 'C000001',
  accountNumber: `62220200000000${i}`,
  kind: 'CURRENT',
  currency: 'CNY',
  balance: { amount: '12345.67', currency: 'CNY' },
  available: { amount: '12000.00', currency: 'CNY' },
  status: 'ACTIVE',
  openedAt: '2021-03-04T05:06:07.000Z',
});
// A fresh parse of the JSON text per call, as the client sees it.
const text = JSON.stringify([account(1), account(2), account(3)]);

const ajv = new Ajv({ allErrors: false });
const compiled = ajv.compile(z.toJSONSchema(accountListSchema, { target: 'draft-7' }) as object);

const candidates: Record<string, () => boolean> = {
  'zod 4 safeParse': () => accountListSchema.safeParse(JSON.parse(text)).success,
  'ajv compiled (same schema)': () => compiled(JSON.parse(text)) as boolean,
  'JSON.parse only': () => Array.isArray(JSON.parse(text)),
};

// Both must accept the payload and reject a broken one, or the comparison means nothing.
for (const [name, run] of Object.entries(candidates)) if (!run()) throw new Error(`${name} rejected a valid payload`);
const broken = JSON.parse(text) as { balance: { amount: unknown } }[];
broken[1]!.balance.amount = 12.5;
if (accountListSchema.safeParse(broken).success || compiled(broken)) throw new Error('a float amount was accepted');

const ITERATIONS = 20_000;
const ROUNDS = 7;
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(candidates).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, run] of Object.entries(candidates)) {
    const start = process.cpuUsage();
    for (let i = 0; i < ITERATIONS; i += 1) run();
    const used = process.cpuUsage(start);
    if (round > 0) samples[name]!.push(((used.user + used.system) * 1000) / ITERATIONS); // ns per call
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const zodNs = median(samples['zod 4 safeParse']!);
process.stdout.write(
  `\nValidating core banking's account list (3 accounts), CPU ns per call, median of ${ROUNDS - 1} rounds of ${ITERATIONS}\n\n` +
    table(
      ['validator', 'ns per call', 'vs zod'],
      Object.keys(candidates).map((name) => [name, fixed(median(samples[name]!), 0), ratio(median(samples[name]!) / zodNs)]),
    ) +
    '\n',
);
