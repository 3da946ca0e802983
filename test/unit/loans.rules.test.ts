import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  LOAN_STATUSES,
  TRANSITIONS,
  canTransition,
  canWithdraw,
  decideLoan,
  isFinal,
  validateApplication,
  type BureauInput,
  type DecisionInput,
  type FinancialsInput,
  type LoanProductTerms,
  type LoanStatus,
  type ReasonCode,
  type RiskInput,
  visibleReasons,
} from '../../src/modules/loans/loans.rules.js';

// Products as served by the core-banking mock: mocks/README.md, "GET /products".
const PERSONAL_CONSUMER: LoanProductTerms = {
  code: 'PERSONAL_CONSUMER', autoDecision: true, currency: 'CNY',
  minAmount: '1000.00', maxAmount: '300000.00', minTermMonths: 6, maxTermMonths: 60, annualRate: '0.0435',
};
const MICRO_BUSINESS: LoanProductTerms = {
  code: 'MICRO_BUSINESS', autoDecision: true, currency: 'CNY',
  minAmount: '10000.00', maxAmount: '1000000.00', minTermMonths: 6, maxTermMonths: 36, annualRate: '0.0395',
};
const CORPORATE: LoanProductTerms = {
  code: 'CORPORATE', autoDecision: false, currency: 'CNY',
  minAmount: '1000000.00', maxAmount: '50000000.00', minTermMonths: 12, maxTermMonths: 120, annualRate: '0.0345',
};

interface Applicant {
  bureau: BureauInput;
  financials: FinancialsInput;
  risk: RiskInput;
}

/*
 * The demo customers' data, copied from mocks/data/demo-customers.ts (SPECS: `bureau`, `finance`
 * and `risk` of each). watchlistHits / openLitigation count the entries of `risk.watchlistHits`
 * and the OPEN cases in `risk.litigation`.
 */
const DEMO: Record<'wangFang' | 'zhaoLei' | 'chenJie' | 'liuYang' | 'sunMei' | 'zhouMin' | 'liNa', Applicant> = {
  wangFang: {
    bureau: { status: 'AVAILABLE', score: 780, thinFile: false, delinquencies12m: 0, worstStatus: 'CURRENT', monthlyRepayments: '1500.00' },
    financials: { status: 'AVAILABLE', monthlyIncome: '28000.00', monthlyDebtPayments: '1500.00' },
    risk: { status: 'AVAILABLE', rating: 'LOW', amlStatus: 'CLEAR', watchlistHits: 0, openLitigation: 0 },
  },
  zhaoLei: {
    bureau: { status: 'AVAILABLE', score: 640, thinFile: false, delinquencies12m: 0, worstStatus: 'CURRENT', monthlyRepayments: '4000.00' },
    financials: { status: 'AVAILABLE', monthlyIncome: '35000.00', monthlyDebtPayments: '4000.00' },
    // CN-HIGH-RISK-LIST 0.97 and GLOBAL-SANCTIONS 0.95
    risk: { status: 'AVAILABLE', rating: 'HIGH', amlStatus: 'HIT', watchlistHits: 2, openLitigation: 0 },
  },
  chenJie: {
    bureau: { status: 'AVAILABLE', score: 655, thinFile: false, delinquencies12m: 1, worstStatus: 'DPD30', monthlyRepayments: '2500.00' },
    financials: { status: 'AVAILABLE', monthlyIncome: '15000.00', monthlyDebtPayments: '2500.00' },
    // One OPEN civil case, 2026-440106-CIV-04711, 85000.00 CNY
    risk: { status: 'AVAILABLE', rating: 'MEDIUM', amlStatus: 'CLEAR', watchlistHits: 0, openLitigation: 1 },
  },
  liuYang: {
    bureau: { status: 'AVAILABLE', score: 590, thinFile: false, delinquencies12m: 1, worstStatus: 'DPD30', monthlyRepayments: '9000.00' },
    financials: { status: 'AVAILABLE', monthlyIncome: '12000.00', monthlyDebtPayments: '9000.00' },
    risk: { status: 'AVAILABLE', rating: 'MEDIUM', amlStatus: 'CLEAR', watchlistHits: 0, openLitigation: 0 },
  },
  sunMei: {
    bureau: { status: 'AVAILABLE', score: null, thinFile: true, delinquencies12m: 0, worstStatus: 'CURRENT', monthlyRepayments: '0.00' },
    financials: { status: 'AVAILABLE', monthlyIncome: '4500.00', monthlyDebtPayments: '0.00' },
    risk: { status: 'AVAILABLE', rating: 'LOW', amlStatus: 'CLEAR', watchlistHits: 0, openLitigation: 0 },
  },
  zhouMin: {
    bureau: { status: 'AVAILABLE', score: 745, thinFile: false, delinquencies12m: 0, worstStatus: 'CURRENT', monthlyRepayments: '6000.00' },
    financials: { status: 'AVAILABLE', monthlyIncome: '45000.00', monthlyDebtPayments: '6000.00' },
    risk: { status: 'AVAILABLE', rating: 'LOW', amlStatus: 'CLEAR', watchlistHits: 0, openLitigation: 0 },
  },
  liNa: {
    bureau: { status: 'AVAILABLE', score: 705, thinFile: false, delinquencies12m: 0, worstStatus: 'CURRENT', monthlyRepayments: '0.00' },
    financials: { status: 'AVAILABLE', monthlyIncome: '60000.00', monthlyDebtPayments: '0.00' },
    // PEP-REGISTER 0.7; amlStatus REVIEW, rating MEDIUM (score 52)
    risk: { status: 'AVAILABLE', rating: 'MEDIUM', amlStatus: 'REVIEW', watchlistHits: 1, openLitigation: 0 },
  },
};

function application(applicant: Applicant, overrides: Partial<DecisionInput> = {}): DecisionInput {
  return { product: PERSONAL_CONSUMER, amount: '50000.00', termMonths: 24, policy: DEFAULT_POLICY, ...applicant, ...overrides };
}

function codes(input: DecisionInput): { outcome: string; codes: ReasonCode[] } {
  const decision = decideLoan(input);
  return { outcome: decision.outcome, codes: decision.reasons.map((r) => r.code) };
}

describe('decideLoan for the demo customers', () => {
  it('approves Wang Fang 50000.00 over 24 months at the product rate with its monthly payment', () => {
    expect(decideLoan(application(DEMO.wangFang))).toEqual({
      outcome: 'APPROVED',
      amount: '50000.00',
      termMonths: 24,
      annualRate: '0.0435',
      monthlyPayment: '2179.04',
      reasons: [{ code: 'GOOD_STANDING', message: expect.any(String) }],
    });
  });

  it('rejects Zhao Lei for his watch-list and AML hits', () => {
    expect(codes(application(DEMO.zhaoLei))).toEqual({ outcome: 'REJECTED', codes: ['WATCHLIST_HIT', 'AML_HIT'] });
  });

  it('sends Chen Jie to review for his open court case and his late payment', () => {
    expect(codes(application(DEMO.chenJie))).toEqual({ outcome: 'MANUAL_REVIEW', codes: ['RECENT_DELINQUENCY', 'LITIGATION_RECORD'] });
  });

  it('sends Liu Yang to review for his debt-to-income ratio and his late payment, without rejecting him', () => {
    expect(codes(application(DEMO.liuYang))).toEqual({
      outcome: 'MANUAL_REVIEW',
      codes: ['RECENT_DELINQUENCY', 'DEBT_TO_INCOME_ABOVE_THRESHOLD'],
    });
  });

  it('flags Liu Yang even for the smallest loan, since his existing debt alone is 0.75 of his income', () => {
    expect(codes(application(DEMO.liuYang, { amount: '1000.00', termMonths: 60 })).codes).toContain('DEBT_TO_INCOME_ABOVE_THRESHOLD');
  });

  it('sends Sun Mei to review for her thin credit file', () => {
    expect(codes(application(DEMO.sunMei, { amount: '10000.00', termMonths: 12 }))).toEqual({
      outcome: 'MANUAL_REVIEW',
      codes: ['THIN_CREDIT_FILE'],
    });
  });

  it('approves Zhou Min a 150000.00 micro-business loan over 36 months', () => {
    expect(decideLoan(application(DEMO.zhouMin, { product: MICRO_BUSINESS, amount: '150000.00', termMonths: 36 }))).toMatchObject({
      outcome: 'APPROVED',
      amount: '150000.00',
      termMonths: 36,
      annualRate: '0.0395',
      monthlyPayment: '4425.26',
      reasons: [{ code: 'GOOD_STANDING' }],
    });
  });

  it('sends Li Na to review for her AML review status only', () => {
    expect(codes(application(DEMO.liNa))).toEqual({ outcome: 'MANUAL_REVIEW', codes: ['AML_REVIEW'] });
  });

  it.each(Object.entries(DEMO).filter(([name]) => name !== 'zhaoLei'))(
    'sends a corporate loan for %s to review because the product requires it',
    (_name, applicant) => {
      const decision = codes(application(applicant, { product: CORPORATE, amount: '2000000.00', termMonths: 60 }));
      expect(decision.outcome).toBe('MANUAL_REVIEW');
      expect(decision.codes[0]).toBe('PRODUCT_REQUIRES_REVIEW');
    },
  );

  it('still rejects Zhao Lei for a corporate loan: hard rejections come before review', () => {
    expect(codes(application(DEMO.zhaoLei, { product: CORPORATE, amount: '2000000.00', termMonths: 60 }))).toEqual({
      outcome: 'REJECTED',
      codes: ['WATCHLIST_HIT', 'AML_HIT'],
    });
  });

  it('sends Wang Fang to review with only the amount flag when she asks for more than the automatic limit', () => {
    expect(codes(application(DEMO.wangFang, { amount: '250000.00', termMonths: 60 }))).toEqual({
      outcome: 'MANUAL_REVIEW',
      codes: ['AMOUNT_ABOVE_AUTOMATIC_LIMIT'],
    });
  });

  it('approves an amount exactly at the automatic limit', () => {
    expect(decideLoan(application(DEMO.wangFang, { amount: '200000.00', termMonths: 60 })).outcome).toBe('APPROVED');
    expect(codes(application(DEMO.wangFang, { amount: '200000.01', termMonths: 60 })).codes).toEqual(['AMOUNT_ABOVE_AUTOMATIC_LIMIT']);
  });
});

describe('decideLoan when a backend does not answer', () => {
  it('sends Wang Fang to review, never to approval, when the bureau is unavailable', () => {
    expect(codes(application({ ...DEMO.wangFang, bureau: { status: 'UNAVAILABLE' } }))).toEqual({
      outcome: 'MANUAL_REVIEW',
      codes: ['BUREAU_UNAVAILABLE'],
    });
  });

  it('sends Wang Fang to review when there is no authorization to pull her credit report', () => {
    expect(codes(application({ ...DEMO.wangFang, bureau: { status: 'NOT_AUTHORIZED' } }))).toEqual({
      outcome: 'MANUAL_REVIEW',
      codes: ['BUREAU_NOT_AUTHORIZED'],
    });
  });

  it('sends Wang Fang to review, never to approval, when her financials are unavailable', () => {
    expect(codes(application({ ...DEMO.wangFang, financials: { status: 'UNAVAILABLE' } }))).toEqual({
      outcome: 'MANUAL_REVIEW',
      codes: ['FINANCIALS_UNAVAILABLE'],
    });
  });

  it('sends Wang Fang to review, never to approval, when the risk platform is unavailable', () => {
    expect(codes(application({ ...DEMO.wangFang, risk: { status: 'UNAVAILABLE' } }))).toEqual({
      outcome: 'MANUAL_REVIEW',
      codes: ['RISK_UNAVAILABLE'],
    });
  });

  it('lists every missing source when all three are down', () => {
    const down: Applicant = { bureau: { status: 'UNAVAILABLE' }, financials: { status: 'UNAVAILABLE' }, risk: { status: 'UNAVAILABLE' } };
    expect(codes(application(down))).toEqual({
      outcome: 'MANUAL_REVIEW',
      codes: ['BUREAU_UNAVAILABLE', 'FINANCIALS_UNAVAILABLE', 'RISK_UNAVAILABLE'],
    });
  });

  it('does not reject Zhao Lei on risk data it could not get, but routes him to review', () => {
    // His bureau score of 640 is below the review level, which is flagged too.
    expect(codes(application({ ...DEMO.zhaoLei, risk: { status: 'UNAVAILABLE' } }))).toEqual({
      outcome: 'MANUAL_REVIEW',
      codes: ['RECENT_DELINQUENCY', 'RISK_UNAVAILABLE'],
    });
  });

  it('still rejects on the data that is available when another backend is down', () => {
    expect(codes(application({ ...DEMO.zhaoLei, bureau: { status: 'UNAVAILABLE' } }))).toEqual({
      outcome: 'REJECTED',
      codes: ['WATCHLIST_HIT', 'AML_HIT'],
    });
  });
});

describe('decideLoan rules', () => {
  const clean = DEMO.wangFang;
  const cleanBureau = clean.bureau as Extract<BureauInput, { status: 'AVAILABLE' }>;
  const cleanRisk = clean.risk as Extract<RiskInput, { status: 'AVAILABLE' }>;

  it.each(['DPD90', 'DEFAULT'] as const)('rejects a worst status of %s as a serious delinquency', (worstStatus) => {
    expect(codes(application({ ...clean, bureau: { ...cleanBureau, worstStatus } }))).toEqual({
      outcome: 'REJECTED',
      codes: ['SERIOUS_DELINQUENCY'],
    });
  });

  it('rejects a score below the minimum and accepts one exactly at it', () => {
    const at = (score: number) => codes(application({ ...clean, bureau: { ...cleanBureau, score } }));
    expect(at(DEFAULT_POLICY.minScore - 1)).toEqual({ outcome: 'REJECTED', codes: ['SCORE_BELOW_MINIMUM'] });
    expect(at(DEFAULT_POLICY.minScore).outcome).toBe('MANUAL_REVIEW');
  });

  it('collects every hard rejection that applies', () => {
    const input = application({
      bureau: { ...cleanBureau, score: 400, worstStatus: 'DEFAULT' },
      financials: clean.financials,
      risk: { ...cleanRisk, amlStatus: 'HIT', watchlistHits: 1 },
    });
    expect(codes(input)).toEqual({ outcome: 'REJECTED', codes: ['WATCHLIST_HIT', 'AML_HIT', 'SERIOUS_DELINQUENCY', 'SCORE_BELOW_MINIMUM'] });
  });

  it('rejects an AML hit without a listed match on the AML hit alone', () => {
    expect(codes(application({ ...clean, risk: { ...cleanRisk, amlStatus: 'HIT', watchlistHits: 0 } }))).toEqual({
      outcome: 'REJECTED',
      codes: ['AML_HIT'],
    });
  });

  it('sends a score below the review level but above the minimum to review as a below-standard record', () => {
    expect(codes(application({ ...clean, bureau: { ...cleanBureau, score: DEFAULT_POLICY.reviewScore - 1 } }))).toEqual({
      outcome: 'MANUAL_REVIEW',
      codes: ['RECENT_DELINQUENCY'],
    });
    expect(decideLoan(application({ ...clean, bureau: { ...cleanBureau, score: DEFAULT_POLICY.reviewScore } })).outcome).toBe('APPROVED');
  });

  it.each([
    ['a delinquency in the last 12 months', { delinquencies12m: 1 }],
    ['a worst status of DPD30', { worstStatus: 'DPD30' }],
    ['a worst status of DPD60', { worstStatus: 'DPD60' }],
  ] as const)('flags %s as a recent delinquency', (_label, change) => {
    expect(codes(application({ ...clean, bureau: { ...cleanBureau, ...change } })).codes).toEqual(['RECENT_DELINQUENCY']);
  });

  it('flags a thin file even when a score is present, and a missing score even without the thin-file mark', () => {
    expect(codes(application({ ...clean, bureau: { ...cleanBureau, thinFile: true } })).codes).toEqual(['THIN_CREDIT_FILE']);
    expect(codes(application({ ...clean, bureau: { ...cleanBureau, score: null } })).codes).toEqual(['THIN_CREDIT_FILE']);
  });

  it('flags a debt-to-income ratio just above the maximum but not one exactly at it', () => {
    // 50000.00 over 24 months costs 2179.04 a month; income 10000.00 puts the limit at 5000.00.
    const withDebt = (monthlyDebtPayments: string) =>
      codes(application({ ...clean, bureau: { ...cleanBureau, monthlyRepayments: '0.00' }, financials: { status: 'AVAILABLE', monthlyIncome: '10000.00', monthlyDebtPayments } }));
    expect(withDebt('2820.96').outcome).toBe('APPROVED');
    expect(withDebt('2820.97').codes).toEqual(['DEBT_TO_INCOME_ABOVE_THRESHOLD']);
  });

  it('counts the bureau repayments when they are higher than the bank knows of', () => {
    const input = application({ ...clean, bureau: { ...cleanBureau, monthlyRepayments: '13000.00' } });
    expect(codes(input).codes).toEqual(['DEBT_TO_INCOME_ABOVE_THRESHOLD']);
  });

  it('flags a zero income as above the debt-to-income maximum instead of dividing by zero', () => {
    const input = application({ ...clean, financials: { status: 'AVAILABLE', monthlyIncome: '0.00', monthlyDebtPayments: '0.00' } });
    expect(codes(input).codes).toEqual(['DEBT_TO_INCOME_ABOVE_THRESHOLD']);
  });

  it('flags a HIGH risk rating for AML review even when the AML status is clear', () => {
    expect(codes(application({ ...clean, risk: { ...cleanRisk, rating: 'HIGH' } })).codes).toEqual(['AML_REVIEW']);
  });

  it('lists every review flag that applies, in a fixed order', () => {
    const input = application(
      {
        bureau: { ...cleanBureau, thinFile: true, score: null, delinquencies12m: 2 },
        financials: { status: 'AVAILABLE', monthlyIncome: '1000.00', monthlyDebtPayments: '900.00' },
        risk: { status: 'AVAILABLE', rating: 'HIGH', amlStatus: 'REVIEW', watchlistHits: 1, openLitigation: 2 },
      },
      { product: CORPORATE, amount: '1000000.00', termMonths: 12 },
    );
    expect(codes(input)).toEqual({
      outcome: 'MANUAL_REVIEW',
      codes: [
        'PRODUCT_REQUIRES_REVIEW',
        'AMOUNT_ABOVE_AUTOMATIC_LIMIT',
        'THIN_CREDIT_FILE',
        'RECENT_DELINQUENCY',
        'DEBT_TO_INCOME_ABOVE_THRESHOLD',
        'LITIGATION_RECORD',
        'AML_REVIEW',
      ],
    });
  });

  it('gives every reason an English message that reveals no thresholds or list names', () => {
    const decisions = [
      decideLoan(application(DEMO.zhaoLei)),
      decideLoan(application({ bureau: { status: 'UNAVAILABLE' }, financials: { status: 'UNAVAILABLE' }, risk: { status: 'UNAVAILABLE' } })),
      decideLoan(application(DEMO.liNa, { product: CORPORATE, amount: '2000000.00', termMonths: 60 })),
    ];
    for (const reason of decisions.flatMap((d) => d.reasons)) {
      expect(reason.message).toMatch(/^[A-Z][\x20-\x7e]+\.$/);
      expect(reason.message).not.toMatch(/\d|sanction|PEP|watch|list|score/i);
    }
  });

  it('normalises the approved amount to two decimals', () => {
    expect(decideLoan(application(DEMO.wangFang, { amount: '50000' }))).toMatchObject({ outcome: 'APPROVED', amount: '50000.00' });
  });

  it('throws for an application that did not pass validation', () => {
    expect(() => decideLoan(application(DEMO.wangFang, { amount: '500.00' }))).toThrow(RangeError);
    expect(() => decideLoan(application(DEMO.wangFang, { termMonths: 61 }))).toThrow(RangeError);
    expect(() => decideLoan(application(DEMO.wangFang, { amount: 'fifty' }))).toThrow(RangeError);
  });

  it('throws when a backend sends a malformed amount rather than deciding on it', () => {
    const input = application({ ...clean, financials: { status: 'AVAILABLE', monthlyIncome: '28,000', monthlyDebtPayments: '1500.00' } });
    expect(() => decideLoan(input)).toThrow(RangeError);
  });
});

describe('DEFAULT_POLICY', () => {
  it('uses the calibrated values', () => {
    expect(DEFAULT_POLICY).toEqual({ autoApprovalLimit: '200000.00', maxDebtToIncome: '0.50', minScore: 580, reviewScore: 670 });
  });

  it('cannot be changed by accident', () => {
    expect(Object.isFrozen(DEFAULT_POLICY)).toBe(true);
  });
});

describe('loan status transitions', () => {
  const allowed: [LoanStatus, LoanStatus][] = [
    ['SUBMITTED', 'CHECKING'],
    ['SUBMITTED', 'WITHDRAWN'],
    ['CHECKING', 'APPROVED'],
    ['CHECKING', 'REJECTED'],
    ['CHECKING', 'MANUAL_REVIEW'],
    ['CHECKING', 'WITHDRAWN'],
    ['MANUAL_REVIEW', 'DOCUMENTS_REQUESTED'],
    ['MANUAL_REVIEW', 'APPROVED'],
    ['MANUAL_REVIEW', 'REJECTED'],
    ['MANUAL_REVIEW', 'WITHDRAWN'],
    ['DOCUMENTS_REQUESTED', 'MANUAL_REVIEW'],
    ['DOCUMENTS_REQUESTED', 'WITHDRAWN'],
    ['APPROVED', 'CONTRACT_SIGNED'],
    ['CONTRACT_SIGNED', 'DISBURSED'],
  ];

  it.each(allowed)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it('allows nothing else', () => {
    const key = (from: LoanStatus, to: LoanStatus) => `${from}>${to}`;
    const permitted = new Set(allowed.map(([from, to]) => key(from, to)));
    for (const from of LOAN_STATUSES) {
      for (const to of LOAN_STATUSES) {
        expect(canTransition(from, to), key(from, to)).toBe(permitted.has(key(from, to)));
      }
    }
  });

  it.each([
    ['SUBMITTED', 'APPROVED'],
    ['CHECKING', 'DISBURSED'],
    ['APPROVED', 'WITHDRAWN'],
    ['APPROVED', 'DISBURSED'],
    ['REJECTED', 'MANUAL_REVIEW'],
    ['DOCUMENTS_REQUESTED', 'APPROVED'],
    ['WITHDRAWN', 'SUBMITTED'],
    ['CHECKING', 'CHECKING'],
  ] as const)('forbids %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('treats REJECTED, DISBURSED and WITHDRAWN as final, with no exits', () => {
    expect(LOAN_STATUSES.filter(isFinal)).toEqual(['REJECTED', 'DISBURSED', 'WITHDRAWN']);
    for (const status of ['REJECTED', 'DISBURSED', 'WITHDRAWN'] as const) {
      expect(TRANSITIONS[status]).toEqual([]);
      expect(LOAN_STATUSES.some((to) => canTransition(status, to))).toBe(false);
    }
  });

  it('lets the customer withdraw only before a decision is final', () => {
    expect(LOAN_STATUSES.filter(canWithdraw)).toEqual(['SUBMITTED', 'CHECKING', 'MANUAL_REVIEW', 'DOCUMENTS_REQUESTED']);
  });

  it('has an entry for every status and names only known statuses', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual([...LOAN_STATUSES].sort());
    for (const targets of Object.values(TRANSITIONS)) {
      for (const to of targets) expect(LOAN_STATUSES).toContain(to);
    }
  });

  it('answers false instead of throwing for a status it does not know', () => {
    expect(canTransition('ARCHIVED' as LoanStatus, 'SUBMITTED')).toBe(false);
    expect(isFinal('ARCHIVED' as LoanStatus)).toBe(false);
    expect(canWithdraw('ARCHIVED' as LoanStatus)).toBe(false);
  });

  it('cannot be changed by accident', () => {
    expect(Object.isFrozen(TRANSITIONS)).toBe(true);
    expect(Object.isFrozen(TRANSITIONS.CHECKING)).toBe(true);
    expect(Object.isFrozen(LOAN_STATUSES)).toBe(true);
  });
});

describe('validateApplication', () => {
  const valid = { amount: '50000.00', termMonths: 24, currency: 'CNY' };
  const fields = (input: Partial<typeof valid>) => validateApplication(PERSONAL_CONSUMER, { ...valid, ...input }).map((p) => p.field);

  it('finds nothing wrong with a valid application, including the limits themselves', () => {
    expect(validateApplication(PERSONAL_CONSUMER, valid)).toEqual([]);
    expect(fields({ amount: '1000.00', termMonths: 6 })).toEqual([]);
    expect(fields({ amount: '300000', termMonths: 60 })).toEqual([]);
    expect(fields({ amount: '1234.5' })).toEqual([]);
  });

  it.each(['999.99', '300000.01', '0', '0.00', '-5000.00'])('reports an amount of %s', (amount) => {
    expect(fields({ amount })).toEqual(['amount']);
  });

  it.each(['12.345', '5000.000', 'abc', '', '1e4', ' 5000.00', '5,000.00'])('reports a malformed amount %j', (amount) => {
    expect(fields({ amount })).toEqual(['amount']);
  });

  it('names the product limits in the amount message', () => {
    expect(validateApplication(PERSONAL_CONSUMER, { ...valid, amount: '500.00' })).toEqual([
      { field: 'amount', message: 'The amount must be between 1000.00 and 300000.00 CNY.' },
    ]);
  });

  it.each([5, 61, 0, -12, 12.5, Number.NaN])('reports a term of %s months', (termMonths) => {
    expect(fields({ termMonths })).toEqual(['termMonths']);
  });

  it.each(['USD', 'cny', ''])('reports a currency of %j for a CNY product', (currency) => {
    expect(fields({ currency })).toEqual(['currency']);
  });

  it('reports every field that is wrong, one problem each', () => {
    expect(validateApplication(MICRO_BUSINESS, { amount: '5000.001', termMonths: 48, currency: 'EUR' })).toEqual([
      { field: 'amount', message: expect.any(String) },
      { field: 'termMonths', message: 'The term must be between 6 and 36 months.' },
      { field: 'currency', message: 'This product is offered in CNY only.' },
    ]);
  });
});

describe('visibleReasons', () => {
  const reasons = [
    { code: 'AMOUNT_ABOVE_AUTOMATIC_LIMIT', message: 'a' },
    { code: 'RECENT_DELINQUENCY', message: 'b' },
    { code: 'LITIGATION_RECORD', message: 'c' },
    { code: 'WATCHLIST_HIT', message: 'd' },
    { code: 'AML_HIT', message: 'e' },
  ];
  const codesFor = (access: { credit: boolean; risk: boolean; staff: boolean }) => visibleReasons(reasons, access).map((r) => r.code);

  it('shows a customer the general and credit reasons, and one UNABLE_TO_PROCEED for the rest', () => {
    expect(codesFor({ credit: true, risk: false, staff: false })).toEqual(['AMOUNT_ABOVE_AUTOMATIC_LIMIT', 'RECENT_DELINQUENCY', 'UNABLE_TO_PROCEED']);
  });

  it('never shows screening codes to a non-staff viewer, whatever its access', () => {
    expect(codesFor({ credit: true, risk: true, staff: false })).toEqual(['AMOUNT_ABOVE_AUTOMATIC_LIMIT', 'RECENT_DELINQUENCY', 'LITIGATION_RECORD', 'UNABLE_TO_PROCEED']);
  });

  it('shows staff without credit or risk access one RESTRICTED instead', () => {
    expect(codesFor({ credit: false, risk: false, staff: true })).toEqual(['AMOUNT_ABOVE_AUTOMATIC_LIMIT', 'RESTRICTED']);
  });

  it('shows credit and risk staff everything, unchanged', () => {
    expect(visibleReasons(reasons, { credit: true, risk: true, staff: true })).toEqual(reasons);
  });

  it('treats a code it does not know as screening', () => {
    expect(visibleReasons([{ code: 'SOMETHING_NEW', message: 'x' }], { credit: true, risk: false, staff: false }).map((r) => r.code)).toEqual(['UNABLE_TO_PROCEED']);
  });
});
