/**
 * The one write path for every status change in the gateway — a loan, a transfer, an opening, an
 * alert — in one transaction, always in this order:
 *
 *   lock the row → check the change against the module's state machine → update the row (seq + 1,
 *   updatedAt) → append the event (same seq in the row's stream, NOTIFY on commit) → the records
 *   that go with it (documents, alerts, audit entries), last, because the audit chain serialises
 *   its appenders with a lock held to the end of the transaction.
 *
 * A module describes its aggregate once ({@link Aggregate}) and decides each change as a pure
 * function of the locked row ({@link Change}); nothing else in the module writes status.
 */
import { eq, type InferInsertModel, type InferSelectModel } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../db/database.js';
import { DomainError } from '../errors.js';
import { appendEvent, type StoredEvent } from '../events/event-log.js';
import { canTransition, type StateMachine } from './state-machine.js';

/** A write that commits with the change: `raiseAlert(…)`, `auditRecord(…)`, a document insert. */
export type TxRecord = (tx: Database, now: Date) => Promise<unknown>;

/** The columns every aggregate table has. */
type AggregateColumns = { id: PgColumn; status: PgColumn; seq: PgColumn; updatedAt: PgColumn };
export type AggregateTable = PgTable & AggregateColumns;

export interface EventSpec {
  /** SCREAMING_SNAKE_CASE, e.g. `APPROVED_BY_REVIEWER`. */
  type: string;
  /** `customer:C000001`, `staff:S0002`, `system`. */
  actor: string;
  reason?: string | null;
  /** More facts for the event; `from` and `status` are filled in. */
  payload?: Record<string, unknown>;
  /** Fan-out topics beyond the aggregate's own. */
  topics?: string[];
}

/** What a change decides, given the row as it is under lock. */
export interface Change<Row, S extends string> {
  /** Columns to update; a `status` here is a transition the state machine must allow. */
  set: Partial<Omit<Row, 'id' | 'seq' | 'updatedAt' | 'status'>> & { status?: S };
  event: EventSpec;
  /** Written after the event, in this order, in the same transaction. */
  records?: (TxRecord | null | undefined)[];
}

export interface Aggregate<T extends AggregateTable, S extends string> {
  table: T;
  machine: StateMachine<S>;
  /** The event stream of one row, e.g. `loan:<id>`. */
  stream(id: string): string;
  /** The fan-out topics of every event of this row (besides its stream), e.g. the customer's. */
  topics(row: InferSelectModel<T>): string[];
}

export interface Written<Row> {
  row: Row;
  /** The appended event; undefined when the decision was to leave the row as it is. */
  event: StoredEvent | undefined;
}

export interface WritePath<Row, S extends string, New = Row> {
  /** Inserts a new row (seq 1, updatedAt now) with its first event and records. */
  insert(row: New, event: EventSpec, now: Date, records?: (TxRecord | null | undefined)[]): Promise<Written<Row>>;
  /**
   * Locks the row, lets `decide` look at it, then writes the change, its event and records.
   * `decide` returns null to leave the row as it is (nothing written); it throws to refuse.
   * @throws DomainError NOT_FOUND when there is no such row; INVALID_TRANSITION when the state
   *   machine does not allow the status change (nothing is written then).
   */
  change(id: string, now: Date, decide: (row: Row) => Change<Row, S> | null): Promise<Written<Row>>;
}

export function createWritePath<T extends AggregateTable, S extends string>(
  db: Database,
  aggregate: Aggregate<T, S>,
): WritePath<InferSelectModel<T>, S, InferInsertModel<T>> {
  type Row = InferSelectModel<T>;
  const { table, machine } = aggregate;
  const asTx = (tx: unknown) => tx as Database;

  const append = async (tx: Database, row: Row, from: S | undefined, event: EventSpec, now: Date, records: Change<Row, S>['records']) => {
    const id = (row as { id: string }).id;
    const status = (row as { status: S }).status;
    const stream = aggregate.stream(id);
    const stored = await appendEvent(
      tx,
      {
        stream,
        type: event.type,
        actor: event.actor,
        reason: event.reason ?? null,
        payload: { ...(from !== undefined ? { from } : {}), status, ...event.payload },
        topics: [stream, ...aggregate.topics(row), ...(event.topics ?? [])],
      },
      now,
    );
    for (const record of records ?? []) if (record) await record(tx, now);
    return stored;
  };

  return {
    insert: (row, event, now, records) =>
      db.transaction(async (tx) => {
        const [inserted] = (await tx
          .insert(table)
          .values({ ...row, seq: 1, updatedAt: now } as never)
          .returning()) as Row[];
        return { row: inserted!, event: await append(asTx(tx), inserted!, undefined, event, now, records) };
      }),

    change: (id, now, decide) =>
      db.transaction(async (tx) => {
        const [row] = (await tx.select().from(table as never).where(eq(table.id, id)).for('update')) as Row[];
        if (!row) throw new DomainError('NOT_FOUND', `No such ${machine.name}.`);
        const change = decide(row);
        if (!change) return { row, event: undefined };
        const from = (row as { status: S }).status;
        const to = change.set.status;
        if (to !== undefined && !canTransition(machine, from, to)) {
          throw new DomainError('INVALID_TRANSITION', `A ${from} ${machine.name} cannot become ${to}.`, { status: from });
        }
        const [updated] = (await tx
          .update(table)
          .set({ ...change.set, seq: (row as { seq: number }).seq + 1, updatedAt: now } as never)
          .where(eq(table.id, id))
          .returning()) as Row[];
        const event = await append(asTx(tx), updated!, to !== undefined ? from : undefined, change.event, now, change.records);
        return { row: updated!, event };
      }),
  };
}
