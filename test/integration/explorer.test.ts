/**
 * The offline explorer over HTTP: the page and everything it loads come from the gateway itself
 * (GraphiQL from its own node_modules), nothing from the internet. That it renders in a browser is
 * test/browser/explorer.test.ts (`npm run test:browser`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sharedGateway, type TestGateway } from '../support/gateway.js';

let t: TestGateway;
let base: string;
beforeAll(async () => {
  t = await sharedGateway();
  base = t.url.replace(/\/graphql$/, '/explorer');
});

describe('GET /explorer', () => {
  it('is an HTML page with our title whose scripts and styles all come from the gateway', async () => {
    const response = await fetch(base);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<title>Channel gateway explorer</title>');
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      expect((await fetch(new URL(asset, `${base}/`))).status, asset).toBe(200);
    }
  });

  it('serves only its own files from node_modules', async () => {
    expect((await fetch(`${base}/graphiql.js`)).status).toBe(200);
    const other = await fetch(`${base}/..%2F..%2Fpackage.json`);
    expect(other.status).toBe(404);
    const tabs = await (await fetch(`${base}/app.js`)).text();
    for (const channel of ['APP', 'MINI_PROGRAM', 'WEB', 'BRANCH', 'STAFF', 'PARTNER']) expect(tabs).toContain(`\\"x-channel\\": \\"${channel}\\"`);
  });
});
