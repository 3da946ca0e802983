/**
 * Writes the SDL the gateway serves to schema/schema.graphql (`npm run schema:emit`).
 * With `--check`, writes nothing and exits 1 when the checked-in file differs (CI's drift check).
 */
import 'reflect-metadata';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { buildGatewaySchema } from '../schema.js';
import { createInProcessPubSub } from '../platform/pubsub.js';

const target = path.resolve(process.cwd(), 'schema/schema.graphql');
const sdl = printSchema(lexicographicSortSchema(await buildGatewaySchema(createInProcessPubSub()))) + '\n';

if (process.argv.includes('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== sdl) {
    process.stderr.write('schema/schema.graphql is out of date: run `npm run schema:emit` and review the API change.\n');
    process.exit(1);
  }
  process.stdout.write('schema/schema.graphql is up to date\n');
} else {
  await writeFile(target, sdl);
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
}
