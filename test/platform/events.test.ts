/**
 * The event log and its live fan-out, on a real database: PGlite in memory by default, a fresh
 * PostgreSQL database when DATABASE_URL is set (then the second gateway instance is a second handle).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DatabaseConfig } from '../../src/platform/config.js';
import { defaultMigrationsFolder, openDatabase, type Database, type DatabaseHandle } from '../../src/platform/db/database.js';
import { appendEvent, EVENTS_CHANNEL, readStream, type NewEvent, type StoredEvent } from '../../src/platform/events/event-log.js';
import { countFanoutListeners, createEventFanout, EventsMissedError, type EventFanout } from '../../src/platform/events/fanout.js';
import { createTestDatabase, postgresUrl, type TestDatabase } from '../support/database.js';

const onPostgres = postgresUrl() !== undefined;
const now = new Date('2025-03-01T08:30:00.000Z');
let testDatabase: TestDatabase;
let config: DatabaseConfig;
let handle: DatabaseHandle;
let fanout: EventFanout;
const errors: Error[] = [];
const cleanups: (() => Promise<void>)[] = [];
let streamCounter = 0;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  config = onPostgres ? { kind: 'postgres', url: testDatabase.url } : { kind: 'pglite-memory' };
  handle = await openDatabase(config);
  // The gateway's own migrations, as every start applies them.
  await handle.migrate(defaultMigrationsFolder());
  fanout = await createEventFanout(handle, { onError: (error) => errors.push(error) });
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await fanout?.close();
  await handle?.close();
  await testDatabase?.drop();
});

/** A stream name no other test uses. */
function newStream(): string {
  streamCounter += 1;
  return `loan:${streamCounter.toString().padStart(4, '0')}-${Math.random().toString(36).slice(2, 8)}`;
}

function eventOf(stream: string, overrides: Partial<NewEvent> = {}): NewEvent {
  return { stream, type: 'LoanSubmitted', actor: 'customer:C000001', payload: { amount: '1000.00' }, topics: [stream], ...overrides };
}

/** Appends like a writer would: in a transaction, holding a lock that serialises the stream's writers. */
function append(stream: string, overrides: Partial<NewEvent> = {}, db: Database = handle.db): Promise<StoredEvent> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${stream}))`);
    return appendEvent(tx, eventOf(stream, overrides), now);
  });
}

/** The next value of `iterator`, failing the test instead of hanging when it does not come. */
async function nextWithin<T>(iterator: AsyncIterator<T>, ms = 3_000): Promise<IteratorResult<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no event within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([iterator.next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function take(iterator: AsyncIterator<StoredEvent>, count: number): Promise<number[]> {
  const seqs: number[] = [];
  while (seqs.length < count) {
    const result = await nextWithin(iterator);
    if (result.done) break;
    seqs.push(result.value.seq);
  }
  return seqs;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('appendEvent', () => {
  it('numbers the events of each stream 1, 2, 3 … on its own', async () => {
    const [a, b] = [newStream(), newStream()];
    for (const stream of [a, b, a, a, b]) await append(stream);

    expect((await readStream(handle.db, a, 0)).map((event) => event.seq)).toEqual([1, 2, 3]);
    expect((await readStream(handle.db, b, 0)).map((event) => event.seq)).toEqual([1, 2]);
    expect((await readStream(handle.db, a, 1, 1)).map((event) => event.seq)).toEqual([2]);
  });

  it('refuses to run outside a transaction', async () => {
    await expect(appendEvent(handle.db, eventOf(newStream()), now)).rejects.toThrow(/inside a transaction/);
  });

  it('leaves no row and delivers no notification when the transaction rolls back', async () => {
    const topic = `rollback-${newStream()}`;
    const [rolledBack, committed] = [newStream(), newStream()];
    const seen: StoredEvent[] = [];
    const unsubscribe = fanout.subscribe(topic, (event) => seen.push(event));

    await expect(
      handle.db.transaction(async (tx) => {
        await appendEvent(tx, eventOf(rolledBack, { topics: [topic] }), now);
        throw new Error('the write after the event failed');
      }),
    ).rejects.toThrow('the write after the event failed');
    // A later committed event on the same topic: once it arrives, a notification of the
    // rolled-back one would have arrived before it.
    await append(committed, { topics: [topic] });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    unsubscribe();

    expect(seen[0]?.stream).toBe(committed);
    expect(await readStream(handle.db, rolledBack, 0)).toEqual([]);
  });
});

describe('EventFanout.subscribe', () => {
  it('delivers a committed event with every field, its time as a Date', async () => {
    const stream = newStream();
    const topic = `customer:C000001:loans:${stream}`;
    const seen: StoredEvent[] = [];
    const unsubscribe = fanout.subscribe(topic, (event) => seen.push(event));

    const stored = await append(stream, {
      type: 'LoanReferred',
      actor: 'staff:S0002',
      reason: 'income could not be verified',
      payload: { amount: { value: '25000.00', currency: 'CNY' }, flags: ['INCOME'], score: 612 },
      topics: [stream, topic, 'review-queue'],
    });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    unsubscribe();

    expect(seen[0]).toEqual(stored);
    expect(seen[0]).toEqual({
      id: expect.stringMatching(/^\d+$/),
      stream,
      seq: 1,
      type: 'LoanReferred',
      actor: 'staff:S0002',
      reason: 'income could not be verified',
      payload: { amount: { value: '25000.00', currency: 'CNY' }, flags: ['INCOME'], score: 612 },
      topics: [stream, topic, 'review-queue'],
      occurredAt: now,
    });
    expect(seen[0]?.occurredAt).toBeInstanceOf(Date);
  });

  it('delivers an event too large for NOTIFY by reading it back from the table', async () => {
    const stream = newStream();
    const seen: StoredEvent[] = [];
    const unsubscribe = fanout.subscribe(stream, (event) => seen.push(event));
    const document = 'x'.repeat(10_000);

    const stored = await append(stream, { payload: { document } });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    unsubscribe();

    expect(seen[0]).toEqual(stored);
    expect(seen[0]?.payload.document).toHaveLength(10_000);
  });

  it('ignores a malformed notification and reports it', async () => {
    const stream = newStream();
    const seen: StoredEvent[] = [];
    const unsubscribe = fanout.subscribe(stream, (event) => seen.push(event));
    const errorsBefore = errors.length;

    await handle.db.execute(sql`select pg_notify(${EVENTS_CHANNEL}, 'not an event')`);
    await append(stream);
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    unsubscribe();

    expect(errors.slice(errorsBefore).map((error) => error.message)).toEqual([expect.stringMatching(/malformed notification/)]);
  });

  it('stops delivering once unsubscribed', async () => {
    const stream = newStream();
    const seen: number[] = [];
    const unsubscribe = fanout.subscribe(stream, (event) => seen.push(event.seq));
    const witness = fanout.live(stream);

    await append(stream);
    await vi.waitFor(() => expect(seen).toEqual([1]));
    unsubscribe();
    await append(stream);
    expect((await nextWithin(witness)).value?.seq).toBe(1);
    expect((await nextWithin(witness)).value?.seq).toBe(2);
    await witness.return?.();

    expect(seen).toEqual([1]);
  });
});

describe('EventFanout.streamOf', () => {
  it('replays the events after the given seq and then continues live', async () => {
    const stream = newStream();
    for (let i = 0; i < 5; i += 1) await append(stream);

    const iterator = fanout.streamOf(stream, 2);
    expect(await take(iterator, 3)).toEqual([3, 4, 5]);
    const pending = nextWithin(iterator);
    await append(stream);
    expect((await pending).value?.seq).toBe(6);
    await iterator.return?.();
  });

  it.each([
    { buffers: 'default buffers', options: {} },
    { buffers: 'buffers so small that replay takes pages and live events overflow', options: { replayPage: 3, maxBuffered: 3 } },
  ])('sees every seq exactly once, in order, while 50 appends race its replay ($buffers)', async ({ options }) => {
    const ownFanout = await createEventFanout(handle, { ...options, onError: (error) => errors.push(error) });
    const stream = newStream();
    for (let i = 0; i < 10; i += 1) await append(stream);

    const iterator = ownFanout.streamOf(stream, 0);
    const writers = Promise.all(range(1, 50).map(() => append(stream)));
    const seqs = await take(iterator, 60);
    await writers;
    // Nothing extra is queued: the next event is the next seq.
    await append(stream);
    const after = await nextWithin(iterator);
    await iterator.return?.();
    await ownFanout.close();

    expect(seqs).toEqual(range(1, 60));
    expect(after.value?.seq).toBe(61);
  });

  it('resolves a pending next() at once on return() and leaves no listener behind', async () => {
    const stream = newStream();
    const before = countFanoutListeners(fanout);
    const iterator = fanout.streamOf(stream, 0);
    const pending = iterator.next();
    expect(countFanoutListeners(fanout)).toBe(before + 1);

    await expect(iterator.return?.()).resolves.toEqual({ value: undefined, done: true });
    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    expect(countFanoutListeners(fanout)).toBe(before);
    await expect(iterator.next()).resolves.toEqual({ value: undefined, done: true });
  });

  it('ends when its signal aborts', async () => {
    const stream = newStream();
    const before = countFanoutListeners(fanout);
    const controller = new AbortController();
    const iterator = fanout.streamOf(stream, 0, { signal: controller.signal });
    const pending = iterator.next();

    controller.abort();

    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    expect(countFanoutListeners(fanout)).toBe(before);
  });
});

describe('EventFanout.live', () => {
  it('delivers only events committed after it started, and return() ends it at once', async () => {
    const stream = newStream();
    const topic = `review-queue:${stream}`;
    // NOTIFY reaches listeners after the commit returns: wait until the first event went by.
    const seen: number[] = [];
    const unsubscribe = fanout.subscribe(topic, (event) => seen.push(event.seq));
    await append(stream, { topics: [topic] });
    await vi.waitFor(() => expect(seen).toEqual([1]));
    unsubscribe();
    const before = countFanoutListeners(fanout);
    const iterator = fanout.live(topic);

    await append(stream, { topics: [topic] });
    expect((await nextWithin(iterator)).value?.seq).toBe(2);
    const pending = iterator.next();
    await iterator.return?.();

    await expect(pending).resolves.toEqual({ value: undefined, done: true });
    expect(countFanoutListeners(fanout)).toBe(before);
  });

  it('ends with EventsMissedError when its consumer falls too far behind', async () => {
    const ownFanout = await createEventFanout(handle, { maxBuffered: 2, replayPage: 1 });
    const stream = newStream();
    const iterator = ownFanout.live(stream);

    for (let i = 0; i < 3; i += 1) await append(stream);
    await vi.waitFor(() => expect(countFanoutListeners(ownFanout)).toBe(0));
    await ownFanout.close();

    // What was queued before the gap is delivered, then the error names the last of it.
    expect(await take(iterator, 2)).toEqual([1, 2]);
    const error = await iterator.next().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(EventsMissedError);
    expect((error as EventsMissedError).extensions).toMatchObject({ code: 'EVENTS_MISSED', lastSeq: 2 });
  });
});

describe('two gateway instances on one database', () => {
  it('both receive an event written through either', async () => {
    // PGlite lives in one process: the second instance is a second fan-out over the same handle.
    // On PostgreSQL it is a second handle with its own listening connection.
    const other = onPostgres ? await openDatabase(config) : handle;
    if (other !== handle) cleanups.push(() => other.close());
    const otherFanout = await createEventFanout(other);
    cleanups.push(() => otherFanout.close());
    const stream = newStream();
    const here = fanout.live(stream);
    const there = otherFanout.live(stream);

    await append(stream, {}, handle.db);
    await append(stream, {}, other.db);

    for (const iterator of [here, there]) {
      expect(await take(iterator, 2)).toEqual([1, 2]);
      await iterator.return?.();
    }
  });
});

// Only PostgreSQL has a listening connection to lose (PGlite listens in-process), so the suite
// exists only there rather than showing up as skipped on PGlite.
if (onPostgres) describe('a dropped listening connection', () => {
  it('is re-established, streamOf re-reads what it missed and live ends with EventsMissedError', async () => {
    const reconnected = vi.fn();
    const ownHandle = await openDatabase(config);
    const ownFanout = await createEventFanout(ownHandle, { onReconnect: reconnected, onError: () => {} });
    const stream = newStream();
    await append(stream);
    const replaying = ownFanout.streamOf(stream, 0);
    const live = ownFanout.live(stream);
    expect(await take(replaying, 1)).toEqual([1]);

    await handle.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'gateway-events-listener' and datname = current_database()`,
    );
    // Written while nobody listens: no notification will ever carry these.
    await append(stream);
    await append(stream);
    await vi.waitFor(() => expect(reconnected).toHaveBeenCalledOnce(), { timeout: 5_000 });

    expect(await take(replaying, 2)).toEqual([2, 3]);
    await append(stream);
    expect(await take(replaying, 1)).toEqual([4]);
    // Whatever reached the live iterator before the connection dropped comes first, then the error.
    let ended: unknown;
    for (let i = 0; i < 5 && ended === undefined; i++) ended = await live.next().then(() => undefined, (error: unknown) => error);
    expect(ended).toBeInstanceOf(EventsMissedError);
    await replaying.return?.();
    await ownFanout.close();
    await ownHandle.close();
  });
});
