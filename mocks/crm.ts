/** CRM mock: customer records and relationship managers. */
import { makeIdSequence, resolveWorld, type BackendMockOptions } from './backend-options.js';
import type { Persona } from './data/persona.js';
import type { CustomerRecord } from './data/types.js';
import { batchRoute } from './lib/batch.js';
import { crmCompanyRoutes } from './companies.js';
import { makeMockServer, type MockServer } from './lib/mock-server.js';
import { errorReply, json, parseInput } from './lib/router.js';
import { z } from 'zod';

const changeSchema = z.object({
  idempotencyKey: z.string().regex(/^[A-Za-z0-9._:-]{8,128}$/),
  /** e.g. `CONTACT_UPDATE`, `ID_EXPIRY_UPDATE`. */
  operation: z.string().regex(/^[A-Z_]{3,64}$/),
  details: z.record(z.string(), z.string().max(500)),
});

/** A change to a customer record the CRM accepted. */
interface RecordChange {
  changeId: string;
  customerId: string;
  operation: string;
  details: Record<string, string>;
  recordedAt: string;
}

/** Backend name reported by `GET /health`. */
export const CRM_NAME = 'crm';

/** The CRM's view of a persona. */
export function toCustomerRecord(persona: Persona): CustomerRecord {
  return {
    customerId: persona.customerId,
    fullName: persona.fullName,
    phone: persona.phone,
    email: persona.email,
    idNumber: persona.idNumber,
    dateOfBirth: persona.dateOfBirth,
    address: { ...persona.address },
    segment: persona.segment,
    relationshipManagerId: persona.relationshipManagerId,
    preferredChannel: persona.preferredChannel,
    customerSince: persona.customerSince,
  };
}

/**
 * Builds the CRM mock.
 * @throws Error when `options.faults` is invalid.
 */
export function makeCrmMock(options: BackendMockOptions = {}): MockServer {
  const world = resolveWorld(options);
  const changes = new Map<string, { fingerprint: string; change: RecordChange }>();
  const nextChangeId = makeIdSequence('CHG');
  return makeMockServer({
    name: CRM_NAME,
    seed: world.seed,
    faults: options.faults,
    routes: [
      batchRoute('/customers:batch', 'customerIds', (id) => {
        const persona = world.persona(id);
        return persona ? toCustomerRecord(persona) : null;
      }),
      {
        // Changes a counter service makes to the record (contact details, ID document expiry): once per key.
        method: 'POST',
        path: '/customers/:customerId/changes',
        handler: ({ params, body }) => {
          const parsed = parseInput(changeSchema, body);
          if (!parsed.ok) return parsed.reply;
          const customerId = params.customerId ?? '';
          const { idempotencyKey, ...payload } = parsed.data;
          const fingerprint = JSON.stringify([customerId, payload.operation, Object.entries(payload.details).sort()]);
          const prior = changes.get(idempotencyKey);
          if (prior) {
            if (prior.fingerprint !== fingerprint) return errorReply(409, 'IDEMPOTENCY_CONFLICT', `idempotency key ${idempotencyKey} was used with another payload`);
            return json(200, prior.change, { 'idempotent-replayed': 'true' });
          }
          if (!world.persona(customerId)) return errorReply(404, 'CUSTOMER_NOT_FOUND', `no customer ${customerId}`);
          const change: RecordChange = { changeId: nextChangeId(), customerId, ...payload, recordedAt: new Date().toISOString() };
          changes.set(idempotencyKey, { fingerprint, change });
          return json(201, change);
        },
      },
      {
        method: 'GET',
        path: '/customers/:customerId/changes',
        handler: ({ params }) => json(200, { items: [...changes.values()].map((c) => c.change).filter((c) => c.customerId === params.customerId) }),
      },
      batchRoute('/relationship-managers:batch', 'ids', (id) => {
        const rm = world.relationshipManager(id);
        return rm ? { ...rm } : null;
      }),
      ...crmCompanyRoutes(),
    ],
  });
}
