/**
 * CI's documentation check over the emitted schema (`npm run -s schema:descriptions`): lists every
 * type, field, argument, input field and enum value without a description, one coordinate a line
 * (`Type.field(argument)`), and exits 1 when there is any that is not in the known backlog.
 *
 * The backlog (schema/descriptions-backlog.txt) holds what was undocumented when the check was
 * introduced. It may only shrink: a listed coordinate that is now documented (or gone) fails the
 * check too, until it is removed from the file (`--write-backlog` rewrites it). Anything new —
 * a type, field, argument or enum value added since — must come with its description.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { missingDescriptions } from '../platform/graphql/descriptions.js';

const root = process.cwd();
const backlogFile = path.resolve(root, 'schema/descriptions-backlog.txt');
const schema = buildSchema(await readFile(path.resolve(root, 'schema/schema.graphql'), 'utf8'));
const missing = missingDescriptions(schema);

if (process.argv.includes('--write-backlog')) {
  await writeFile(backlogFile, missing.map((coordinate) => `${coordinate}\n`).join(''));
  process.stdout.write(`wrote ${missing.length} coordinates to ${path.relative(root, backlogFile)}\n`);
  process.exit(0);
}

const backlog = new Set(
  (await readFile(backlogFile, 'utf8').catch(() => ''))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#')),
);
const undocumented = missing.filter((coordinate) => !backlog.has(coordinate));
const stillListed = new Set(missing);
const done = [...backlog].filter((coordinate) => !stillListed.has(coordinate));

if (undocumented.length > 0) {
  process.stderr.write(`Missing descriptions (${undocumented.length}); add a description a front-end developer can act on:\n`);
  for (const coordinate of undocumented) process.stderr.write(`  ${coordinate}\n`);
}
if (done.length > 0) {
  process.stderr.write(`Documented now (or gone), remove from ${path.relative(root, backlogFile)}:\n`);
  for (const coordinate of done) process.stderr.write(`  ${coordinate}\n`);
}
if (undocumented.length > 0 || done.length > 0) process.exit(1);
process.stdout.write(`Every new coordinate is described; ${backlog.size} older ones are still in the backlog.\n`);
