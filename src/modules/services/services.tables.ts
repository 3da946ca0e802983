/**
 * Tables of the counter-service flow. The process-health indicators read two of them directly:
 *
 * - `service_request_steps`: one row per timed step of a request (VERIFY_IDENTITY, PREFILL,
 *   CONFIRM, PROCESS) with `started_at`/`ended_at` (ended_at null while the step runs), the
 *   request's `template_code`, the `channel` the step ran on (APP, WEB, MINI_PROGRAM,
 *   BRANCH_TERMINAL, TELLER), and the `teller_id`/`branch_id` when it ran at a branch. A request
 *   redeemed at a branch gets a second VERIFY_IDENTITY row (the counter's re-check).
 * - `service_requests`: `status`, `teller_id`, `branch_id`, `completed_at` (DONE or FAILED) —
 *   teller throughput is `count(*) where status = 'DONE' group by teller_id, completed_at::date`.
 */
import { check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { statusCheck } from '../../platform/write/status-column.js';
import type { ServiceTemplateSpec } from './services.catalogue.js';
import { SERVICE_REQUEST_MACHINE, type ServiceRequestStatus, type ServiceStep } from './services.rules.js';

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** The catalogue (upserted from services.catalogue.ts at every start). */
export const serviceTemplates = pgTable('service_templates', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  /** The whole template: fields, identity level, start channels, action, target. */
  spec: jsonb('spec').$type<ServiceTemplateSpec>().notNull(),
  targetMinutes: integer('target_minutes').notNull(),
  updatedAt: at('updated_at').notNull(),
});

/** A customer's counter-service request; status changes go through the write path with an event. */
export const serviceRequests = pgTable(
  'service_requests',
  {
    id: uuid('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    templateCode: text('template_code').notNull(),
    status: text('status').$type<ServiceRequestStatus>().notNull(),
    seq: integer('seq').notNull(),
    /** Where it was started: APP, WEB, MINI_PROGRAM, BRANCH_TERMINAL, TELLER. */
    startedOn: text('started_on').notNull(),
    /** Where it is being worked now (changes to BRANCH_TERMINAL when a ticket is redeemed). */
    channel: text('channel').notNull(),
    fields: jsonb('fields').$type<Record<string, string>>().notNull(),
    /** SESSION, OTP or TELLER once verified; null while VERIFYING. */
    verifiedBy: text('verified_by'),
    tellerId: text('teller_id'),
    branchId: text('branch_id'),
    terminalId: text('terminal_id'),
    otpHash: text('otp_hash'),
    otpExpiresAt: at('otp_expires_at'),
    otpAttempts: integer('otp_attempts').notNull().default(0),
    /** Why it FAILED or was CANCELLED (a code, e.g. ID_MISMATCH, ACCOUNT_CUSTOMER_MISMATCH). */
    failureReason: text('failure_reason'),
    /** The backend's reference of the executed action (order or change id). */
    outcomeReference: text('outcome_reference'),
    /** The expert queue's reference while the request is in EXPERT_REVIEW (see services.rules.ts). */
    expertReference: text('expert_reference'),
    idempotencyKey: text('idempotency_key').notNull(),
    requestHash: text('request_hash').notNull(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
    completedAt: at('completed_at'),
  },
  (t) => [
    uniqueIndex('service_requests_idempotency_idx').on(t.customerId, t.idempotencyKey),
    index('service_requests_customer_idx').on(t.customerId),
    index('service_requests_teller_idx').on(t.tellerId, t.completedAt),
    // Process health reads the requests finished in a window.
    index('service_requests_completed_idx').on(t.completedAt),
    check('service_requests_status_check', statusCheck(t.status, SERVICE_REQUEST_MACHINE)),
  ],
);

/** Timed steps of requests (see the top of this file). */
export const serviceRequestSteps = pgTable(
  'service_request_steps',
  {
    id: uuid('id').primaryKey(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => serviceRequests.id),
    templateCode: text('template_code').notNull(),
    step: text('step').$type<ServiceStep>().notNull(),
    channel: text('channel').notNull(),
    tellerId: text('teller_id'),
    branchId: text('branch_id'),
    startedAt: at('started_at').notNull(),
    endedAt: at('ended_at'),
  },
  (t) => [index('service_request_steps_request_idx').on(t.requestId), index('service_request_steps_template_idx').on(t.templateCode, t.startedAt)],
);
