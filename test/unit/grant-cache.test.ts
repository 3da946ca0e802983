import { describe, expect, it } from 'vitest';
import { createGrantCache } from '../../src/modules/auth/grant-cache.js';

interface Grant {
  id: string;
  subject: string;
  revoked: boolean;
}

function setup(ttlMs = 5000, maxEntries = 100) {
  let clock = 0;
  const rows = new Map<string, Grant>();
  let reads = 0;
  const cache = createGrantCache<Grant>({ ttlMs, maxEntries, subjectOf: (g) => g.subject, now: () => clock });
  const load = (id: string) => async () => {
    reads += 1;
    const row = rows.get(id);
    return row && { ...row };
  };
  return {
    cache,
    rows,
    load,
    reads: () => reads,
    tick: (ms: number) => (clock += ms),
  };
}

describe('grant cache', () => {
  it('reads a grant once within the TTL and again after it', async () => {
    const s = setup(5000);
    s.rows.set('a', { id: 'a', subject: 'CUSTOMER:C1', revoked: false });
    await s.cache.get('a', s.load('a'));
    await s.cache.get('a', s.load('a'));
    expect(s.reads()).toBe(1);
    s.rows.set('a', { id: 'a', subject: 'CUSTOMER:C1', revoked: true });
    s.tick(5000);
    expect((await s.cache.get('a', s.load('a')))?.revoked).toBe(true);
    expect(s.reads()).toBe(2);
  });

  it("evicts every grant of a subject and no other subject's", async () => {
    const s = setup();
    s.rows.set('a', { id: 'a', subject: 'CUSTOMER:C1', revoked: false });
    s.rows.set('b', { id: 'b', subject: 'CUSTOMER:C1', revoked: false });
    s.rows.set('c', { id: 'c', subject: 'STAFF:C1', revoked: false });
    for (const id of ['a', 'b', 'c']) await s.cache.get(id, s.load(id));
    s.rows.set('a', { id: 'a', subject: 'CUSTOMER:C1', revoked: true });
    s.cache.evictSubject('CUSTOMER:C1');
    expect(s.cache.size).toBe(1);
    expect((await s.cache.get('a', s.load('a')))?.revoked).toBe(true);
    await s.cache.get('c', s.load('c'));
    expect(s.reads()).toBe(4);
  });

  it('does not store a read that was in flight when an eviction came: the revocation wins', async () => {
    const s = setup();
    s.rows.set('a', { id: 'a', subject: 'CUSTOMER:C1', revoked: false });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The read sees the row before the revocation commits, and returns after it was announced.
    const stale = s.cache.get('a', async () => {
      const row = { ...s.rows.get('a')! };
      await gate;
      return row;
    });
    s.rows.set('a', { id: 'a', subject: 'CUSTOMER:C1', revoked: true });
    s.cache.evictSubject('CUSTOMER:C1');
    release();
    expect((await stale)?.revoked).toBe(false);
    expect((await s.cache.get('a', s.load('a')))?.revoked).toBe(true);
  });

  it('keeps nothing with a TTL of 0, and never caches a missing grant', async () => {
    const off = setup(0);
    off.rows.set('a', { id: 'a', subject: 'CUSTOMER:C1', revoked: false });
    await off.cache.get('a', off.load('a'));
    await off.cache.get('a', off.load('a'));
    expect(off.reads()).toBe(2);

    const on = setup();
    expect(await on.cache.get('x', on.load('x'))).toBeUndefined();
    on.rows.set('x', { id: 'x', subject: 'CUSTOMER:C1', revoked: false });
    expect(await on.cache.get('x', on.load('x'))).toBeDefined();
  });

  it('drops the oldest grant past maxEntries, and everything on clear()', async () => {
    const s = setup(5000, 2);
    for (const id of ['a', 'b', 'c']) {
      s.rows.set(id, { id, subject: `CUSTOMER:${id}`, revoked: false });
      await s.cache.get(id, s.load(id));
    }
    expect(s.cache.size).toBe(2);
    await s.cache.get('a', s.load('a'));
    expect(s.reads()).toBe(4);
    s.cache.clear();
    expect(s.cache.size).toBe(0);
  });
});
