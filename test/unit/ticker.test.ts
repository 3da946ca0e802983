import { describe, expect, it } from 'vitest';
import { ticker } from '../../src/modules/system/ticker.js';

describe('ticker', () => {
  it('yields at once, then once per interval', async () => {
    let n = 0;
    const it = ticker(20, () => new Date(Date.UTC(2026, 0, 1, 0, 0, n++)));
    expect((await it.next()).value?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect((await it.next()).value?.toISOString()).toBe('2026-01-01T00:00:01.000Z');
    await it.return!();
  });

  it('ends a pending wait at once when the consumer returns, leaving no timer behind', async () => {
    const it = ticker(60_000);
    await it.next();
    const pending = it.next();
    const started = Date.now();
    await it.return!();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(Date.now() - started).toBeLessThan(100);
    expect(await it.next()).toEqual({ value: undefined, done: true });
  });
});
