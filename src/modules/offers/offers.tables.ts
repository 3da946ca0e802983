import { sql } from 'drizzle-orm';
import { boolean, check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { NeedEntry } from './offers.rules.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Behaviour events: sent by channels (`trackEvents`, source CLIENT) or recorded by the gateway
 * itself (logins, loan applications; source GATEWAY). Read back by the rules per customer and time.
 */
export const behaviourEvents = pgTable(
  'behaviour_events',
  {
    id: uuid('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    /** The session that sent it; null for gateway-recorded events outside a session. */
    sessionId: text('session_id'),
    channel: text('channel').notNull(),
    /** CLIENT or GATEWAY. */
    source: text('source').notNull(),
    kind: text('kind').notNull(),
    productCode: text('product_code'),
    /** Page path, search term or calculator name, at most 200 characters. */
    detail: text('detail'),
    /** The client's time (clamped when ahead of the gateway's), or the gateway's. */
    occurredAt: at('occurred_at').notNull(),
    receivedAt: at('received_at').notNull(),
  },
  (t) => [
    index('behaviour_events_customer_idx').on(t.customerId, t.occurredAt),
    check('behaviour_events_source_check', sql`${t.source} in ('CLIENT', 'GATEWAY')`),
    check('behaviour_events_detail_check', sql`${t.detail} is null or char_length(${t.detail}) <= 200`),
  ],
);

/**
 * One row per customer: the needs the rules detected, the advisor, and the marketing consent.
 * Every evaluation locks this row (`FOR UPDATE`), which serialises a customer's evaluations across
 * instances: cool-downs hold and the `offers:<customerId>` stream is appended in commit order.
 */
export const needsProfiles = pgTable('needs_profiles', {
  customerId: text('customer_id').primaryKey(),
  needs: jsonb('needs').$type<NeedEntry[]>().notNull(),
  /** NOT_NEEDED, PENDING (CRM not answered yet), ASSIGNED, NO_MANAGER (CRM names none), NO_CONSENT. */
  advisorStatus: text('advisor_status').notNull(),
  /** The CRM relationship manager's id, once assigned. */
  advisorId: text('advisor_id'),
  advisorAssignedAt: at('advisor_assigned_at'),
  marketingConsent: boolean('marketing_consent').notNull(),
  /** When the consent was last granted or revoked; null if never. */
  consentChangedAt: at('consent_changed_at'),
  consentChannel: text('consent_channel'),
  evaluatedAt: at('evaluated_at'),
  updatedAt: at('updated_at').notNull(),
}, (t) => [
  check('needs_profiles_advisor_check', sql`${t.advisorStatus} in ('NOT_NEEDED', 'PENDING', 'ASSIGNED', 'NO_MANAGER', 'NO_CONSENT')`),
]);

/** An offer made to a customer by a rule. `shownAt` and ACCEPTED feed the conversion indicator. */
export const offers = pgTable(
  'offers',
  {
    id: uuid('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    rule: text('rule').notNull(),
    need: text('need').notNull(),
    productCode: text('product_code').notNull(),
    /** OPEN, ACCEPTED, DISMISSED, WITHDRAWN (consent revoked). */
    status: text('status').notNull(),
    createdAt: at('created_at').notNull(),
    /** When the customer first received it in `myOffers` (or answered it); null until then. */
    shownAt: at('shown_at'),
    respondedAt: at('responded_at'),
  },
  (t) => [
    // The cool-down check reads a customer's latest offer of a rule; myOffers reads a customer's offers.
    index('offers_customer_rule_idx').on(t.customerId, t.rule, t.createdAt),
    index('offers_shown_idx').on(t.shownAt),
    check('offers_status_check', sql`${t.status} in ('OPEN', 'ACCEPTED', 'DISMISSED', 'WITHDRAWN')`),
  ],
);
