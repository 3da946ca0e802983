/**
 * The event log: appending an event inside the writer's transaction, and reading a stream back.
 * Every committed append is also announced with NOTIFY on {@link EVENTS_CHANNEL}; `fanout.ts`
 * listens to it and hands the events to subscribers.
 */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Database } from '../db/database.js';
import { events } from './events.tables.js';

/** The NOTIFY channel that carries committed events to every gateway instance. */
export const EVENTS_CHANNEL = 'gateway_events';

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more (default build). */
export const MAX_NOTIFY_BYTES = 8000;

export interface NewEvent {
  /** The aggregate, e.g. `loan:<uuid>`. */
  stream: string;
  type: string;
  /** `customer:C000001`, `staff:S0002`, `system`. */
  actor: string;
  reason?: string | null;
  payload: Record<string, unknown>;
  /** Fan-out keys, e.g. `['loan:<id>', 'customer:C000001:loans', 'review-queue']`. */
  topics: string[];
}

export interface StoredEvent extends NewEvent {
  /** The bigserial id, as a string (it may exceed Number.MAX_SAFE_INTEGER). */
  id: string;
  /** 1, 2, 3 … within the stream. */
  seq: number;
  reason: string | null;
  occurredAt: Date;
}

/** What travels in a NOTIFY when the whole event would be too large: the listener reads the row. */
export interface TruncatedNotice {
  id: string;
  stream: string;
  seq: number;
  topics?: string[];
  truncated: true;
}

/**
 * Appends `event` in the caller's transaction, numbering `seq` per stream, and queues a NOTIFY that
 * PostgreSQL and PGlite deliver only if the transaction commits.
 *
 * The caller must hold a lock that serialises the writers of this stream (e.g. `SELECT … FOR UPDATE`
 * on the aggregate row), so that seq order is commit order. Without one, two racing appends compute
 * the same seq and the unique (stream, seq) index fails the later transaction.
 * @throws when `tx` is not a transaction, or on a unique violation of (stream, seq).
 */
export async function appendEvent(tx: Database, event: NewEvent, now: Date): Promise<StoredEvent> {
  // Outside a transaction the row and its NOTIFY would commit separately: refuse rather than half-work.
  if (!(tx instanceof PgTransaction)) throw new Error('appendEvent must run inside a transaction');
  const [row] = await tx
    .insert(events)
    .values({
      stream: event.stream,
      // events: next seq of the stream, computed in the insert itself
      seq: sql`(select coalesce(max(${events.seq}), 0) + 1 from ${events} where ${events.stream} = ${event.stream})`,
      type: event.type,
      actor: event.actor,
      reason: event.reason ?? null,
      payload: event.payload,
      topics: event.topics,
      occurredAt: now,
    })
    .returning();
  if (!row) throw new Error('appendEvent: the insert returned no row');
  const stored = toStoredEvent(row);
  await tx.execute(sql`select pg_notify(${EVENTS_CHANNEL}, ${notifyPayload(stored)}) -- events: notify`);
  return stored;
}

/** Events of `stream` with seq > `afterSeq`, in seq order; at most `limit` of them when given. */
export async function readStream(db: Database, stream: string, afterSeq: number, limit?: number): Promise<StoredEvent[]> {
  const query = db
    .select()
    .from(events)
    .where(and(eq(events.stream, stream), gt(events.seq, afterSeq)))
    .orderBy(asc(events.seq));
  const rows = limit === undefined ? await query : await query.limit(limit);
  return rows.map(toStoredEvent);
}

/** One event by its id, or undefined: how a listener completes a truncated notice. */
export async function readEventById(db: Database, id: string): Promise<StoredEvent | undefined> {
  const [row] = await db
    .select()
    .from(events)
    .where(eq(events.id, BigInt(id)))
    .limit(1);
  return row ? toStoredEvent(row) : undefined;
}

/** The NOTIFY payload: the whole event as JSON, or a {@link TruncatedNotice} when that is too large. */
export function notifyPayload(event: StoredEvent): string {
  const whole = JSON.stringify(event);
  if (Buffer.byteLength(whole, 'utf8') < MAX_NOTIFY_BYTES) return whole;
  const notice: TruncatedNotice = { id: event.id, stream: event.stream, seq: event.seq, topics: event.topics, truncated: true };
  const short = JSON.stringify(notice);
  if (Buffer.byteLength(short, 'utf8') < MAX_NOTIFY_BYTES) return short;
  // Even the topics are too many: the listener takes them from the row.
  return JSON.stringify({ id: event.id, stream: event.stream, seq: event.seq, truncated: true } satisfies TruncatedNotice);
}

/**
 * Reads a NOTIFY payload back: a whole event, or a truncated notice to complete from the table.
 * Validated here because it crosses a process boundary.
 * @throws when the payload is not one of the two shapes.
 */
export function parseNotifyPayload(payload: string): StoredEvent | TruncatedNotice {
  const value: unknown = JSON.parse(payload);
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.stream !== 'string' || !Number.isInteger(value.seq)) {
    throw new Error('not an event notification');
  }
  if (value.truncated === true) {
    return { id: value.id, stream: value.stream, seq: value.seq as number, truncated: true, ...(isStringArray(value.topics) ? { topics: value.topics } : {}) };
  }
  const occurredAt = typeof value.occurredAt === 'string' ? new Date(value.occurredAt) : undefined;
  if (
    typeof value.type !== 'string' ||
    typeof value.actor !== 'string' ||
    !(value.reason === null || typeof value.reason === 'string') ||
    !isRecord(value.payload) ||
    !isStringArray(value.topics) ||
    !occurredAt ||
    Number.isNaN(occurredAt.getTime())
  ) {
    throw new Error('not an event notification');
  }
  return {
    id: value.id,
    stream: value.stream,
    seq: value.seq as number,
    type: value.type,
    actor: value.actor,
    reason: value.reason,
    payload: value.payload,
    topics: value.topics,
    occurredAt,
  };
}

function toStoredEvent(row: typeof events.$inferSelect): StoredEvent {
  return {
    id: row.id.toString(),
    stream: row.stream,
    seq: row.seq,
    type: row.type,
    actor: row.actor,
    reason: row.reason,
    payload: row.payload,
    topics: row.topics,
    occurredAt: row.occurredAt,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
