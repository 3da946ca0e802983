/**
 * The one write path, driven property-style: seeded random sequences of commands (allowed status
 * changes, forbidden ones, changes without a status, with and without audit entries and alerts)
 * through every module's state machine, sequentially and concurrently, on a real database (PGlite
 * in memory, or a fresh PostgreSQL database when DATABASE_URL is set).
 *
 * After each run: every stored status change has exactly one event, in order, with no gap in the
 * stream's seq; the row's seq and status are its stream's last; refused changes left nothing
 * behind; the audit chain verifies.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertAggregate, alertRecord } from '../../src/modules/alerts/alerts.raise.js';
import { ALERT_MACHINE } from '../../src/modules/alerts/alerts.rules.js';
import { riskAlerts } from '../../src/modules/alerts/alerts.tables.js';
import { auditRecord, verifyAuditChainInDatabase } from '../../src/modules/audit/audit-log.js';
import { customerTopic, loanStream } from '../../src/modules/loans/loans.repository.js';
import { LOAN_MACHINE } from '../../src/modules/loans/loans.rules.js';
import { loanApplications } from '../../src/modules/loans/loans.tables.js';
import { customerOpeningsTopic, openingStream } from '../../src/modules/onboarding/onboarding.repository.js';
import { OPENING_MACHINE } from '../../src/modules/onboarding/onboarding.rules.js';
import { accountOpenings } from '../../src/modules/onboarding/onboarding.tables.js';
import { customerTransfersTopic, transferStream } from '../../src/modules/transfers/transfers.repository.js';
import { TRANSFER_MACHINE } from '../../src/modules/transfers/transfers.rules.js';
import { transfers } from '../../src/modules/transfers/transfers.tables.js';
import { defaultMigrationsFolder, openDatabase, type DatabaseHandle } from '../../src/platform/db/database.js';
import { hasCode } from '../../src/platform/errors.js';
import { events } from '../../src/platform/events/events.tables.js';
import { canTransition, statusesOf, type StateMachine } from '../../src/platform/write/state-machine.js';
import { createWritePath, type Aggregate, type AggregateTable, type Change } from '../../src/platform/write/write-path.js';
import { createTestDatabase, postgresUrl, type TestDatabase } from '../support/database.js';

let testDatabase: TestDatabase;
let handle: DatabaseHandle;

beforeAll(async () => {
  testDatabase = await createTestDatabase();
  handle = await openDatabase(postgresUrl() ? { kind: 'postgres', url: testDatabase.url } : { kind: 'pglite-memory' });
  await handle.migrate(defaultMigrationsFolder());
});

afterAll(async () => {
  await handle?.close();
  await testDatabase?.drop();
});

/** mulberry32: a small seeded PRNG, so a failing sequence can be replayed from its seed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

const at = new Date('2026-03-01T08:00:00.000Z');

/** One module's aggregate as the property needs it: a fresh row in its first status. */
interface Subject<S extends string> {
  name: string;
  machine: StateMachine<S>;
  aggregate: Aggregate<AggregateTable, S>;
  initial: readonly S[];
  newRow(id: string, status: S): Record<string, unknown>;
}

const subjects: Subject<string>[] = [
  {
    name: 'loan applications',
    machine: LOAN_MACHINE,
    aggregate: { table: loanApplications, machine: LOAN_MACHINE, stream: loanStream, topics: (row: Record<string, unknown>) => [customerTopic(String(row.customerId))] },
    initial: ['SUBMITTED'],
    newRow: (id: string, status: string) => ({
      id,
      customerId: `P${id.slice(0, 6)}`,
      productCode: `PROP_${id.slice(0, 8)}`,
      amount: '1000.00',
      currency: 'CNY',
      termMonths: 12,
      purpose: 'Property test',
      channel: 'APP',
      status,
      seq: 1,
      idempotencyKey: `prop-${id}`,
      requestHash: 'x',
      createdAt: at,
      updatedAt: at,
    }),
  },
  {
    name: 'transfers',
    machine: TRANSFER_MACHINE,
    aggregate: { table: transfers, machine: TRANSFER_MACHINE, stream: transferStream, topics: (row: Record<string, unknown>) => [customerTransfersTopic(String(row.customerId))] },
    initial: ['POSTING', 'PENDING_STEP_UP', 'HELD', 'BLOCKED'],
    newRow: (id: string, status: string) => ({
      id,
      customerId: 'C000001',
      fromAccountId: 'C000001-A01',
      payeeAccountNumber: '6222021234567890123',
      payeeName: 'Property Payee',
      amount: '10.00',
      currency: 'CNY',
      channel: 'APP',
      status,
      decision: 'ALLOW',
      score: 0,
      signals: [],
      seq: 1,
      idempotencyKey: `prop-${id}`,
      requestHash: 'x',
      createdAt: at,
      updatedAt: at,
    }),
  },
  {
    name: 'account openings',
    machine: OPENING_MACHINE,
    aggregate: { table: accountOpenings, machine: OPENING_MACHINE, stream: openingStream, topics: (row: Record<string, unknown>) => [customerOpeningsTopic(String(row.customerId))] },
    initial: ['DRAFT'],
    newRow: (id: string, status: string) => ({
      id,
      customerId: 'C000001',
      kind: 'SAVINGS',
      currency: 'CNY',
      status,
      prefill: { fullName: null, idNumber: null, phone: null, address: null },
      idempotencyKey: openingStream(id),
      createdAt: at,
      updatedAt: at,
      seq: 1,
    }),
  },
  {
    name: 'risk alerts',
    machine: ALERT_MACHINE,
    aggregate: alertAggregate as unknown as Aggregate<AggregateTable, string>,
    initial: ['OPEN'],
    newRow: (id: string, status: string) => ({
      id,
      kind: 'TRANSFER_HELD',
      severity: 'HIGH',
      customerId: 'C000001',
      subject: `transfer:${id}`,
      summary: 'Property test',
      detail: {},
      status,
      raisedAt: at,
      seq: 1,
      updatedAt: at,
    }),
  },
] as unknown as Subject<string>[];

/** A random command: a status (allowed or not), or a change without one; sometimes audited, sometimes with an alert. */
function command(rng: ReturnType<typeof random>, machine: StateMachine<string>, step: number): Change<Record<string, unknown>, string> {
  const statuses = statusesOf(machine);
  const to = rng.next() < 0.15 ? undefined : rng.pick(statuses);
  const audited = rng.next() < 0.4;
  const alerted = rng.next() < 0.15;
  return {
    set: to === undefined ? {} : { status: to },
    event: { type: to ? `TO_${to}` : 'NOTED', actor: 'system', payload: { step } },
    records: [
      alerted ? alertRecord({ kind: 'TRANSFER_HELD', severity: 'LOW', customerId: null, subject: `property:${step}`, summary: 'Raised with a change' }) : null,
      audited ? auditRecord({ actor: 'system', action: 'PROPERTY_STEP', subject: `step:${step}`, detail: { step, to: to ?? null } }) : null,
    ],
  };
}

async function streamOf(stream: string) {
  return handle.db.select().from(events).where(eq(events.stream, stream)).orderBy(asc(events.seq));
}

/** The invariants of one row after any sequence: one event per stored change, in order, no gaps. */
async function expectConsistent(subject: Subject<string>, id: string, first: string) {
  const stream = await streamOf(subject.aggregate.stream(id));
  expect(stream.map((e) => e.seq)).toEqual(stream.map((_, i) => i + 1));
  const statuses = stream.map((e) => String(e.payload.status));
  expect(statuses[0]).toBe(first);
  for (let i = 1; i < stream.length; i++) {
    const from = stream[i]!.payload.from as string | undefined;
    if (from === undefined) expect(statuses[i]).toBe(statuses[i - 1]);
    else {
      expect(from).toBe(statuses[i - 1]);
      expect(canTransition(subject.machine, from, statuses[i]!), `${from} → ${statuses[i]}`).toBe(true);
    }
  }
  const table = subject.aggregate.table;
  const [row] = (await handle.db.select().from(table as never).where(eq(table.id, id))) as Record<string, unknown>[];
  expect(row!.seq).toBe(stream.length);
  expect(row!.status).toBe(statuses.at(-1));
  for (const event of stream) expect(event.topics[0]).toBe(subject.aggregate.stream(id));
  return stream;
}

describe.each(subjects.map((subject) => [subject.name, subject] as const))('the write path for %s', (_name, subject) => {
  const path = () => createWritePath(handle.db, subject.aggregate);

  it('writes exactly one event per allowed change and nothing for a refused one, over seeded random sequences', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const rng = random(seed * 7919);
      const id = randomUUID();
      const first = rng.pick(subject.initial);
      await path().insert(subject.newRow(id, first) as never, { type: 'CREATED', actor: 'system' }, at);
      let status = first;
      let written = 1;
      for (let step = 0; step < 15; step++) {
        const change = command(rng, subject.machine, step);
        const to = change.set.status;
        const allowed = to === undefined || canTransition(subject.machine, status, to);
        const result = await path()
          .change(id, at, () => change)
          .then(
            () => 'written' as const,
            (error: unknown) => {
              if (hasCode(error, 'INVALID_TRANSITION')) return 'refused' as const;
              throw error;
            },
          );
        expect(result, `seed ${seed} step ${step}: ${status} → ${to ?? '(no status)'}`).toBe(allowed ? 'written' : 'refused');
        if (allowed) {
          written += 1;
          if (to !== undefined) status = to;
        }
      }
      const stream = await expectConsistent(subject, id, first);
      expect(stream).toHaveLength(written);
    }
  });

  it('keeps one event per change and a gapless stream when commands race on the same row', async () => {
    const rng = random(4242);
    const id = randomUUID();
    const first = subject.initial[0]!;
    await path().insert(subject.newRow(id, first) as never, { type: 'CREATED', actor: 'system' }, at);
    const outcomes = await Promise.allSettled(Array.from({ length: 24 }, (_, step) => path().change(id, at, () => command(rng, subject.machine, step))));
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(hasCode(outcome.reason, 'INVALID_TRANSITION'), String(outcome.reason)).toBe(true);
    }
    const stream = await expectConsistent(subject, id, first);
    expect(stream).toHaveLength(1 + outcomes.filter((o) => o.status === 'fulfilled').length);
  });

  it('says NOT_FOUND for a row that does not exist, and writes nothing', async () => {
    const id = randomUUID();
    await expect(path().change(id, at, () => ({ set: {}, event: { type: 'NOTED', actor: 'system' } }))).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
    expect(await streamOf(subject.aggregate.stream(id))).toEqual([]);
  });
});

describe('records written with a change', () => {
  it('roll back with the change when a record fails: no row update, no event, no audit entry', async () => {
    const subject = subjects[0]!;
    const path = createWritePath(handle.db, subject.aggregate);
    const id = randomUUID();
    await path.insert(subject.newRow(id, 'SUBMITTED') as never, { type: 'CREATED', actor: 'system' }, at);
    const failing = async () => {
      throw new Error('the record could not be written');
    };
    await expect(
      path.change(id, at, () => ({
        set: { status: 'CHECKING' },
        event: { type: 'TO_CHECKING', actor: 'system' },
        records: [auditRecord({ actor: 'system', action: 'PROPERTY_ROLLBACK', subject: `loan:${id}` }), failing],
      })),
    ).rejects.toThrow('the record could not be written');
    const stream = await expectConsistent(subject, id, 'SUBMITTED');
    expect(stream).toHaveLength(1);
  });

  it('leave a valid audit chain behind every run above', async () => {
    const report = await verifyAuditChainInDatabase(handle.db);
    expect(report).toMatchObject({ ok: true });
    expect(report.ok && report.checked).toBeGreaterThan(20);
    const alerts = await handle.db.select().from(riskAlerts).where(eq(riskAlerts.summary, 'Raised with a change'));
    for (const alert of alerts) expect((await streamOf(`alert:${alert.id}`)).map((e) => e.type)).toEqual(['RAISED']);
  });
});
