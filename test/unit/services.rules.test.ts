import { describe, expect, it } from 'vitest';
import { canTransition, isFinal, statusesOf } from '../../src/platform/write/state-machine.js';
import { SERVICE_TEMPLATES } from '../../src/modules/services/services.catalogue.js';
import {
  SERVICE_REQUEST_MACHINE,
  applyFieldUpdate,
  confirmationErrors,
  identitySuffices,
  idDocumentMatches,
  prefilledValues,
  startChannelOf,
  ticketRefusal,
} from '../../src/modules/services/services.rules.js';

const standingOrder = SERVICE_TEMPLATES.find((t) => t.code === 'SET_UP_STANDING_ORDER')!;

describe('SERVICE_REQUEST_MACHINE', () => {
  it('runs the four steps forward and ends in DONE, FAILED or CANCELLED', () => {
    expect(canTransition(SERVICE_REQUEST_MACHINE, 'VERIFYING', 'FILLING')).toBe(true);
    expect(canTransition(SERVICE_REQUEST_MACHINE, 'FILLING', 'PROCESSING')).toBe(true);
    expect(canTransition(SERVICE_REQUEST_MACHINE, 'PROCESSING', 'DONE')).toBe(true);
    expect(canTransition(SERVICE_REQUEST_MACHINE, 'PROCESSING', 'FAILED')).toBe(true);
    expect(['DONE', 'FAILED', 'CANCELLED'].every((s) => isFinal(SERVICE_REQUEST_MACHINE, s as never))).toBe(true);
  });

  it('never skips identity, never un-processes, and cannot cancel what is executing', () => {
    expect(canTransition(SERVICE_REQUEST_MACHINE, 'VERIFYING', 'PROCESSING')).toBe(false);
    expect(canTransition(SERVICE_REQUEST_MACHINE, 'PROCESSING', 'FILLING')).toBe(false);
    expect(canTransition(SERVICE_REQUEST_MACHINE, 'PROCESSING', 'CANCELLED')).toBe(false);
    expect(canTransition(SERVICE_REQUEST_MACHINE, 'EXPERT_REVIEW', 'PROCESSING')).toBe(false);
    expect(statusesOf(SERVICE_REQUEST_MACHINE)).toHaveLength(7);
  });
});

describe('applyFieldUpdate', () => {
  it('takes valid values (trimmed) and clears a field with an empty string', () => {
    const { values, errors } = applyFieldUpdate(standingOrder, { payeeName: 'Old' }, [{ name: 'amount', value: ' 250.50 ' }, { name: 'payeeName', value: '' }], []);
    expect(errors).toEqual([]);
    expect(values).toEqual({ amount: '250.50' });
  });

  it('is all or nothing: one bad value keeps every value as it was', () => {
    const { values, errors } = applyFieldUpdate(standingOrder, { payeeName: 'Old' }, [{ name: 'payeeName', value: 'New' }, { name: 'amount', value: '0' }], []);
    expect(values).toEqual({ payeeName: 'Old' });
    expect(errors.map((e) => e.code)).toEqual(['INVALID_MONEY']);
  });

  it('names each problem per field', () => {
    const { errors } = applyFieldUpdate(
      standingOrder,
      {},
      [
        { name: 'fromAccountId', value: 'A000002-01' },
        { name: 'startDate', value: '2027-13-01' },
        { name: 'amount', value: '1e5' },
        { name: 'amount', value: '5' },
        { name: 'bogus', value: 'x' },
      ],
      ['A000001-01'],
    );
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['fromAccountId', 'ACCOUNT_NOT_OWNED'],
      ['startDate', 'INVALID_DATE'],
      ['amount', 'INVALID_MONEY'],
      ['amount', 'DUPLICATE_FIELD'],
      ['bogus', 'UNKNOWN_FIELD'],
    ]);
  });

  it('refuses more fields than a form can have', () => {
    const many = Array.from({ length: 31 }, (_, i) => ({ name: `f${i}`, value: 'x' }));
    expect(applyFieldUpdate(standingOrder, {}, many, []).errors).toEqual([expect.objectContaining({ field: 'fields', code: 'TOO_LONG' })]);
  });
});

describe('confirmationErrors', () => {
  it('lists required fields still empty and stored accounts no longer owned', () => {
    const errors = confirmationErrors(standingOrder, { fromAccountId: 'A000001-09', amount: '10.00' }, ['A000001-01']);
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['fromAccountId', 'ACCOUNT_NOT_OWNED'],
      ['payeeAccountNumber', 'REQUIRED'],
      ['payeeName', 'REQUIRED'],
      ['dayOfMonth', 'REQUIRED'],
      ['startDate', 'REQUIRED'],
    ]);
  });
});

describe('identity and channels', () => {
  it('needs a teller for TELLER_VERIFIED_ID and a code (or a teller) for OTP', () => {
    expect(identitySuffices('TELLER_VERIFIED_ID', 'OTP')).toBe(false);
    expect(identitySuffices('TELLER_VERIFIED_ID', 'TELLER')).toBe(true);
    expect(identitySuffices('OTP', 'SESSION')).toBe(false);
    expect(identitySuffices('OTP', 'TELLER')).toBe(true);
    expect(identitySuffices('SESSION', 'SESSION')).toBe(true);
  });

  it('starts customers on their session channel only, and staff at the desk or terminal', () => {
    expect(startChannelOf({ kind: 'customer', sessionChannel: 'MINI_PROGRAM' })).toBe('MINI_PROGRAM');
    expect(startChannelOf({ kind: 'customer', sessionChannel: 'PARTNER' })).toBeNull();
    expect(startChannelOf({ kind: 'staff', onTerminal: true })).toBe('BRANCH_TERMINAL');
  });

  it('matches the ID number case-insensitively and never an empty record', () => {
    expect(idDocumentMatches('11010119900101123X', ' 11010119900101123x ')).toBe(true);
    expect(idDocumentMatches('11010119900101123X', '110101199001011234')).toBe(false);
    expect(idDocumentMatches('', '')).toBe(false);
  });
});

describe('prefilledValues', () => {
  it('fills from the named sources without overwriting what the customer entered', () => {
    const contact = SERVICE_TEMPLATES.find((t) => t.code === 'CHANGE_CONTACT_DETAILS')!;
    expect(prefilledValues(contact, { phone: '13900000000' }, { phone: '13800000000', email: 'a@b.cn', city: 'Beijing' })).toEqual({
      phone: '13900000000',
      email: 'a@b.cn',
      city: 'Beijing',
    });
  });
});

describe('ticketRefusal', () => {
  const now = new Date('2026-11-30T10:00:00Z');
  const live = { redeemedAt: null, expiresAt: new Date('2026-11-30T10:05:00Z'), branchId: null };
  it('refuses unknown, redeemed, expired and foreign-branch tickets, in that order', () => {
    expect(ticketRefusal(undefined, 'BJ-001', now)).toBe('TICKET_NOT_FOUND');
    expect(ticketRefusal({ ...live, redeemedAt: now, expiresAt: now }, 'BJ-001', now)).toBe('TICKET_REDEEMED');
    expect(ticketRefusal({ ...live, expiresAt: now }, 'BJ-001', now)).toBe('TICKET_EXPIRED');
    expect(ticketRefusal({ ...live, branchId: 'SH-001' }, 'BJ-001', now)).toBe('TICKET_WRONG_BRANCH');
    expect(ticketRefusal(live, 'BJ-001', now)).toBeNull();
  });
});

describe('SERVICE_TEMPLATES', () => {
  it('holds at least twelve templates with unique codes, each with a backend action and a target', () => {
    expect(SERVICE_TEMPLATES.length).toBeGreaterThanOrEqual(12);
    expect(new Set(SERVICE_TEMPLATES.map((t) => t.code)).size).toBe(SERVICE_TEMPLATES.length);
    for (const t of SERVICE_TEMPLATES) {
      expect(t.targetMinutes).toBeLessThanOrEqual(5);
      expect(t.action.operation).toMatch(/^[A-Z_]{3,64}$/);
      if (t.action.accountField) expect(t.fields.some((f) => f.name === t.action.accountField && f.type === 'OWN_ACCOUNT')).toBe(true);
    }
  });
});
