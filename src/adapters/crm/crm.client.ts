/** The CRM over HTTP: the `CrmPort` behind the shared backend client. */
import { z } from 'zod';
import type { BackendClient } from '../backend-client.js';
import { readBatch } from '../batch.js';
import { isoDateTime } from '../money.schema.js';
import { refusalsAsResults } from '../result.js';
import type { CrmPort, RecordChangeFailure } from './crm.port.js';

const recordChangeSchema = z.object({ changeId: z.string().min(1), recordedAt: isoDateTime });

const RECORD_CHANGE_FAILURES: Record<string, RecordChangeFailure> = {
  CUSTOMER_NOT_FOUND: 'CUSTOMER_NOT_FOUND',
  IDEMPOTENCY_CONFLICT: 'IDEMPOTENCY_CONFLICT',
  BAD_REQUEST: 'INVALID_INPUT',
};

const customerProfileSchema = z.object({
  customerId: z.string().min(1),
  fullName: z.string().min(1),
  phone: z.string().min(1),
  email: z.string(),
  idNumber: z.string().min(1),
  dateOfBirth: z.iso.date(),
  address: z.object({
    line1: z.string(),
    city: z.string(),
    province: z.string(),
    postalCode: z.string(),
  }),
  segment: z.enum(['MASS', 'AFFLUENT', 'PRIVATE', 'SMALL_BUSINESS']),
  relationshipManagerId: z.string().min(1).nullable(),
  preferredChannel: z.enum(['MOBILE_APP', 'MINI_PROGRAM', 'WEB', 'BRANCH', 'PHONE']),
  customerSince: isoDateTime,
});

const relationshipManagerSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  phone: z.string(),
  email: z.string(),
  branch: z.string(),
});

/** Creates the CRM port on the shared client for that backend. */
export function createCrmClient(client: BackendClient): CrmPort {
  return {
    getCustomerProfiles: (customerIds, scope) =>
      readBatch(client, '/customers:batch', 'customerIds', customerIds, customerProfileSchema, {
        scope,
        belongsTo: (profile, id) => profile.customerId === id,
      }),
    getRelationshipManagers: (ids, scope) =>
      readBatch(client, '/relationship-managers:batch', 'ids', ids, relationshipManagerSchema, {
        scope,
        belongsTo: (manager, id) => manager.id === id,
      }),
    recordChange: (input, scope) =>
      refusalsAsResults(
        (refusals) => client.post(
          `/customers/${encodeURIComponent(input.customerId)}/changes`,
          { idempotencyKey: input.idempotencyKey, operation: input.operation, details: input.details },
          recordChangeSchema,
          { idempotent: true, scope, refusals },
        ),
        RECORD_CHANGE_FAILURES,
      ),
  };
}
