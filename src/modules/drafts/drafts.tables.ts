import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** One current draft per customer and kind (a template code or LOAN_APPLICATION), versioned. */
export const formDrafts = pgTable(
  'form_drafts',
  {
    customerId: text('customer_id').notNull(),
    kind: text('kind').notNull(),
    /** 1 for the first save; every save adds one. A save naming an older version is a DRAFT_CONFLICT. */
    version: integer('version').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /** The channel of the last save. */
    channel: text('channel').notNull(),
    updatedAt: at('updated_at').notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.kind] })],
);
