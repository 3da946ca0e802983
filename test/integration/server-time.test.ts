import { beforeAll, describe, expect, it } from 'vitest';
import { ServerTimeDocument } from '../generated/graphql.js';
import { take, wsClient } from '../support/graphql-client.js';
import { sharedGateway, type TestGateway } from '../support/gateway.js';

let t: TestGateway;

beforeAll(async () => {
  t = await sharedGateway();
});

describe('Subscription.serverTime', () => {
  it('streams the server clock as ISO-8601 UTC over graphql-ws, at once and then on each tick', async () => {
    const client = wsClient(t.wsUrl, { channel: 'APP' });
    try {
      const started = Date.now();
      const results = await take(client, ServerTimeDocument, 3);
      const times = results.map((r) => r.data!.serverTime);
      for (const time of times) expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      const millis = times.map((time) => Date.parse(time));
      expect(millis[1]! - millis[0]!).toBeGreaterThanOrEqual(30);
      expect(millis[2]!).toBeGreaterThan(millis[1]!);
      expect(Math.abs(millis[0]! - started)).toBeLessThan(5000);
    } finally {
      await client.dispose();
    }
  });

  it('answers an invalid operation with a validation error, not a closed socket', async () => {
    const client = wsClient(t.wsUrl);
    try {
      await expect(take(client, 'subscription { serverTime { hours } }', 1)).rejects.toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }) }),
      ]);
    } finally {
      await client.dispose();
    }
  });

  it('closes the connection with 4400 when the declared channel is unknown', async () => {
    const client = wsClient(t.wsUrl, { channel: 'FAX' });
    try {
      await expect(take(client, ServerTimeDocument, 1)).rejects.toMatchObject({ code: 4400 });
    } finally {
      await client.dispose();
    }
  });
});
