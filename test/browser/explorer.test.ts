/**
 * The offline explorer in a real browser: GraphiQL from the gateway's own node_modules, loaded in
 * headless Chromium (Debian's /usr/bin/chromium) with every other network access off; it renders,
 * takes a screenshot, and carries our title. Its own project (`npm run test:browser`, which CI runs
 * after installing Chromium), so that `npm test` needs no browser on the machine.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedGateway, type TestGateway } from '../support/gateway.js';

const run = promisify(execFile);
const CHROMIUM = '/usr/bin/chromium';

let t: TestGateway;
let profile: string;
beforeAll(async () => {
  t = await sharedGateway();
  profile = await mkdtemp(path.join(tmpdir(), 'explorer-'));
});
afterAll(() => rm(profile, { recursive: true, force: true }));

/** Headless Chromium with no network but the gateway (and no first-run, sync or GPU). */
function chromium(args: string[]) {
  return run(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-dev-shm-usage',
      `--user-data-dir=${profile}`,
      '--window-size=1280,800',
      '--virtual-time-budget=8000',
      ...args,
    ],
    { timeout: 60_000, maxBuffer: 20 * 1024 * 1024 },
  );
}

describe('GET /explorer', () => {
  it('renders GraphiQL from local files with the channel tabs, and takes a screenshot', async () => {
    const page = t.url.replace(/\/graphql$/, '/explorer');
    const { stdout: dom } = await chromium(['--dump-dom', page]);
    expect(dom).toContain('<title>Channel gateway explorer</title>');
    // Rendered by React: the GraphiQL container replaced the loading text, and the first tab's operations are in the editor.
    expect(dom).toContain('graphiql-container');
    expect(dom).not.toContain('Loading the explorer');
    const shot = path.join(profile, 'explorer.png');
    await chromium([`--screenshot=${shot}`, page]);
    const png = await readFile(shot);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect((await stat(shot)).size).toBeGreaterThan(10_000);
  });
});
