/**
 * Live fan-out of committed events: one LISTEN per gateway process on {@link EVENTS_CHANNEL}, handed
 * to in-process subscribers by topic or by stream. PGlite and PostgreSQL run the same code: both
 * deliver a NOTIFY only when its transaction commits, so subscribers never see rolled-back events.
 *
 * Reconnects (PostgreSQL only): notifications sent while the listening connection was down are
 * lost. `streamOf` iterators then re-read their stream from the last seq they queued, so they miss
 * nothing; `live` iterators end with {@link EventsMissedError} (there is nothing to re-read by
 * topic), so the client resubscribes and refetches; `subscribe` callbacks cannot be told, so
 * `onReconnect` is the place to react.
 */
import { GraphQLError } from 'graphql';
import type { DatabaseHandle } from '../db/database.js';
import { EVENTS_CHANNEL, parseNotifyPayload, readEventById, readStream, type StoredEvent, type TruncatedNotice } from './event-log.js';

export interface EventFanout {
  /** Calls `listener` for every committed event carrying `topic`, from any gateway instance on the same database. */
  subscribe(topic: string, listener: (event: StoredEvent) => void): () => void;
  /**
   * Replay-then-live for one stream: first every event with seq > afterSeq (read from the database), then live ones,
   * with no gap and no duplicate between the two (subscribe first, buffer, replay, then drain the buffer skipping seq ≤ last sent).
   * Ends when the consumer calls return() — at once, leaving no listener behind — or when `signal` aborts.
   */
  streamOf(stream: string, afterSeq: number, options?: { signal?: AbortSignal }): AsyncIterableIterator<StoredEvent>;
  /** Live events of a topic from now on (no replay), as an async iterator with the same return() guarantees. */
  live(topic: string, options?: { signal?: AbortSignal }): AsyncIterableIterator<StoredEvent>;
  close(): Promise<void>;
}

export interface EventFanoutOptions {
  /**
   * Malformed notifications, failed reads of truncated ones, listeners that throw and lost
   * connections end up here; the fan-out carries on.
   * @default process.emitWarning
   */
  onError?: (error: Error) => void;
  /** Called after the PostgreSQL listening connection came back: notifications may have been missed. */
  onReconnect?: () => void;
  /** Called with every event as it is handed to this instance's subscribers (for the fan-out lag metric). */
  onDispatch?: (event: StoredEvent) => void;
  /**
   * Events held for one iterator whose consumer is slower than the writers. Past it, `streamOf`
   * drops what it holds and re-reads from the database later; `live` ends with {@link EventsMissedError}.
   * @default 1000
   */
  maxBuffered?: number;
  /**
   * Rows a `streamOf` replay reads per query; `maxBuffered` is raised to at least this.
   * @default 200
   */
  replayPage?: number;
}

/**
 * A `live` iterator could not keep up, or the listening connection dropped: events after the last
 * one delivered may be missing. Ends the subscription with `extensions.code` EVENTS_MISSED and the
 * last event it delivered (`lastSeq` within its stream, `lastEventId` in the whole log; null when
 * none was): the client refetches what it shows and subscribes again. Every event queued before
 * the gap is still delivered before this error.
 */
export class EventsMissedError extends GraphQLError {
  readonly code = 'EVENTS_MISSED';
  constructor(message: string, last: StoredEvent | undefined) {
    super(message, { extensions: { code: 'EVENTS_MISSED', lastSeq: last?.seq ?? null, lastEventId: last?.id ?? null } });
    this.name = 'EventsMissedError';
  }
}

interface StreamWatcher {
  onEvent(event: StoredEvent): void;
  /** Something of this stream may have been missed: re-read from the database. */
  onGap(): void;
}

const listenerCounts = new WeakMap<EventFanout, () => number>();

/** Test hook: topic listeners plus stream iterators currently registered on `fanout`. */
export function countFanoutListeners(fanout: EventFanout): number {
  return listenerCounts.get(fanout)?.() ?? 0;
}

/**
 * Starts listening on {@link EVENTS_CHANNEL}; create one per gateway process and close it on shutdown.
 * @throws when the database refuses the LISTEN.
 */
export async function createEventFanout(handle: DatabaseHandle, options: EventFanoutOptions = {}): Promise<EventFanout> {
  const onError = options.onError ?? ((error: Error) => process.emitWarning(error));
  const replayPage = options.replayPage ?? 200;
  const maxBuffered = Math.max(options.maxBuffered ?? 1000, replayPage);
  const topicListeners = new Map<string, Set<(event: StoredEvent) => void>>();
  const streamWatchers = new Map<string, Set<StreamWatcher>>();
  /** Each live iterator, with the last event it queued. */
  const liveIterators = new Map<PushIterator<StoredEvent>, () => StoredEvent | undefined>();
  /** Every iterator not yet finished, `live` and `streamOf`: close() ends them. */
  const openIterators = new Set<PushIterator<StoredEvent>>();
  let closed = false;

  // Notifications are handled in arrival order; a truncated one is completed from the table first,
  // and those behind it wait for it.
  let chain: Promise<void> = Promise.resolve();
  let inChain = 0;

  function onPayload(payload: string): void {
    if (closed) return;
    let notice: StoredEvent | TruncatedNotice;
    try {
      notice = parseNotifyPayload(payload);
    } catch (error) {
      onError(new Error(`ignored a malformed notification on ${EVENTS_CHANNEL}: ${payload.slice(0, 200)}`, { cause: error }));
      return;
    }
    if (!('truncated' in notice) && inChain === 0) {
      dispatch(notice);
      return;
    }
    inChain += 1;
    chain = chain.then(async () => {
      try {
        const event = 'truncated' in notice ? await readEventById(handle.db, notice.id) : notice;
        if (!event) throw new Error(`event ${notice.id} was notified but is not in the table`);
        if (!closed) dispatch(event);
      } catch (error) {
        onError(new Error(`could not complete the notification of event ${notice.id}`, { cause: error }));
        for (const watcher of streamWatchers.get(notice.stream) ?? []) watcher.onGap();
      } finally {
        inChain -= 1;
      }
    });
  }

  function dispatch(event: StoredEvent): void {
    options.onDispatch?.(event);
    for (const topic of new Set(event.topics)) {
      // Copies: a listener may unsubscribe (itself or another) while we iterate.
      for (const listener of [...(topicListeners.get(topic) ?? [])]) {
        try {
          listener(event);
        } catch (error) {
          onError(new Error(`an event listener on ${topic} threw`, { cause: error }));
        }
      }
    }
    for (const watcher of [...(streamWatchers.get(event.stream) ?? [])]) watcher.onEvent(event);
  }

  function onReconnect(): void {
    for (const watchers of streamWatchers.values()) for (const watcher of [...watchers]) watcher.onGap();
    for (const [iterator, last] of [...liveIterators]) {
      iterator.fail(new EventsMissedError('The event listener reconnected; events may have been missed. Refetch, then subscribe again.', last()));
    }
    options.onReconnect?.();
  }

  const unlisten = await handle.listen(EVENTS_CHANNEL, onPayload, { onReconnect, onError });

  function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): () => void {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(value);
    return () => {
      const current = map.get(key);
      if (current?.delete(value) && current.size === 0) map.delete(key);
    };
  }

  function assertOpen(): void {
    if (closed) throw new Error('the event fan-out is closed');
  }

  /** Registers `iterator` for close() and ends it when `signal` aborts. */
  function track(iterator: PushIterator<StoredEvent>, signal: AbortSignal | undefined): void {
    openIterators.add(iterator);
    iterator.onFinish(() => openIterators.delete(iterator));
    if (!signal) return;
    if (signal.aborted) return iterator.finish();
    const abort = () => iterator.finish();
    signal.addEventListener('abort', abort, { once: true });
    iterator.onFinish(() => signal.removeEventListener('abort', abort));
  }

  function subscribe(topic: string, listener: (event: StoredEvent) => void): () => void {
    assertOpen();
    // A fresh wrapper per call: subscribing the same function twice gives two independent subscriptions.
    return addTo(topicListeners, topic, (event: StoredEvent) => listener(event));
  }

  function live(topic: string, liveOptions: { signal?: AbortSignal } = {}): AsyncIterableIterator<StoredEvent> {
    assertOpen();
    const iterator = new PushIterator<StoredEvent>();
    /** The last event queued: delivered before any failure (see PushIterator.fail). */
    let lastQueued: StoredEvent | undefined;
    const unsubscribe = addTo(topicListeners, topic, (event: StoredEvent) => {
      if (iterator.queued >= maxBuffered) {
        iterator.fail(new EventsMissedError(`This subscription fell ${maxBuffered} events behind; events may have been missed. Refetch, then subscribe again.`, lastQueued));
      } else {
        iterator.push(event);
        lastQueued = event;
      }
    });
    liveIterators.set(iterator, () => lastQueued);
    iterator.onFinish(() => {
      unsubscribe();
      liveIterators.delete(iterator);
    });
    track(iterator, liveOptions.signal);
    return iterator;
  }

  function streamOf(stream: string, afterSeq: number, streamOptions: { signal?: AbortSignal } = {}): AsyncIterableIterator<StoredEvent> {
    assertOpen();
    /** The highest seq handed to the iterator; everything up to it was delivered once, in order. */
    let lastQueued = afterSeq;
    /**
     * The database may hold events after lastQueued that we have not queued: read before going live.
     * Only a drain at the end of a read clears it, so it stays set while a read is in flight.
     */
    let stale = true;
    let reading = false;
    /** Live events that arrived while stale, kept to avoid re-reading them. */
    let held: StoredEvent[] = [];
    let droppedHeld = 0;

    const iterator = new PushIterator<StoredEvent>(() => pump());

    // Accepts the next live event in order; anything else means the database must be read.
    function accept(event: StoredEvent): boolean {
      if (event.seq <= lastQueued) return true;
      if (event.seq !== lastQueued + 1 || iterator.queued >= maxBuffered) {
        stale = true;
        return false;
      }
      lastQueued = event.seq;
      iterator.push(event);
      return true;
    }

    const watcher: StreamWatcher = {
      onEvent(event) {
        if (iterator.finished || event.seq <= lastQueued) return;
        if (stale) {
          if (held.length < maxBuffered) {
            held.push(event);
          } else {
            // Every notified event is committed, so a later read finds the ones dropped here.
            held = [];
            droppedHeld += 1;
          }
          return;
        }
        if (!accept(event)) {
          held.push(event);
          pump();
        }
      },
      onGap() {
        stale = true;
        pump();
      },
    };
    const unwatch = addTo(streamWatchers, stream, watcher);
    iterator.onFinish(() => {
      unwatch();
      held = [];
    });
    track(iterator, streamOptions.signal);

    // Reads only while the consumer waits, so a slow consumer never pulls a whole stream into memory.
    function pump(): void {
      if (iterator.finished || reading || !stale || !iterator.waiting) return;
      reading = true;
      catchUp().then(
        () => {
          reading = false;
          // A gap may have been noticed while the last read was in flight.
          pump();
        },
        (error: unknown) => {
          reading = false;
          iterator.fail(error);
        },
      );
    }

    async function catchUp(): Promise<void> {
      while (stale && iterator.waiting && !iterator.finished) {
        const droppedBefore = droppedHeld;
        const page = await readStream(handle.db, stream, lastQueued, replayPage);
        if (iterator.finished) return;
        // The table is the truth: take its rows even if a seq were ever missing.
        for (const event of page) {
          if (event.seq > lastQueued) {
            lastQueued = event.seq;
            iterator.push(event);
          }
        }
        if (page.length === replayPage || droppedHeld !== droppedBefore) continue;
        // Caught up with everything committed before this read started, and every event committed
        // since then was notified into `held`: drain it, skipping what the read already returned.
        stale = false;
        const pending = held;
        held = [];
        for (const event of pending) if (!accept(event)) break;
      }
    }

    return iterator;
  }

  const fanout: EventFanout = {
    subscribe,
    streamOf,
    live,
    async close() {
      if (closed) return;
      closed = true;
      // Finishing an iterator unregisters it, so iterate over copies.
      for (const iterator of [...openIterators]) iterator.finish();
      topicListeners.clear();
      streamWatchers.clear();
      await unlisten();
      await chain;
    },
  };
  listenerCounts.set(fanout, () => {
    let count = 0;
    for (const set of topicListeners.values()) count += set.size;
    for (const set of streamWatchers.values()) count += set.size;
    return count;
  });
  return fanout;
}

/**
 * An async iterator fed by pushes. `return()` and `finish()` end it at once: pending `next()` calls
 * resolve as done and the finish hooks (unsubscribing) run synchronously.
 */
class PushIterator<T> implements AsyncIterableIterator<T> {
  finished = false;
  private readonly ready: T[] = [];
  private readonly waiters: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void }[] = [];
  private readonly finishHooks: (() => void)[] = [];
  private failure: { error: unknown } | undefined;

  /** @param onPull called when a consumer starts waiting on an empty queue. */
  constructor(private readonly onPull: () => void = () => {}) {}

  get queued(): number {
    return this.ready.length;
  }

  get waiting(): boolean {
    return this.waiters.length > 0;
  }

  onFinish(hook: () => void): void {
    if (this.finished) hook();
    else this.finishHooks.push(hook);
  }

  push(value: T): void {
    if (this.finished) return;
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve({ value, done: false });
    else this.ready.push(value);
  }

  /** Ends the iterator: what is queued is still handed out, then the next `next()` rejects with `error`. */
  fail(error: unknown): void {
    if (this.finished) return;
    const waiter = this.waiters.shift();
    const queued = this.ready.splice(0);
    this.finish();
    if (waiter) waiter.reject(error);
    else {
      this.ready.push(...queued);
      this.failure = { error };
    }
  }

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.ready.length = 0;
    for (const waiter of this.waiters.splice(0)) waiter.resolve({ value: undefined, done: true });
    for (const hook of this.finishHooks.splice(0)) hook();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.ready.length > 0) return Promise.resolve({ value: this.ready.shift() as T, done: false });
    if (this.failure) {
      const { error } = this.failure;
      this.failure = undefined;
      return Promise.reject(error);
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.onPull();
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.finish();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
