/** CRM mock: customer records and relationship managers. */
import { resolveWorld, type BackendMockOptions } from './backend-options.js';
import type { Persona } from './data/persona.js';
import type { CustomerRecord } from './data/types.js';
import { batchRoute } from './lib/batch.js';
import { crmCompanyRoutes } from './companies.js';
import { makeMockServer, type MockServer } from './lib/mock-server.js';

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
  return makeMockServer({
    name: CRM_NAME,
    seed: world.seed,
    faults: options.faults,
    routes: [
      batchRoute('/customers:batch', 'customerIds', (id) => {
        const persona = world.persona(id);
        return persona ? toCustomerRecord(persona) : null;
      }),
      batchRoute('/relationship-managers:batch', 'ids', (id) => {
        const rm = world.relationshipManager(id);
        return rm ? { ...rm } : null;
      }),
      ...crmCompanyRoutes(),
    ],
  });
}
