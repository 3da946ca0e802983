import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ProductCodesDocument, ServerTimeDocument } from '../generated/graphql.js';
import { execute, wsClient } from '../support/graphql-client.js';
import { startTestGateway } from '../support/gateway.js';

describe('graceful shutdown', () => {
  it('finishes in-flight requests, closes WebSockets with 1001 and then refuses connections', async () => {
    const t = await startTestGateway();
    // Slow enough to be in flight when the stop begins, well within BACKEND_TIMEOUT_MS.
    await t.fault('coreBanking', { delayMs: 250 });

    const client = wsClient(t.wsUrl);
    const closed = new Promise<number>((resolve) => client.on('closed', (event) => resolve((event as { code: number }).code)));
    const ticks: string[] = [];
    client.subscribe<{ serverTime: string }>({ query: print(ServerTimeDocument) }, {
      next: (result) => ticks.push(result.data!.serverTime),
      error: () => {},
      complete: () => {},
    });
    await expect.poll(() => ticks.length).toBeGreaterThan(0);

    const inFlight = execute(t.url, ProductCodesDocument);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopping = t.close();

    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(response.data?.products?.length).toBeGreaterThan(0);
    expect(await closed).toBe(1001);
    await stopping;
    await expect(fetch(t.url.replace('/graphql', '/healthz'))).rejects.toThrow();
    await client.dispose();
  });
});
