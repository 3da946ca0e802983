/** The business registry over HTTP: `POST /registrations:batch` behind the shared backend client. */
import { z } from 'zod';
import type { BackendClient } from '../backend-client.js';
import { readBatch } from '../batch.js';
import { isoDateTime } from '../money.schema.js';
import type { BusinessRegistryPort } from './business-registry.port.js';

const registrationSchema = z.object({
  registrationNumber: z.string().regex(/^[0-9A-Z]{18}$/, 'must be an 18-character unified social credit code'),
  name: z.string().min(1),
  legalRepresentative: z.string(),
  registeredAddress: z.object({ line1: z.string(), city: z.string(), province: z.string(), postalCode: z.string() }),
  status: z.enum(['ACTIVE', 'SUSPENDED', 'REVOKED', 'DEREGISTERED']),
  updatedAt: isoDateTime,
});

export function createBusinessRegistryClient(client: BackendClient): BusinessRegistryPort {
  return {
    getRegistrations: (registrationNumbers, scope) =>
      readBatch(client, '/registrations:batch', 'registrationNumbers', registrationNumbers, registrationSchema, {
        scope,
        belongsTo: (registration, number) => registration.registrationNumber === number,
      }),
  };
}
