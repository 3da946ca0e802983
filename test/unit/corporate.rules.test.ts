import { describe, expect, it } from 'vitest';
import {
  CORPORATE_REQUEST_MACHINE,
  GUIDANCE_MACHINE,
  approvalStep,
  cleanStatements,
  isLinkedExpert,
  mayActForCompany,
  validateSubmission,
  type SubmissionInput,
} from '../../src/modules/corporate/corporate.rules.js';
import { canTransition, isFinal, statusesOf } from '../../src/platform/write/state-machine.js';

const policy = { maxAmount: '100000000.00', maxDays: 1098, today: '2026-11-30' };
const bill: SubmissionInput = {
  companyId: 'CO000001',
  kind: 'BILL_DISCOUNTING',
  amount: '800000.00',
  currency: 'CNY',
  settlementAccountId: 'CO000001-A01',
  purpose: 'Working capital',
  bill: { billNumber: 'BA-2026-0001', acceptor: 'Bank of Shanghai', maturityDate: '2027-03-01' },
  guarantee: null,
  documentKinds: ['BILL', 'TRADE_CONTRACT'],
};

describe('CORPORATE_REQUEST_MACHINE', () => {
  it('goes review → approved → done, and nowhere from a final status', () => {
    expect(canTransition(CORPORATE_REQUEST_MACHINE, 'IN_REVIEW', 'APPROVED')).toBe(true);
    expect(canTransition(CORPORATE_REQUEST_MACHINE, 'APPROVED', 'DONE')).toBe(true);
    expect(canTransition(CORPORATE_REQUEST_MACHINE, 'DOCUMENTS_REQUESTED', 'IN_REVIEW')).toBe(true);
    // Approval is never skipped, nor undone by a withdrawal.
    expect(canTransition(CORPORATE_REQUEST_MACHINE, 'IN_REVIEW', 'DONE')).toBe(false);
    expect(canTransition(CORPORATE_REQUEST_MACHINE, 'DOCUMENTS_REQUESTED', 'APPROVED')).toBe(false);
    expect(canTransition(CORPORATE_REQUEST_MACHINE, 'APPROVED', 'WITHDRAWN')).toBe(false);
    for (const status of ['RETURNED', 'WITHDRAWN', 'DONE'] as const) {
      expect(isFinal(CORPORATE_REQUEST_MACHINE, status)).toBe(true);
      for (const to of statusesOf(CORPORATE_REQUEST_MACHINE)) expect(canTransition(CORPORATE_REQUEST_MACHINE, status, to)).toBe(false);
    }
  });

  it('ends a guidance case once decided or cancelled', () => {
    expect(statusesOf(GUIDANCE_MACHINE).filter((s) => isFinal(GUIDANCE_MACHINE, s))).toEqual(['APPROVED', 'RETURNED', 'CANCELLED']);
    expect(canTransition(GUIDANCE_MACHINE, 'APPROVED', 'OPEN')).toBe(false);
  });
});

describe('validateSubmission', () => {
  it('accepts a complete bill discounting request', () => {
    expect(validateSubmission(bill, policy)).toEqual([]);
  });

  it('names each bad field once, in a fixed order', () => {
    const problems = validateSubmission({ ...bill, amount: '1.234', bill: { billNumber: 'BA-1', acceptor: 'B', maturityDate: '2026-11-30' }, documentKinds: ['bill'] }, policy);
    expect(problems.map((p) => `${p.field}:${p.code}`)).toEqual([
      'amount:INVALID_AMOUNT',
      'bill.billNumber:INVALID_FORMAT',
      'bill.acceptor:REQUIRED',
      'bill.maturityDate:DATE_NOT_IN_FUTURE',
      'documents:MISSING_DOCUMENTS',
      'documents:INVALID_FORMAT',
    ]);
  });

  it('refuses amounts over the cap, dates too far ahead, and a guarantee without its terms', () => {
    expect(validateSubmission({ ...bill, amount: '100000000.01' }, policy).map((p) => p.code)).toEqual(['AMOUNT_TOO_HIGH']);
    expect(validateSubmission({ ...bill, bill: { ...bill.bill!, maturityDate: '2031-01-01' } }, policy).map((p) => p.code)).toEqual(['DATE_TOO_FAR']);
    const guarantee = validateSubmission({ ...bill, kind: 'LETTER_OF_GUARANTEE', documentKinds: ['UNDERLYING_CONTRACT'] }, policy);
    expect(guarantee.map((p) => `${p.field}:${p.code}`)).toEqual(['guarantee:REQUIRED', 'bill:NOT_ALLOWED']);
    const badType = validateSubmission(
      { ...bill, kind: 'LETTER_OF_GUARANTEE', bill: null, guarantee: { beneficiary: 'Metro Co.', guaranteeType: 'LOVE', expiryDate: '2027-02-29' }, documentKinds: ['UNDERLYING_CONTRACT'] },
      policy,
    );
    expect(badType.map((p) => `${p.field}:${p.code}`)).toEqual(['guarantee.guaranteeType:INVALID_CHOICE', 'guarantee.expiryDate:INVALID_DATE']);
  });
});

describe('approvalStep (four eyes)', () => {
  it('approves at or below the threshold with one expert', () => {
    expect(approvalStep('1000000.00', '1000000.00', null, 'S1')).toBe('FINAL');
  });
  it('asks a second, different expert above it', () => {
    expect(approvalStep('1000000.01', '1000000.00', null, 'S1')).toBe('FIRST');
    expect(approvalStep('1000000.01', '1000000.00', 'S1', 'S1')).toBe('SAME_EXPERT');
    expect(approvalStep('1000000.01', '1000000.00', 'S1', 'S2')).toBe('FINAL');
  });
});

describe('who may act, who may review', () => {
  it('lets representatives and signatories act, not directors or shareholders', () => {
    expect(['LEGAL_REPRESENTATIVE', 'AUTHORISED_SIGNATORY', 'DIRECTOR', 'SHAREHOLDER'].map(mayActForCompany)).toEqual([true, true, false, false]);
  });
  it('finds an expert linked through the customer they also are', () => {
    expect(isLinkedExpert('C000001', ['C000008', 'C000001'])).toBe(true);
    expect(isLinkedExpert(null, ['C000008'])).toBe(false);
    expect(isLinkedExpert('C000002', ['C000008'])).toBe(false);
  });
  it('cleans conditions and reasons, refusing empty or oversized lists', () => {
    expect(cleanStatements([' Cash margin 20% ', 'Cash margin 20%', ''])).toEqual(['Cash margin 20%']);
    expect(cleanStatements(['  '])).toBeNull();
    expect(cleanStatements(['ok'])).toBeNull();
    expect(cleanStatements(Array.from({ length: 21 }, (_, i) => `Condition ${i}`))).toBeNull();
  });
});
