/**
 * What the gateway needs from the business registry (the market regulator's company register):
 * a company's registration by its unified social credit code, for the corporate annual inspection.
 */
import type { CallScope } from '../../platform/request-scope.js';

export type RegistrationStatus = 'ACTIVE' | 'SUSPENDED' | 'REVOKED' | 'DEREGISTERED';

/** A company as the registry records it. */
export interface Registration {
  /** The 18-character unified social credit code. */
  registrationNumber: string;
  name: string;
  legalRepresentative: string;
  registeredAddress: { line1: string; city: string; province: string; postalCode: string };
  status: RegistrationStatus;
  /** When the registry last changed the record (ISO-8601). */
  updatedAt: string;
}

/** The business registry. Every method may throw `UpstreamError` (unavailable, too slow, or a malformed answer). */
export interface BusinessRegistryPort {
  /** One entry per registration number, aligned with the input; `null` when the registry has no such company. */
  getRegistrations(registrationNumbers: readonly string[], scope?: CallScope): Promise<Array<Registration | null>>;
}
