/**
 * The service-request flow's rules, pure: the state machine, the four timed steps, field
 * validation with per-field errors, who may start what where, and the ticket checks. Everything
 * arrives as arguments (no database, HTTP, GraphQL or clock).
 */
import { stateMachine } from '../../platform/write/state-machine.js';
import type { IdentityLevel, ServiceTemplateSpec, StartChannel, TemplateField } from './services.catalogue.js';

export type ServiceRequestStatus = 'VERIFYING' | 'FILLING' | 'EXPERT_REVIEW' | 'PROCESSING' | 'DONE' | 'FAILED' | 'CANCELLED';

/**
 * VERIFYING → FILLING (identity checked, form pre-filled) → PROCESSING (confirmed) → DONE | FAILED.
 * FILLING → VERIFYING again when a prepared request is redeemed at a branch (the teller re-checks
 * the ID). FILLING ⇄ EXPERT_REVIEW: a teller hands a request to the expert queue (the queue itself
 * lives in the corporate module) and gets it back. CANCELLED from any open status.
 */
export const SERVICE_REQUEST_MACHINE = stateMachine<ServiceRequestStatus>('service request', {
  VERIFYING: ['FILLING', 'CANCELLED'],
  FILLING: ['VERIFYING', 'PROCESSING', 'EXPERT_REVIEW', 'CANCELLED'],
  EXPERT_REVIEW: ['FILLING', 'CANCELLED'],
  PROCESSING: ['DONE', 'FAILED'],
  DONE: [],
  FAILED: [],
  CANCELLED: [],
});

/** The four timed steps of every request, in order. */
export const SERVICE_STEPS = ['VERIFY_IDENTITY', 'PREFILL', 'CONFIRM', 'PROCESS'] as const;
export type ServiceStep = (typeof SERVICE_STEPS)[number];

/** Codes of per-field errors (`extensions.fieldErrors[].code`). */
export type FieldProblemCode =
  | 'REQUIRED'
  | 'UNKNOWN_FIELD'
  | 'TOO_LONG'
  | 'INVALID_FORMAT'
  | 'NOT_AN_OPTION'
  | 'INVALID_MONEY'
  | 'INVALID_DATE'
  | 'ACCOUNT_NOT_OWNED'
  | 'DUPLICATE_FIELD';

export interface FieldError {
  field: string;
  code: FieldProblemCode;
  message: string;
}

export const DEFAULT_MAX_LENGTH = 200;
/** At most this many fields in one update (a template has far fewer). */
export const MAX_FIELDS_PER_UPDATE = 30;

const MONEY = /^(0|[1-9]\d{0,14})(\.\d{1,2})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PHONE = /^1\d{10}$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,100}\.[A-Za-z]{2,}$/;

function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** The problem with one value of a field, if any (an empty value is checked by `missingFields`). */
export function checkValue(field: TemplateField, value: string, ownedAccountIds: readonly string[]): FieldError | null {
  const fail = (code: FieldProblemCode, message: string): FieldError => ({ field: field.name, code, message });
  if (value.length > (field.maxLength ?? DEFAULT_MAX_LENGTH)) return fail('TOO_LONG', `${field.label} is at most ${field.maxLength ?? DEFAULT_MAX_LENGTH} characters.`);
  if (value === '') return null;
  switch (field.type) {
    case 'TEXT':
      if (field.pattern && !new RegExp(field.pattern).test(value)) return fail('INVALID_FORMAT', `${field.label} is not in the expected format.`);
      return null;
    case 'ENUM':
      return field.options?.includes(value) ? null : fail('NOT_AN_OPTION', `${field.label} must be one of ${(field.options ?? []).join(', ')}.`);
    case 'MONEY':
      return MONEY.test(value) && !/^0(\.0{1,2})?$/.test(value) ? null : fail('INVALID_MONEY', `${field.label} must be an amount above zero with at most two decimals.`);
    case 'DATE':
      return isCalendarDate(value) ? null : fail('INVALID_DATE', `${field.label} must be a date (YYYY-MM-DD).`);
    case 'PHONE':
      return PHONE.test(value) ? null : fail('INVALID_FORMAT', `${field.label} must be an 11-digit mobile number.`);
    case 'EMAIL':
      return EMAIL.test(value) ? null : fail('INVALID_FORMAT', `${field.label} must be an e-mail address.`);
    case 'OWN_ACCOUNT':
      // Same answer for an account that does not exist and one of somebody else: nothing leaks.
      return ownedAccountIds.includes(value) ? null : fail('ACCOUNT_NOT_OWNED', `${field.label} must be one of your active accounts.`);
  }
}

/**
 * Applies an update to a form: every value checked against the template. All or nothing — with
 * any error, `errors` lists each problem and `values` is the form as it was.
 */
export function applyFieldUpdate(
  template: Pick<ServiceTemplateSpec, 'fields'>,
  current: Readonly<Record<string, string>>,
  update: readonly { name: string; value: string }[],
  ownedAccountIds: readonly string[],
): { values: Record<string, string>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  if (update.length > MAX_FIELDS_PER_UPDATE) {
    return { values: { ...current }, errors: [{ field: 'fields', code: 'TOO_LONG', message: `At most ${MAX_FIELDS_PER_UPDATE} fields per update.` }] };
  }
  const next: Record<string, string> = { ...current };
  const seen = new Set<string>();
  for (const { name, value } of update) {
    const field = template.fields.find((f) => f.name === name);
    if (!field) {
      errors.push({ field: name.slice(0, 64), code: 'UNKNOWN_FIELD', message: 'This form has no such field.' });
      continue;
    }
    if (seen.has(name)) {
      errors.push({ field: name, code: 'DUPLICATE_FIELD', message: 'The field is given twice.' });
      continue;
    }
    seen.add(name);
    const trimmed = value.trim();
    const problem = checkValue(field, trimmed, ownedAccountIds);
    if (problem) errors.push(problem);
    else if (trimmed === '') delete next[name];
    else next[name] = trimmed;
  }
  return errors.length > 0 ? { values: { ...current }, errors } : { values: next, errors };
}

/** Required fields still empty, and stored values that no longer pass (an account closed since). */
export function confirmationErrors(
  template: Pick<ServiceTemplateSpec, 'fields'>,
  values: Readonly<Record<string, string>>,
  ownedAccountIds: readonly string[],
): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of template.fields) {
    const value = values[field.name];
    if (value === undefined || value === '') {
      if (field.required) errors.push({ field: field.name, code: 'REQUIRED', message: `${field.label} is required.` });
      continue;
    }
    const problem = checkValue(field, value, ownedAccountIds);
    if (problem) errors.push(problem);
  }
  return errors;
}

/** Where a viewer starts a request: a customer on their session's channel, staff at the desk or a terminal. */
export function startChannelOf(viewer: { kind: 'customer'; sessionChannel: string } | { kind: 'staff'; onTerminal: boolean }): StartChannel | null {
  if (viewer.kind === 'staff') return viewer.onTerminal ? 'BRANCH_TERMINAL' : 'TELLER';
  return (['APP', 'WEB', 'MINI_PROGRAM'] as const).find((c) => c === viewer.sessionChannel) ?? null;
}

/** Whether a request of this identity level may be confirmed with the identity it was verified by. */
export function identitySuffices(level: IdentityLevel, verifiedBy: 'SESSION' | 'OTP' | 'TELLER'): boolean {
  if (level === 'TELLER_VERIFIED_ID') return verifiedBy === 'TELLER';
  if (level === 'OTP') return verifiedBy !== 'SESSION';
  return true;
}

/** Values the form starts with: from the sources the template names, never over a value already there. */
export function prefilledValues(
  template: Pick<ServiceTemplateSpec, 'fields'>,
  current: Readonly<Record<string, string>>,
  sources: { phone?: string; email?: string; addressLine?: string; city?: string; firstAccountId?: string; earlier?: Readonly<Record<string, string>> },
): Record<string, string> {
  const values: Record<string, string> = { ...current };
  for (const field of template.fields) {
    if (values[field.name] !== undefined) continue;
    const value = (() => {
      switch (field.prefill) {
        case 'CRM_PHONE':
          return sources.phone;
        case 'CRM_EMAIL':
          return sources.email;
        case 'CRM_ADDRESS_LINE':
          return sources.addressLine;
        case 'CRM_CITY':
          return sources.city;
        case 'FIRST_ACCOUNT':
          return sources.firstAccountId;
        case 'EARLIER_REQUEST':
          return sources.earlier?.[field.name];
        default:
          return undefined;
      }
    })();
    if (value !== undefined && value !== '') values[field.name] = value;
  }
  return values;
}

export type TicketRefusal = 'TICKET_NOT_FOUND' | 'TICKET_REDEEMED' | 'TICKET_EXPIRED' | 'TICKET_WRONG_BRANCH';

/** Why a ticket cannot be redeemed at a branch now, or null when it can. */
export function ticketRefusal(
  ticket: { redeemedAt: Date | null; expiresAt: Date; branchId: string | null } | undefined,
  branchId: string,
  now: Date,
): TicketRefusal | null {
  if (!ticket) return 'TICKET_NOT_FOUND';
  if (ticket.redeemedAt) return 'TICKET_REDEEMED';
  if (ticket.expiresAt <= now) return 'TICKET_EXPIRED';
  if (ticket.branchId !== null && ticket.branchId !== branchId) return 'TICKET_WRONG_BRANCH';
  return null;
}

/** Whether a teller's ID check matches the customer's record (the full ID number, case-insensitive). */
export function idDocumentMatches(recorded: string, presented: string): boolean {
  return recorded.trim().toUpperCase() === presented.trim().toUpperCase() && recorded.trim() !== '';
}

/** Draft kinds: a service template code or a loan application form. */
export function isDraftKind(kind: string, templateCodes: readonly string[]): boolean {
  return kind === 'LOAN_APPLICATION' || templateCodes.includes(kind);
}
