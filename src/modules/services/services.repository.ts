/** SQL of counter services. Status changes, their events and step timings go through the one write path. */
import { randomUUID } from 'node:crypto';
import { and, count, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { afterKeyset, type KeysetCursor } from '../../platform/graphql/connection.js';
import type { Database } from '../../platform/db/database.js';
import { createWritePath, type TxRecord } from '../../platform/write/write-path.js';
import type { ServiceTemplateSpec } from './services.catalogue.js';
import { SERVICE_REQUEST_MACHINE, type ServiceStep } from './services.rules.js';
import { serviceRequestSteps, serviceRequests, serviceTemplates } from './services.tables.js';

export type ServiceRequestRow = typeof serviceRequests.$inferSelect;
export type ServiceStepRow = typeof serviceRequestSteps.$inferSelect;

export const serviceRequestStream = (id: string) => `service-request:${id}`;
export const customerServicesTopic = (customerId: string) => `customer:${customerId}:service-requests`;

/** Where a step runs: the channel, and the teller and branch when it is at a branch. */
export interface StepPlace {
  channel: string;
  tellerId: string | null;
  branchId: string | null;
}

export interface TimingRow {
  step: string;
  count: number;
  p50: number | null;
  p90: number | null;
}

export function createServicesRepository(db: Database) {
  return {
    ...createWritePath(db, {
      table: serviceRequests,
      machine: SERVICE_REQUEST_MACHINE,
      stream: serviceRequestStream,
      topics: (row) => [customerServicesTopic(row.customerId)],
    }),

    /** Writes the catalogue this code runs with (insert or update every template). */
    async seedTemplates(templates: readonly ServiceTemplateSpec[], now: Date): Promise<void> {
      for (const spec of templates) {
        await db
          .insert(serviceTemplates)
          .values({ code: spec.code, name: spec.name, spec, targetMinutes: spec.targetMinutes, updatedAt: now })
          .onConflictDoUpdate({ target: serviceTemplates.code, set: { name: spec.name, spec, targetMinutes: spec.targetMinutes, updatedAt: now } });
      }
    },

    templates: async () => (await db.select().from(serviceTemplates).orderBy(serviceTemplates.code)).map((row) => row.spec),

    /** A step starts (with the change that starts it). */
    openStep:
      (requestId: string, templateCode: string, step: ServiceStep, place: StepPlace, startedAt?: Date): TxRecord =>
      async (tx, now) => {
        await tx.insert(serviceRequestSteps).values({ id: randomUUID(), requestId, templateCode, step, ...place, startedAt: startedAt ?? now, endedAt: null });
      },

    /** A step that started and ended already (the form's pre-fill, timed around its backend reads). */
    timedStep:
      (requestId: string, templateCode: string, step: ServiceStep, place: StepPlace, startedAt: Date, endedAt: Date): TxRecord =>
      async (tx) => {
        await tx.insert(serviceRequestSteps).values({ id: randomUUID(), requestId, templateCode, step, ...place, startedAt, endedAt });
      },

    /** Every step of the request still running ends now. */
    closeSteps:
      (requestId: string): TxRecord =>
      async (tx, now) => {
        await tx
          .update(serviceRequestSteps)
          .set({ endedAt: now })
          .where(and(eq(serviceRequestSteps.requestId, requestId), isNull(serviceRequestSteps.endedAt)));
      },

    findById: async (id: string) => (await db.select().from(serviceRequests).where(eq(serviceRequests.id, id)).limit(1))[0],

    findByIdempotencyKey: async (customerId: string, key: string) =>
      (await db.select().from(serviceRequests).where(and(eq(serviceRequests.customerId, customerId), eq(serviceRequests.idempotencyKey, key))).limit(1))[0],

    /** A customer's requests, newest first, after `after` (keyset on createdAt, id). */
    listForCustomer: (customerId: string, limit: number, after: KeysetCursor | null = null) =>
      db
        .select()
        .from(serviceRequests)
        .where(and(eq(serviceRequests.customerId, customerId), afterKeyset(serviceRequests.createdAt, serviceRequests.id, after, 'desc')))
        .orderBy(desc(serviceRequests.createdAt), desc(serviceRequests.id))
        .limit(limit),

    countForCustomer: async (customerId: string): Promise<number> =>
      (await db.select({ n: count() }).from(serviceRequests).where(eq(serviceRequests.customerId, customerId)))[0]?.n ?? 0,

    /** The customer's latest finished request of a template: its values pre-fill the next one. */
    lastDone: async (customerId: string, templateCode: string) =>
      (
        await db
          .select()
          .from(serviceRequests)
          .where(and(eq(serviceRequests.customerId, customerId), eq(serviceRequests.templateCode, templateCode), eq(serviceRequests.status, 'DONE')))
          .orderBy(desc(serviceRequests.completedAt))
          .limit(1)
      )[0],

    stepsOf: (requestId: string) =>
      db.select().from(serviceRequestSteps).where(eq(serviceRequestSteps.requestId, requestId)).orderBy(serviceRequestSteps.startedAt, serviceRequestSteps.step),

    /** p50/p90 (seconds) of each finished step of a template's requests started in [from, to). */
    async stepTimings(templateCode: string, from: Date, to: Date): Promise<TimingRow[]> {
      const seconds = sql`extract(epoch from (${serviceRequestSteps.endedAt} - ${serviceRequestSteps.startedAt}))`;
      const rows = await db
        .select({
          step: serviceRequestSteps.step,
          count: sql<number>`count(*)::int`,
          p50: sql<number | null>`percentile_cont(0.5) within group (order by ${seconds})::float8`,
          p90: sql<number | null>`percentile_cont(0.9) within group (order by ${seconds})::float8`,
        })
        .from(serviceRequestSteps)
        .where(
          and(
            eq(serviceRequestSteps.templateCode, templateCode),
            gte(serviceRequestSteps.startedAt, from),
            lt(serviceRequestSteps.startedAt, to),
            sql`${serviceRequestSteps.endedAt} is not null`,
          ),
        )
        .groupBy(serviceRequestSteps.step);
      return rows.map((r) => ({ ...r, count: Number(r.count), p50: r.p50 === null ? null : Number(r.p50), p90: r.p90 === null ? null : Number(r.p90) }));
    },

    /** p50/p90 (seconds) from start to DONE of a template's requests started in [from, to). */
    async overallTimings(templateCode: string, from: Date, to: Date): Promise<TimingRow> {
      const seconds = sql`extract(epoch from (${serviceRequests.completedAt} - ${serviceRequests.createdAt}))`;
      const [row] = await db
        .select({
          count: sql<number>`count(*)::int`,
          p50: sql<number | null>`percentile_cont(0.5) within group (order by ${seconds})::float8`,
          p90: sql<number | null>`percentile_cont(0.9) within group (order by ${seconds})::float8`,
        })
        .from(serviceRequests)
        .where(and(eq(serviceRequests.templateCode, templateCode), eq(serviceRequests.status, 'DONE'), gte(serviceRequests.createdAt, from), lt(serviceRequests.createdAt, to)));
      return { step: 'OVERALL', count: Number(row?.count ?? 0), p50: row?.p50 == null ? null : Number(row.p50), p90: row?.p90 == null ? null : Number(row.p90) };
    },

    /** Requests DONE per teller and UTC day, completed in [from, to). */
    async tellerThroughput(from: Date, to: Date, branchId: string | null) {
      const day = sql<string>`to_char(${serviceRequests.completedAt} at time zone 'UTC', 'YYYY-MM-DD')`;
      const rows = await db
        .select({ tellerId: serviceRequests.tellerId, branchId: serviceRequests.branchId, day, done: sql<number>`count(*)::int` })
        .from(serviceRequests)
        .where(
          and(
            eq(serviceRequests.status, 'DONE'),
            sql`${serviceRequests.tellerId} is not null`,
            gte(serviceRequests.completedAt, from),
            lt(serviceRequests.completedAt, to),
            branchId ? eq(serviceRequests.branchId, branchId) : undefined,
          ),
        )
        .groupBy(serviceRequests.tellerId, serviceRequests.branchId, day)
        .orderBy(day, serviceRequests.tellerId);
      return rows.map((r) => ({ tellerId: r.tellerId!, branchId: r.branchId ?? '', day: r.day, done: Number(r.done) }));
    },
  };
}

export type ServicesRepository = ReturnType<typeof createServicesRepository>;
