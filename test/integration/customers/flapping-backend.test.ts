/**
 * A backend healthy half of the time (scaled down: 1 s up, 1 s down) is used in its healthy half:
 * the sampling breaker opens in the down half and its short, jittered trials find the up half.
 * (With the former fixed 10 s half-open wait, as long as the flapping period, every trial landed in
 * a down half and the breaker stayed open nearly all the time.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MyProfileDocument } from '../../generated/graphql.js';
import { loginCustomer } from '../../support/auth.js';
import { execute } from '../../support/graphql-client.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

let t: TestGateway;

beforeAll(async () => {
  t = await startTestGateway({
    BREAKER_FAILURE_PERCENT: '50',
    BREAKER_WINDOW_MS: '1000',
    BREAKER_THRESHOLD: '4',
    BREAKER_HALF_OPEN_AFTER_MS: '100',
    BREAKER_HALF_OPEN_MAX_MS: '200',
    BACKEND_RETRIES: '0',
    // The down halves answer 503 at once; a healthy answer slowed by a busy machine is still an answer,
    // not a timeout (at 400 ms, a run at load 18 counted UPSTREAM_TIMEOUTs).
    BACKEND_TIMEOUT_MS: '3000',
  });
});
afterAll(() => t?.close());

describe('a flapping backend', () => {
  it('is used in its healthy half: at least 40% of requests are answered from it', async () => {
    const headers = (await loginCustomer(t, 'wang.fang')).headers;
    const halfMs = 1000;
    const runMs = 6000;
    let up = true;
    const flap = setInterval(() => {
      up = !up;
      void (up ? t.heal() : t.fault('crm', { mode: 'error', errorStatus: 503 }));
    }, halfMs);
    let answered = 0;
    let refused = 0;
    let opened = false;
    const startedAt = performance.now();
    try {
      // Four clients in a loop, as a channel under steady load would call.
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (performance.now() - startedAt < runMs) {
            const { data, errors } = await execute(t.url, MyProfileDocument, undefined, headers);
            if (data?.me.profile) answered += 1;
            else {
              refused += 1;
              expect(errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', backend: 'crm' });
            }
            if (t.gateway.backends.clients.crm.stats().breaker === 'open') opened = true;
            await new Promise((resolve) => setTimeout(resolve, 25));
          }
        }),
      );
    } finally {
      clearInterval(flap);
      await t.heal();
    }
    const share = answered / (answered + refused);
    expect(opened).toBe(true); // the down halves did open the breaker…
    expect(share).toBeGreaterThanOrEqual(0.4); // …and the up halves were used all the same
  });
});
