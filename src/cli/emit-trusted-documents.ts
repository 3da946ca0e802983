/**
 * Writes the trusted-documents manifest the gateway serves (schema/trusted-documents.json) from the
 * client kit's per-channel persisted documents (packages/client/src/channels/<channel>/
 * persisted-documents.json, written by `npm run codegen`): `npm run kit:manifest`.
 * With `--check`, writes nothing and exits 1 when the file differs (CI's drift check).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Channel } from '../platform/context.js';
import { sha256Id, type TrustedDocument } from '../platform/http/trusted-documents.js';

const root = process.cwd();
const channelsDir = path.join(root, 'packages/client/src/channels');
const target = path.join(root, 'schema/trusted-documents.json');

const folders = (await readdir(channelsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
const manifest: Record<string, TrustedDocument> = {};
for (const folder of folders) {
  const channel = folder.toUpperCase().replace(/-/g, '_') as Channel;
  const documents = JSON.parse(await readFile(path.join(channelsDir, folder, 'persisted-documents.json'), 'utf8')) as Record<string, string>;
  for (const [hash, document] of Object.entries(documents)) {
    if (sha256Id(document) !== hash) throw new Error(`${folder}: ${hash} is not the sha256 of its document`);
    const entry = (manifest[hash] ??= { document, channels: [] });
    entry.channels.push(channel);
  }
}
const sorted = Object.fromEntries(Object.entries(manifest).sort(([a], [b]) => (a < b ? -1 : 1)));
const text = `${JSON.stringify(sorted, null, 2)}\n`;

if (process.argv.includes('--check')) {
  if ((await readFile(target, 'utf8').catch(() => '')) !== text) {
    process.stderr.write('schema/trusted-documents.json is out of date: run `npm run codegen && npm run kit:manifest`.\n');
    process.exit(1);
  }
  process.stdout.write(`schema/trusted-documents.json is up to date (${Object.keys(sorted).length} documents)\n`);
} else {
  await writeFile(target, text);
  process.stdout.write(`wrote schema/trusted-documents.json (${Object.keys(sorted).length} documents)\n`);
}
