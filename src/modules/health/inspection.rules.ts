/** Corporate annual inspection: the CRM's registration data against the business registry's. Pure. */
import type { RegistrationMismatch } from './inspection.tables.js';

export type InspectionOutcome = 'MATCHED' | 'MISMATCHED' | 'NOT_IN_REGISTRY' | 'UNAVAILABLE';

export interface BankRegistration {
  name: string;
  registrationNumber: string;
  /** The full name of the CRM's LEGAL_REPRESENTATIVE party, '' when it has none. */
  legalRepresentative: string;
  registeredAddress: { line1: string; city: string; province: string; postalCode: string };
}

export interface RegistryRecord {
  name: string;
  legalRepresentative: string;
  registeredAddress: { line1: string; city: string; province: string; postalCode: string };
  status: string;
}

/** A company is due a year after its last inspection that reached the registry. */
export const INSPECTION_INTERVAL_MS = 365 * 86_400_000;

const normal = (s: string) => s.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
const address = (a: BankRegistration['registeredAddress']) => [a.line1, a.city, a.province, a.postalCode].map((p) => p.trim()).join(', ');

/** The differences between the bank's record and the registry's (whitespace and case aside). */
export function inspect(bank: BankRegistration, registry: RegistryRecord | null): { outcome: InspectionOutcome; mismatches: RegistrationMismatch[] } {
  if (!registry) return { outcome: 'NOT_IN_REGISTRY', mismatches: [{ field: 'registrationNumber', bank: bank.registrationNumber, registry: '' }] };
  const mismatches: RegistrationMismatch[] = [];
  const compare = (field: string, ours: string, theirs: string) => {
    if (normal(ours) !== normal(theirs)) mismatches.push({ field, bank: ours, registry: theirs });
  };
  compare('name', bank.name, registry.name);
  compare('legalRepresentative', bank.legalRepresentative, registry.legalRepresentative);
  compare('registeredAddress', address(bank.registeredAddress), address(registry.registeredAddress));
  if (registry.status !== 'ACTIVE') mismatches.push({ field: 'status', bank: 'ACTIVE', registry: registry.status });
  return { outcome: mismatches.length > 0 ? 'MISMATCHED' : 'MATCHED', mismatches };
}
