/**
 * Form drafts that follow the customer across channels: one current draft per customer and kind
 * (a service template code or LOAN_APPLICATION), versioned so that two channels saving at once
 * cannot overwrite each other silently (the loser gets DRAFT_CONFLICT), expiring after a while.
 * Each save is one conditional statement, so the version check holds under races.
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Viewer } from '../../platform/context.js';
import type { Database } from '../../platform/db/database.js';
import { requireCustomer } from '../../platform/guards.js';
import { SERVICE_TEMPLATES } from '../services/services.catalogue.js';
import { isDraftKind } from '../services/services.rules.js';
import { DraftError } from './drafts.errors.js';
import { formDrafts } from './drafts.tables.js';

export type DraftRow = typeof formDrafts.$inferSelect;

export interface DraftsServiceDeps {
  db: Database;
  now: () => Date;
  ttlMs: number;
  maxBytes: number;
}

const KINDS = SERVICE_TEMPLATES.map((t) => t.code);

export function createDraftsService(deps: DraftsServiceDeps) {
  const { db, now } = deps;
  const checkKind = (kind: string) => {
    if (!isDraftKind(kind, KINDS)) throw new DraftError('BAD_USER_INPUT', 'kind is a service template code or LOAN_APPLICATION.', { field: 'kind' });
  };
  const current = async (customerId: string, kind: string): Promise<DraftRow | undefined> =>
    (await db.select().from(formDrafts).where(and(eq(formDrafts.customerId, customerId), eq(formDrafts.kind, kind), gt(formDrafts.expiresAt, now()))).limit(1))[0];

  return {
    /** The live draft of this kind, or null (none, or expired). */
    async get(viewer: Viewer, kind: string): Promise<DraftRow | null> {
      const customer = requireCustomer(viewer, 'Only customers keep drafts.');
      checkKind(kind);
      return (await current(customer.customerId, kind)) ?? null;
    },

    /**
     * Saves the draft. `expectedVersion` is the version the client loaded (null for a new draft);
     * an expired draft counts as none.
     * @throws DraftError DRAFT_CONFLICT when another save came first; BAD_USER_INPUT for a bad kind or size
     */
    async save(viewer: Viewer, kind: string, payload: unknown, expectedVersion: number | null, channel: string): Promise<DraftRow> {
      const customer = requireCustomer(viewer, 'Only customers keep drafts.');
      checkKind(kind);
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
        throw new DraftError('BAD_USER_INPUT', 'payload must be a JSON object.', { field: 'payload' });
      }
      const sizeBytes = Buffer.byteLength(JSON.stringify(payload));
      if (sizeBytes > deps.maxBytes) throw new DraftError('BAD_USER_INPUT', `payload is at most ${deps.maxBytes} bytes.`, { field: 'payload', maxBytes: deps.maxBytes });
      const at = now();
      const values = { payload: payload as Record<string, unknown>, sizeBytes, channel, updatedAt: at, expiresAt: new Date(at.getTime() + deps.ttlMs) };
      // form-draft-save: a new draft replaces only a missing or expired one; an update needs the version loaded.
      const [saved] =
        expectedVersion === null
          ? await db
              .insert(formDrafts)
              .values({ customerId: customer.customerId, kind, version: 1, ...values })
              .onConflictDoUpdate({
                target: [formDrafts.customerId, formDrafts.kind],
                set: { ...values, version: sql`${formDrafts.version} + 1` },
                setWhere: sql`${formDrafts.expiresAt} <= ${at}`,
              })
              .returning()
          : await db
              .update(formDrafts)
              .set({ ...values, version: sql`${formDrafts.version} + 1` })
              .where(and(eq(formDrafts.customerId, customer.customerId), eq(formDrafts.kind, kind), eq(formDrafts.version, expectedVersion), gt(formDrafts.expiresAt, at)))
              .returning();
      if (!saved) {
        const now = await current(customer.customerId, kind);
        throw new DraftError('DRAFT_CONFLICT', 'The draft was changed on another channel; load it and save again.', { currentVersion: now?.version ?? null });
      }
      return saved;
    },

    /** Drops the draft (true when there was one). */
    async discard(viewer: Viewer, kind: string): Promise<boolean> {
      const customer = requireCustomer(viewer, 'Only customers keep drafts.');
      checkKind(kind);
      const gone = await db.delete(formDrafts).where(and(eq(formDrafts.customerId, customer.customerId), eq(formDrafts.kind, kind))).returning({ kind: formDrafts.kind });
      return gone.length > 0;
    },
  };
}

export type DraftsService = ReturnType<typeof createDraftsService>;
