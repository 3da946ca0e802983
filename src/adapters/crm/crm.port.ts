import type { Result } from '../result.js';
import type { CallScope } from '../../platform/request-scope.js';

/**
 * What the gateway needs from the CRM: who a customer is and who looks after them.
 * Times are ISO-8601 UTC strings; dates of birth are `YYYY-MM-DD`.
 */

export type CustomerSegment = 'MASS' | 'AFFLUENT' | 'PRIVATE' | 'SMALL_BUSINESS';
export type PreferredChannel = 'MOBILE_APP' | 'MINI_PROGRAM' | 'WEB' | 'BRANCH' | 'PHONE';

export interface PostalAddress {
  line1: string;
  city: string;
  province: string;
  postalCode: string;
}

/** The CRM's record of a customer. Personal data: mask it for partner channels. */
export interface CustomerProfile {
  customerId: string;
  fullName: string;
  phone: string;
  email: string;
  /** The 18-character resident identity number. */
  idNumber: string;
  /** `YYYY-MM-DD`. */
  dateOfBirth: string;
  address: PostalAddress;
  segment: CustomerSegment;
  /** `null` for customers without a relationship manager (most MASS customers). */
  relationshipManagerId: string | null;
  preferredChannel: PreferredChannel;
  customerSince: string;
}

/** A relationship manager at a branch. */
export interface RelationshipManager {
  id: string;
  name: string;
  phone: string;
  email: string;
  branch: string;
}

/** A change to the customer record made by a counter service, once per idempotency key. */
export interface RecordChangeInput {
  idempotencyKey: string;
  customerId: string;
  /** e.g. `CONTACT_UPDATE`, `ID_EXPIRY_UPDATE`. */
  operation: string;
  details: Record<string, string>;
}

export interface RecordChange {
  changeId: string;
  recordedAt: string;
}

export type RecordChangeFailure = 'CUSTOMER_NOT_FOUND' | 'IDEMPOTENCY_CONFLICT' | 'INVALID_INPUT';

/**
 * The CRM. Every method may throw `UpstreamError`. Batch reads answer one entry per id, aligned
 * with the input, `null` for an unknown id; resolvers reach them through the per-request loaders.
 */
export interface CrmPort {
  getCustomerProfiles(customerIds: readonly string[], scope?: CallScope): Promise<Array<CustomerProfile | null>>;
  getRelationshipManagers(ids: readonly string[], scope?: CallScope): Promise<Array<RelationshipManager | null>>;
  /** Records a change to the customer record (idempotent: the same key changes it once). */
  recordChange(input: RecordChangeInput, scope?: CallScope): Promise<Result<RecordChange, RecordChangeFailure>>;
}
