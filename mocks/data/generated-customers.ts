/**
 * Generated customers `C100000`…`C104999`: each one a pure function of (seed, index), so any
 * of them can be built on demand without building the others.
 */
import { makeIdNumber } from '../lib/id-number.js';
import type { Currency } from '../lib/money.js';
import { randomFor, type Random } from '../lib/random.js';
import { EMPLOYERS, GIVEN_NAMES_F, GIVEN_NAMES_M, PLACES, RELATIONSHIP_MANAGERS, SURNAMES, type Place } from './names.js';
import { HISTORY_END, type AccountPlan, type BureauPlan, type FinancePlan, type LitigationPlan, type Persona, type RiskPlan } from './persona.js';
import type { PreferredChannel, RepaymentStatus, RiskRating, Segment } from './types.js';

/** Number of generated customers. */
export const GENERATED_CUSTOMER_COUNT = 5000;

/** Numeric part of the first generated customer id. */
export const FIRST_GENERATED_NUMBER = 100_000;

/** Id of the generated customer with this index (0-based): `generatedCustomerId(0)` is `"C100000"`. */
export function generatedCustomerId(index: number): string {
  return `C${FIRST_GENERATED_NUMBER + index}`;
}

/** Index of a generated customer id, or `null` when the id is not one. */
export function generatedIndex(customerId: string): number | null {
  if (!/^C\d{6}$/.test(customerId)) return null;
  const index = Number(customerId.slice(1)) - FIRST_GENERATED_NUMBER;
  return index >= 0 && index < GENERATED_CUSTOMER_COUNT ? index : null;
}

const YUAN = 100n;
const END_YEAR = Number(HISTORY_END.slice(0, 4));

const pad2 = (n: number): string => String(n).padStart(2, '0');
const isoDay = (year: number, month: number, day: number): string => `${year}-${pad2(month)}-${pad2(day)}`;
const isoAt = (year: number, month: number, day: number, r: Random): string =>
  `${isoDay(year, month, day)}T${pad2(r.int(1, 9))}:${pad2(r.int(0, 59))}:00.000Z`;

/** Whole yuan in [min, max] in steps of `step` yuan, as cents. */
function yuanBetween(r: Random, min: number, max: number, step = 1): bigint {
  return BigInt(r.int(Math.ceil(min / step), Math.floor(max / step)) * step) * YUAN;
}

function percentOf(amount: bigint, percent: number): bigint {
  return (amount * BigInt(percent)) / 100n;
}

function roundTo(amount: bigint, stepYuan: number): bigint {
  const step = BigInt(stepYuan) * YUAN;
  return (amount / step) * step;
}

function pickSegment(r: Random): Segment {
  const roll = r.next();
  if (roll < 0.7) return 'MASS';
  if (roll < 0.88) return 'AFFLUENT';
  if (roll < 0.9) return 'PRIVATE';
  return 'SMALL_BUSINESS';
}

function planFinance(r: Random, segment: Segment, thinFile: boolean): FinancePlan {
  let monthlyIncome: bigint;
  let businessTurnover: bigint | null = null;
  switch (segment) {
    case 'MASS':
      monthlyIncome = yuanBetween(r, 4000, 15000, 100);
      break;
    case 'AFFLUENT':
      monthlyIncome = yuanBetween(r, 15000, 50000, 100);
      break;
    case 'PRIVATE':
      monthlyIncome = yuanBetween(r, 50000, 300000, 1000);
      break;
    case 'SMALL_BUSINESS':
      businessTurnover = yuanBetween(r, 300000, 8000000, 1000);
      monthlyIncome = roundTo(percentOf(businessTurnover, r.int(8, 20)) / 12n, 100);
      break;
  }
  if (thinFile || r.chance(0.35)) {
    return { monthlyIncome, monthlyDebtPayments: 0n, totalDebt: 0n, businessTurnover };
  }
  const monthlyDebtPayments = roundTo(percentOf(monthlyIncome, r.int(5, 55)), 100);
  return {
    monthlyIncome,
    monthlyDebtPayments,
    totalDebt: monthlyDebtPayments * BigInt(r.int(12, 120)),
    businessTurnover,
  };
}

const DAY_MS = 86_400_000;

function planAccounts(r: Random, segment: Segment, finance: FinancePlan, customerSince: string): AccountPlan[] {
  const accounts: AccountPlan[] = [];
  const sinceDay = Math.floor(Date.parse(customerSince) / DAY_MS);
  const lastDay = Math.floor(Date.parse(HISTORY_END) / DAY_MS) - 1;
  // The first account is opened the day the customer joins; later ones any day after.
  const openedAt = (first: boolean): string => {
    if (first) return customerSince;
    const day = r.int(sinceDay, Math.max(sinceDay, lastDay));
    return new Date(day * DAY_MS + r.int(1, 9) * 3_600_000 + r.int(0, 59) * 60_000).toISOString();
  };
  const plan = (kind: AccountPlan['kind'], currency: Currency, balance: bigint, flow: AccountPlan['flow']): AccountPlan => ({
    kind,
    currency,
    balance,
    status: 'ACTIVE',
    openedAt: openedAt(accounts.length === 0),
    flow,
  });
  const income = finance.monthlyIncome;
  if (segment === 'SMALL_BUSINESS') {
    accounts.push(plan('CURRENT', 'CNY', percentOf(finance.businessTurnover ?? 0n, r.int(5, 20)) + BigInt(r.int(0, 99)), 'BUSINESS'));
    accounts.push(plan('SAVINGS', 'CNY', yuanBetween(r, 20000, 500000, 100), 'SAVINGS'));
  } else {
    accounts.push(plan('CURRENT', 'CNY', income * BigInt(r.int(3, 7)) + BigInt(r.int(0, 9999)), 'SALARY'));
    const savingsChance = segment === 'MASS' ? 0.6 : 1;
    if (r.chance(savingsChance)) {
      const [min, max] = segment === 'MASS' ? [10000, 200000] : segment === 'AFFLUENT' ? [100000, 1500000] : [1000000, 20000000];
      accounts.push(plan('SAVINGS', 'CNY', yuanBetween(r, min, max, 100), 'SAVINGS'));
    }
  }
  if (segment === 'AFFLUENT' ? r.chance(0.5) : segment === 'PRIVATE') {
    const currency = r.pick<Currency>(['USD', 'HKD', 'EUR']);
    accounts.push(plan('SAVINGS', currency, yuanBetween(r, 2000, 80000, 10), 'FOREIGN'));
  }
  const timeDeposits = segment === 'PRIVATE' ? r.int(1, 2) : r.chance(segment === 'MASS' ? 0.2 : 0.45) ? 1 : 0;
  for (let i = 0; i < timeDeposits; i += 1) {
    accounts.push(plan('TIME_DEPOSIT', 'CNY', yuanBetween(r, 10000, segment === 'MASS' ? 100000 : 800000, 1000), 'TERM'));
  }
  if (finance.totalDebt > 0n && r.chance(segment === 'SMALL_BUSINESS' ? 0.5 : 0.3)) {
    accounts.push(plan('LOAN', 'CNY', roundTo(percentOf(finance.totalDebt, r.int(40, 80)), 100), 'LOAN'));
  }
  // The first account stays active: it is the one salary or sales flow through.
  for (const planned of accounts.slice(1)) {
    const roll = r.next();
    if (roll < 0.02) {
      planned.status = 'FROZEN';
      planned.flow = 'IDLE';
    } else if (roll < 0.04 && planned.kind !== 'LOAN') {
      planned.status = 'CLOSED';
      planned.balance = 0n;
      planned.flow = 'IDLE';
    }
  }
  return accounts;
}

function worstStatusFor(score: number, delinquencies: number): RepaymentStatus {
  if (score < 450) return 'DEFAULT';
  if (delinquencies === 0) return 'CURRENT';
  if (delinquencies === 1) return 'DPD30';
  if (delinquencies === 2) return 'DPD60';
  return 'DPD90';
}

function planBureau(r: Random, finance: FinancePlan, thinFile: boolean): BureauPlan {
  if (thinFile) {
    const lines = r.int(0, 1);
    return {
      score: null,
      thinFile: true,
      openCreditLines: lines,
      totalCreditLimit: lines > 0 ? yuanBetween(r, 5000, 20000, 1000) : 0n,
      totalOutstanding: 0n,
      monthlyRepayments: 0n,
      delinquencies12m: 0,
      inquiries6m: r.int(0, 2),
      worstStatus: 'CURRENT',
    };
  }
  const ratioPercent = finance.monthlyIncome > 0n ? Number((finance.monthlyDebtPayments * 100n) / finance.monthlyIncome) : 0;
  const score = Math.max(380, Math.min(850, Math.round(770 - ratioPercent * 2.5 + r.int(-70, 60))));
  const delinquencies12m = score < 560 ? r.int(1, 4) : score < 640 && r.chance(0.3) ? 1 : 0;
  const openCreditLines = finance.totalDebt > 0n ? r.int(1, 8) : r.int(0, 2);
  return {
    score,
    thinFile: false,
    openCreditLines,
    totalCreditLimit: roundTo(percentOf(finance.totalDebt, r.int(120, 250)), 1000) + BigInt(openCreditLines) * 10000n * YUAN,
    totalOutstanding: finance.totalDebt,
    monthlyRepayments: finance.monthlyDebtPayments,
    delinquencies12m,
    inquiries6m: r.int(0, 5),
    worstStatus: worstStatusFor(score, delinquencies12m),
  };
}

const RATINGS: readonly RiskRating[] = ['LOW', 'MEDIUM', 'HIGH'];
const KIND_CODES = { CIVIL: 'CIV', COMMERCIAL: 'COM', LABOR: 'LAB', ADMINISTRATIVE: 'ADM' } as const;

function planRisk(r: Random, bureau: BureauPlan, place: Place): RiskPlan {
  const roll = r.next();
  let level = roll < 0.85 ? 0 : roll < 0.97 ? 1 : 2;
  if (bureau.worstStatus === 'DPD90' || bureau.worstStatus === 'DEFAULT') level = Math.min(2, level + 1);

  const litigation: LitigationPlan[] = [];
  const caseRoll = r.next();
  if (caseRoll < 0.05) {
    const open = caseRoll < 0.01;
    const kind = r.pick(['CIVIL', 'COMMERCIAL', 'LABOR'] as const);
    const year = open ? r.int(2025, END_YEAR) : r.int(2018, 2024);
    litigation.push({
      caseId: `${year}-${place.region}-${KIND_CODES[kind]}-${r.digits(5)}`,
      court: place.court,
      kind,
      status: open ? 'OPEN' : 'CLOSED',
      filedAt: isoAt(year, year === END_YEAR ? r.int(1, 9) : r.int(1, 12), r.int(1, 28), r),
      amount: yuanBetween(r, 5000, 300000, 100),
    });
    if (open) level = Math.max(level, 1);
  }

  const rating = RATINGS[level] ?? 'LOW';
  const score = level === 0 ? r.int(5, 29) : level === 1 ? r.int(30, 69) : r.int(70, 95);
  const review = level === 2 ? r.chance(0.5) : level === 1 ? r.chance(0.08) : false;
  return {
    rating,
    score,
    amlStatus: review ? 'REVIEW' : 'CLEAR',
    watchlistHits: review
      ? [{ list: 'ADVERSE-MEDIA', matchScore: r.int(50, 69) / 100, reason: 'Possible adverse media mention' }]
      : [],
    litigation,
  };
}

interface DrawnIdentity {
  gender: 'F' | 'M';
  surname: string;
  given: string;
  place: Place;
  birthYear: number;
  dateOfBirth: string;
  idNumber: string;
}

/** The first draws of a generated customer's stream: who they are. */
function drawIdentity(r: Random): DrawnIdentity {
  const gender = r.chance(0.5) ? 'F' : 'M';
  const surname = r.pick(SURNAMES);
  const given = r.pick(gender === 'F' ? GIVEN_NAMES_F : GIVEN_NAMES_M);
  const place = r.pick(PLACES);
  const birthYear = r.int(1955, 2003);
  const dateOfBirth = isoDay(birthYear, r.int(1, 12), r.int(1, 28));
  // Odd sequence digits are men, even ones women (GB 11643).
  const sequence = r.int(0, 499) * 2 + (gender === 'M' ? 1 : 0);
  return { gender, surname, given, place, birthYear, dateOfBirth, idNumber: makeIdNumber(place.region, dateOfBirth, sequence) };
}

/**
 * Only the identity number of a generated customer: the same draws as
 * {@link generatePersona} makes first, so it agrees with it, at a fraction of the cost.
 */
export function generatedIdNumber(seed: number, index: number): string {
  return drawIdentity(randomFor(seed, 'customer', index)).idNumber;
}

const CHANNELS: readonly PreferredChannel[] = ['MOBILE_APP', 'MOBILE_APP', 'MINI_PROGRAM', 'MINI_PROGRAM', 'WEB', 'BRANCH', 'PHONE'];
const MOBILE_PREFIXES = ['135', '136', '137', '139', '150', '158', '159', '186', '187', '188', '199'] as const;

/**
 * Builds the generated customer with this index.
 * @throws Error when the index is outside [0, GENERATED_CUSTOMER_COUNT).
 */
export function generatePersona(seed: number, index: number): Persona {
  if (!Number.isInteger(index) || index < 0 || index >= GENERATED_CUSTOMER_COUNT) {
    throw new Error(`no generated customer with index ${index}`);
  }
  const r = randomFor(seed, 'customer', index);
  const customerId = generatedCustomerId(index);
  const { gender, surname, given, place, birthYear, dateOfBirth, idNumber } = drawIdentity(r);
  const segment = pickSegment(r);
  const sinceYear = Math.min(END_YEAR, Math.max(birthYear + 18, 2003) + r.int(0, 6));
  const customerSince = isoAt(sinceYear, sinceYear === END_YEAR ? r.int(1, 6) : r.int(1, 12), r.int(1, 28), r);
  const thinFile = (END_YEAR - birthYear < 24 && r.chance(0.4)) || r.chance(0.03);
  const finance = planFinance(r, segment, thinFile);
  const bureau = planBureau(r, finance, thinFile);

  return {
    customerId,
    fullName: `${surname} ${given}`,
    gender,
    dateOfBirth,
    idNumber,
    phone: `${r.pick(MOBILE_PREFIXES)}${r.digits(8)}`,
    email: `${given.toLowerCase()}.${surname.toLowerCase()}.${index}@example.com`,
    address: {
      line1: `No. ${r.int(1, 999)} ${r.pick(place.streets)}, Room ${r.int(1, 32)}${pad2(r.int(1, 8))}`,
      city: place.city,
      province: place.province,
      postalCode: place.postalCode,
    },
    segment,
    relationshipManagerId: segment === 'MASS' ? null : r.pick(RELATIONSHIP_MANAGERS).id,
    preferredChannel: r.pick(CHANNELS),
    customerSince,
    employer: segment === 'SMALL_BUSINESS' ? null : r.pick(EMPLOYERS),
    accounts: planAccounts(r, segment, finance, customerSince),
    finance,
    bureau,
    risk: planRisk(r, bureau, place),
  };
}
