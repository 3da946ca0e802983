/**
 * Leases on in-flight work, on a real database (PGlite in memory, or a fresh PostgreSQL database
 * when DATABASE_URL is set): parallel claims on one subject run the work once; a live holder
 * (renewing) keeps it past the lease time; a holder that stopped renewing (its instance died) is
 * taken over once the lease lapses; the record tells the report what happened.
 */
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultMigrationsFolder, openDatabase, type DatabaseHandle } from '../../src/platform/db/database.js';
import { createLogger } from '../../src/platform/logger.js';
import { createLeases } from '../../src/platform/work/leases.js';
import { workLeases } from '../../src/platform/work/work-leases.tables.js';
import { createTestDatabase, postgresUrl, type TestDatabase } from '../support/database.js';

let testDatabase: TestDatabase;
let handle: DatabaseHandle;
const log = createLogger({ logLevel: 'silent' });

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  handle = await openDatabase(postgresUrl() ? { kind: 'postgres', url: testDatabase.url } : { kind: 'pglite-memory' });
  await handle.migrate(defaultMigrationsFolder());
});
afterAll(async () => {
  await handle.close();
  await testDatabase.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const record = async (kind: string, subjectId: string) =>
  (await handle.db.select().from(workLeases).where(and(eq(workLeases.kind, kind), eq(workLeases.subjectId, subjectId))))[0];

describe('work leases', () => {
  it('runs the work once when 20 instances claim the same subject at once', async () => {
    const instances = Array.from({ length: 20 }, (_, i) => createLeases({ db: handle.db, log, leaseMs: 5000, instanceId: `i${i}` }));
    const subject = randomUUID();
    let runs = 0;
    const results = await Promise.all(
      instances.map((leases) =>
        leases.run('test.work', subject, 'sweep', async () => {
          runs += 1;
          await sleep(300);
          return { value: 'done', outcome: 'DONE' };
        }),
      ),
    );
    expect(runs).toBe(1);
    expect(results.filter((r) => r.claimed)).toHaveLength(1);
    expect(await record('test.work', subject)).toMatchObject({ outcome: 'DONE', settledBy: 'sweep', owner: null, attempts: 0 });
  });

  it('keeps a live holder past the lease time (it renews), and takes over from one that stopped renewing', async () => {
    const a = createLeases({ db: handle.db, log, leaseMs: 300, instanceId: 'a' });
    const b = createLeases({ db: handle.db, log, leaseMs: 300, instanceId: 'b' });
    const subject = randomUUID();
    let release!: () => void;
    const long = a.run('test.work', subject, 'customer:C1', async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { value: 'a', outcome: null, note: 'core banking: UPSTREAM_TIMEOUT' };
    });
    await sleep(900); // three lease times: a renewed it
    expect(await b.held('test.work', subject)).toBe(true);
    expect((await b.run('test.work', subject, 'sweep', async () => ({ value: 'b', outcome: 'DONE' }))).claimed).toBe(false);
    release();
    await long;
    // a's try ended unsettled: a failed attempt on record, nobody holds it, b takes it at once.
    expect(await record('test.work', subject)).toMatchObject({ attempts: 1, lastError: 'core banking: UPSTREAM_TIMEOUT', owner: null, outcome: null });
    expect(await b.run('test.work', subject, 'sweep', async () => ({ value: 'b', outcome: 'DONE', note: 'core banking had applied the key' }))).toEqual({ claimed: true, value: 'b' });
    expect(await record('test.work', subject)).toMatchObject({ attempts: 1, outcome: 'DONE', settledBy: 'sweep', note: 'core banking had applied the key' });

    // An instance killed mid-work: its claim stays in the table, unrenewed, until it lapses.
    const dead = randomUUID();
    const at = new Date();
    await handle.db.insert(workLeases).values({ kind: 'test.work', subjectId: dead, owner: 'killed:1', leaseUntil: new Date(at.getTime() + 300), createdAt: at, updatedAt: at });
    expect((await b.run('test.work', dead, 'sweep', async () => ({ value: 'early', outcome: 'DONE' }))).claimed).toBe(false);
    await sleep(400);
    expect((await b.run('test.work', dead, 'sweep', async () => ({ value: 'late', outcome: 'DONE' }))).claimed).toBe(true);
  });

  it('leaves no record for work settled on its first try by a request', async () => {
    const leases = createLeases({ db: handle.db, log, leaseMs: 1000 });
    const subject = randomUUID();
    expect(await leases.run('test.work', subject, 'customer:C1', async () => ({ value: 1, outcome: 'POSTED' }))).toEqual({ claimed: true, value: 1 });
    expect(await record('test.work', subject)).toBeUndefined();
    await expect(leases.run('test.work', subject, 'customer:C1', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await record('test.work', subject)).toMatchObject({ attempts: 1, lastError: 'boom', owner: null });
  });

  it('records the outcome of work whose claim lapsed while another try failed: the record does not stay open', async () => {
    const a = createLeases({ db: handle.db, log, leaseMs: 5000, instanceId: 'a' });
    const b = createLeases({ db: handle.db, log, leaseMs: 5000, instanceId: 'b' });
    const subject = randomUUID();
    let finish!: () => void;
    const slow = a.run('test.work', subject, 'customer:C1', async () => {
      await new Promise<void>((resolve) => (finish = resolve));
      return { value: 'a', outcome: 'POSTED' };
    });
    await sleep(100);
    // a stalls past its lease (as under heavy load): b takes the work over, and b's try fails.
    await handle.db
      .update(workLeases)
      .set({ owner: 'a:lapsed', leaseUntil: new Date(Date.now() - 1) })
      .where(and(eq(workLeases.kind, 'test.work'), eq(workLeases.subjectId, subject)));
    await expect(b.run('test.work', subject, 'sweep', () => Promise.reject(new Error('core banking: UPSTREAM_UNAVAILABLE')))).rejects.toThrow();
    finish();
    await slow;
    expect(await record('test.work', subject)).toMatchObject({ outcome: 'POSTED', settledBy: 'customer:C1', attempts: 1, owner: null });
  });
});
