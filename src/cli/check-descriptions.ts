/**
 * CI's documentation check over the emitted schema (`npm run -s schema:descriptions`): lists every
 * type, field, argument, input field and enum value without a description, one coordinate a line
 * (`Type.field(argument)`), and exits 1 when there is any. There is no backlog: everything a
 * client can see must come with a description a front-end developer can act on.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { missingDescriptions } from '../platform/graphql/descriptions.js';

const root = process.cwd();
const schema = buildSchema(await readFile(path.resolve(root, 'schema/schema.graphql'), 'utf8'));
const missing = missingDescriptions(schema);

if (missing.length > 0) {
  process.stderr.write(`Missing descriptions (${missing.length}); add a description a front-end developer can act on:\n`);
  for (const coordinate of missing) process.stderr.write(`  ${coordinate}\n`);
  process.exit(1);
}
process.stdout.write('Every type, field, argument, input field and enum value is described.\n');
