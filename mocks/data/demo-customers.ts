/**
 * The hand-written demo customers (seven private customers and two company representatives). Their distinctive facts (risk lists, litigation,
 * debt ratio, thin file, account count…) do not depend on the seed; only their transaction
 * history and account-number digits do.
 */
import { makeIdNumber } from '../lib/id-number.js';
import { cents } from '../lib/money.js';
import type { AccountPlan, Persona } from './persona.js';

/** Keys of the demo customers (usable as demo login names). */
export type DemoCustomerKey = 'wangFang' | 'zhaoLei' | 'chenJie' | 'liuYang' | 'sunMei' | 'zhouMin' | 'liNa' | 'huangWei' | 'gaoJun';

/** Public facts about a demo customer, for tests and seed kits. */
export interface DemoCustomer {
  key: DemoCustomerKey;
  /** Login-style name, e.g. `wang.fang` (also the local part of the e-mail address). */
  username: string;
  id: string;
  fullName: string;
  idNumber: string;
  dateOfBirth: string;
  phone: string;
  email: string;
  description: string;
}

interface DemoSpec extends Omit<Persona, 'customerId' | 'idNumber' | 'email'> {
  key: DemoCustomerKey;
  id: string;
  region: string;
  sequence: number;
  description: string;
}

const account = (
  kind: AccountPlan['kind'],
  currency: AccountPlan['currency'],
  balance: string,
  openedAt: string,
  flow: AccountPlan['flow'],
  status: AccountPlan['status'] = 'ACTIVE',
): AccountPlan => ({ kind, currency, balance: cents(balance), status, openedAt: `${openedAt}T02:00:00.000Z`, flow });

const noRisk = { watchlistHits: [], litigation: [] };

const SPECS: readonly DemoSpec[] = [
  {
    key: 'wangFang',
    id: 'C000001',
    description: 'Clean salaried customer with 3 accounts, bureau score 780, risk LOW, AML CLEAR; the main demo login.',
    fullName: 'Wang Fang',
    gender: 'F',
    dateOfBirth: '1988-03-15',
    region: '310115',
    sequence: 124,
    phone: '13800138001',
    address: { line1: 'No. 88 Century Avenue, Room 1203', city: 'Shanghai', province: 'Shanghai', postalCode: '200120' },
    segment: 'AFFLUENT',
    relationshipManagerId: 'RM001',
    preferredChannel: 'MOBILE_APP',
    customerSince: '2014-06-18T02:00:00.000Z',
    employer: 'Huaxin Technology Co., Ltd.',
    accounts: [
      account('CURRENT', 'CNY', '86420.35', '2014-06-18', 'SALARY'),
      account('SAVINGS', 'CNY', '320000.00', '2015-01-09', 'SAVINGS'),
      account('SAVINGS', 'USD', '12500.00', '2019-08-22', 'FOREIGN'),
    ],
    finance: { monthlyIncome: cents('28000.00'), monthlyDebtPayments: cents('1500.00'), totalDebt: cents('6200.00'), businessTurnover: null },
    bureau: { score: 780, thinFile: false, openCreditLines: 2, totalCreditLimit: cents('80000.00'), totalOutstanding: cents('6200.00'), monthlyRepayments: cents('1500.00'), delinquencies12m: 0, inquiries6m: 1, worstStatus: 'CURRENT' },
    risk: { rating: 'LOW', score: 12, amlStatus: 'CLEAR', ...noRisk },
  },
  {
    key: 'zhaoLei',
    id: 'C000002',
    description: 'On a high-risk list (match 0.97): risk HIGH, AML HIT, screening by his name and id number returns HIT; savings account frozen.',
    fullName: 'Zhao Lei',
    gender: 'M',
    dateOfBirth: '1979-11-02',
    region: '110105',
    sequence: 317,
    phone: '13800138002',
    address: { line1: 'No. 16 Jianguo Road, Room 2207', city: 'Beijing', province: 'Beijing', postalCode: '100020' },
    segment: 'AFFLUENT',
    relationshipManagerId: 'RM003',
    preferredChannel: 'BRANCH',
    customerSince: '2011-04-07T02:00:00.000Z',
    employer: 'Eastern Pearl Logistics Co., Ltd.',
    accounts: [
      account('CURRENT', 'CNY', '15300.00', '2011-04-07', 'SALARY'),
      account('SAVINGS', 'CNY', '210000.00', '2012-09-12', 'IDLE', 'FROZEN'),
    ],
    finance: { monthlyIncome: cents('35000.00'), monthlyDebtPayments: cents('4000.00'), totalDebt: cents('150000.00'), businessTurnover: null },
    bureau: { score: 640, thinFile: false, openCreditLines: 3, totalCreditLimit: cents('200000.00'), totalOutstanding: cents('150000.00'), monthlyRepayments: cents('4000.00'), delinquencies12m: 0, inquiries6m: 2, worstStatus: 'CURRENT' },
    risk: {
      rating: 'HIGH',
      score: 92,
      amlStatus: 'HIT',
      watchlistHits: [
        { list: 'CN-HIGH-RISK-LIST', matchScore: 0.97, reason: 'Name and identity number match a listed person' },
        { list: 'GLOBAL-SANCTIONS', matchScore: 0.95, reason: 'Name and date of birth match a sanctioned individual' },
      ],
      litigation: [],
    },
  },
  {
    key: 'chenJie',
    id: 'C000003',
    description: 'One OPEN civil litigation case (85000.00 CNY), otherwise an average customer.',
    fullName: 'Chen Jie',
    gender: 'M',
    dateOfBirth: '1985-07-21',
    region: '440106',
    sequence: 215,
    phone: '13800138003',
    address: { line1: 'No. 233 Tianhe Road, Room 1508', city: 'Guangzhou', province: 'Guangdong', postalCode: '510620' },
    segment: 'MASS',
    relationshipManagerId: null,
    preferredChannel: 'MOBILE_APP',
    customerSince: '2016-09-30T02:00:00.000Z',
    employer: 'Changjiang Auto Parts Co., Ltd.',
    accounts: [
      account('CURRENT', 'CNY', '23000.00', '2016-09-30', 'SALARY'),
      account('SAVINGS', 'CNY', '40000.00', '2018-02-26', 'SAVINGS'),
    ],
    finance: { monthlyIncome: cents('15000.00'), monthlyDebtPayments: cents('2500.00'), totalDebt: cents('60000.00'), businessTurnover: null },
    bureau: { score: 655, thinFile: false, openCreditLines: 3, totalCreditLimit: cents('90000.00'), totalOutstanding: cents('60000.00'), monthlyRepayments: cents('2500.00'), delinquencies12m: 1, inquiries6m: 2, worstStatus: 'DPD30' },
    risk: {
      rating: 'MEDIUM',
      score: 48,
      amlStatus: 'CLEAR',
      watchlistHits: [],
      litigation: [
        {
          caseId: '2026-440106-CIV-04711',
          court: "Guangzhou Tianhe District People's Court",
          kind: 'CIVIL',
          status: 'OPEN',
          filedAt: '2026-08-12T02:00:00.000Z',
          amount: cents('85000.00'),
        },
      ],
    },
  },
  {
    key: 'liuYang',
    id: 'C000004',
    description: 'High debt ratio: monthly income 12000.00 CNY, monthly debt payments 9000.00 CNY, 9 open credit lines.',
    fullName: 'Liu Yang',
    gender: 'M',
    dateOfBirth: '1990-05-06',
    region: '510107',
    sequence: 433,
    phone: '13800138004',
    address: { line1: 'No. 57 Renmin South Road, Room 903', city: 'Chengdu', province: 'Sichuan', postalCode: '610041' },
    segment: 'MASS',
    relationshipManagerId: null,
    preferredChannel: 'MINI_PROGRAM',
    customerSince: '2017-02-14T02:00:00.000Z',
    employer: 'Golden Harvest Foods Co., Ltd.',
    accounts: [
      account('CURRENT', 'CNY', '4210.77', '2017-02-14', 'SALARY'),
      account('LOAN', 'CNY', '180000.00', '2024-03-01', 'LOAN'),
    ],
    finance: { monthlyIncome: cents('12000.00'), monthlyDebtPayments: cents('9000.00'), totalDebt: cents('420000.00'), businessTurnover: null },
    bureau: { score: 590, thinFile: false, openCreditLines: 9, totalCreditLimit: cents('520000.00'), totalOutstanding: cents('420000.00'), monthlyRepayments: cents('9000.00'), delinquencies12m: 1, inquiries6m: 6, worstStatus: 'DPD30' },
    risk: { rating: 'MEDIUM', score: 58, amlStatus: 'CLEAR', ...noRisk },
  },
  {
    key: 'sunMei',
    id: 'C000005',
    description: 'Thin file: bureau thinFile true, score null, no credit lines; one young account with few transactions.',
    fullName: 'Sun Mei',
    gender: 'F',
    dateOfBirth: '2003-09-18',
    region: '330106',
    sequence: 28,
    phone: '13800138005',
    address: { line1: 'No. 12 Wensan Road, Room 402', city: 'Hangzhou', province: 'Zhejiang', postalCode: '310012' },
    segment: 'MASS',
    relationshipManagerId: null,
    preferredChannel: 'MINI_PROGRAM',
    customerSince: '2026-07-15T02:00:00.000Z',
    employer: null,
    accounts: [account('CURRENT', 'CNY', '1820.00', '2026-07-15', 'SPARSE')],
    finance: { monthlyIncome: cents('4500.00'), monthlyDebtPayments: cents('0.00'), totalDebt: cents('0.00'), businessTurnover: null },
    bureau: { score: null, thinFile: true, openCreditLines: 0, totalCreditLimit: cents('0.00'), totalOutstanding: cents('0.00'), monthlyRepayments: cents('0.00'), delinquencies12m: 0, inquiries6m: 1, worstStatus: 'CURRENT' },
    risk: { rating: 'LOW', score: 22, amlStatus: 'CLEAR', ...noRisk },
  },
  {
    key: 'zhouMin',
    id: 'C000006',
    description: 'Micro-business owner (SMALL_BUSINESS) with exactly 20 accounts, 2400000.00 CNY yearly turnover and a good record.',
    fullName: 'Zhou Min',
    gender: 'F',
    dateOfBirth: '1976-12-09',
    region: '320506',
    sequence: 186,
    phone: '13800138006',
    address: { line1: 'No. 199 Xinghu Street, Unit 5', city: 'Suzhou', province: 'Jiangsu', postalCode: '215021' },
    segment: 'SMALL_BUSINESS',
    relationshipManagerId: 'RM012',
    preferredChannel: 'WEB',
    customerSince: '2009-05-20T02:00:00.000Z',
    employer: null,
    accounts: [
      account('CURRENT', 'CNY', '268450.60', '2009-05-20', 'BUSINESS'),
      account('CURRENT', 'CNY', '54210.00', '2015-03-02', 'BUSINESS'),
      account('CURRENT', 'USD', '18300.00', '2018-06-11', 'FOREIGN'),
      account('SAVINGS', 'CNY', '150000.00', '2010-01-15', 'SAVINGS'),
      account('SAVINGS', 'CNY', '80000.00', '2012-07-01', 'SAVINGS'),
      account('SAVINGS', 'CNY', '35000.00', '2016-10-10', 'SAVINGS'),
      account('SAVINGS', 'USD', '9000.00', '2019-02-20', 'FOREIGN'),
      account('SAVINGS', 'HKD', '42000.00', '2020-05-05', 'FOREIGN'),
      account('SAVINGS', 'CNY', '0.00', '2011-03-03', 'IDLE', 'CLOSED'),
      account('TIME_DEPOSIT', 'CNY', '50000.00', '2024-01-10', 'TERM'),
      account('TIME_DEPOSIT', 'CNY', '100000.00', '2024-06-18', 'TERM'),
      account('TIME_DEPOSIT', 'CNY', '200000.00', '2025-02-05', 'TERM'),
      account('TIME_DEPOSIT', 'CNY', '80000.00', '2025-09-01', 'TERM'),
      account('TIME_DEPOSIT', 'CNY', '60000.00', '2025-12-15', 'TERM'),
      account('TIME_DEPOSIT', 'CNY', '120000.00', '2026-03-20', 'TERM'),
      account('TIME_DEPOSIT', 'CNY', '75000.00', '2026-06-08', 'TERM'),
      account('TIME_DEPOSIT', 'CNY', '90000.00', '2026-09-25', 'TERM'),
      account('TIME_DEPOSIT', 'USD', '20000.00', '2025-04-30', 'TERM'),
      account('LOAN', 'CNY', '200000.00', '2025-06-01', 'LOAN'),
      account('LOAN', 'CNY', '40000.00', '2023-09-15', 'LOAN'),
    ],
    finance: { monthlyIncome: cents('45000.00'), monthlyDebtPayments: cents('6000.00'), totalDebt: cents('240000.00'), businessTurnover: cents('2400000.00') },
    bureau: { score: 745, thinFile: false, openCreditLines: 4, totalCreditLimit: cents('600000.00'), totalOutstanding: cents('240000.00'), monthlyRepayments: cents('6000.00'), delinquencies12m: 0, inquiries6m: 2, worstStatus: 'CURRENT' },
    risk: { rating: 'LOW', score: 18, amlStatus: 'CLEAR', ...noRisk },
  },
  {
    key: 'liNa',
    id: 'C000007',
    description: 'Politically exposed person: screening returns PARTIAL_MATCH (0.7, pep true), AML REVIEW; for manual review cases.',
    fullName: 'Li Na',
    gender: 'F',
    dateOfBirth: '1968-04-25',
    region: '320106',
    sequence: 62,
    phone: '13800138007',
    address: { line1: 'No. 8 Hunan Road, Room 1801', city: 'Nanjing', province: 'Jiangsu', postalCode: '210008' },
    segment: 'PRIVATE',
    relationshipManagerId: 'RM010',
    preferredChannel: 'PHONE',
    customerSince: '2006-11-11T02:00:00.000Z',
    employer: 'Provincial Development Commission',
    accounts: [
      account('CURRENT', 'CNY', '126000.00', '2006-11-11', 'SALARY'),
      account('SAVINGS', 'CNY', '2600000.00', '2008-03-03', 'SAVINGS'),
      account('SAVINGS', 'HKD', '380000.00', '2014-12-01', 'FOREIGN'),
    ],
    finance: { monthlyIncome: cents('60000.00'), monthlyDebtPayments: cents('0.00'), totalDebt: cents('0.00'), businessTurnover: null },
    bureau: { score: 705, thinFile: false, openCreditLines: 1, totalCreditLimit: cents('100000.00'), totalOutstanding: cents('0.00'), monthlyRepayments: cents('0.00'), delinquencies12m: 0, inquiries6m: 0, worstStatus: 'CURRENT' },
    risk: {
      rating: 'MEDIUM',
      score: 52,
      amlStatus: 'REVIEW',
      watchlistHits: [{ list: 'PEP-REGISTER', matchScore: 0.7, reason: 'Possible politically exposed person (senior public official)' }],
      litigation: [],
    },
  },
  {
    key: 'huangWei',
    id: 'C000008',
    description: 'Finance director and authorised signatory of Huaxin Technology Co., Ltd. (CO000001): a company representative login.',
    fullName: 'Huang Wei',
    gender: 'M',
    dateOfBirth: '1982-08-19',
    region: '310104',
    sequence: 233,
    phone: '13800138008',
    address: { line1: 'No. 1500 Zhangjiang Road, Building 3', city: 'Shanghai', province: 'Shanghai', postalCode: '201203' },
    segment: 'AFFLUENT',
    relationshipManagerId: 'RM001',
    preferredChannel: 'WEB',
    customerSince: '2016-04-12T02:00:00.000Z',
    employer: 'Huaxin Technology Co., Ltd.',
    accounts: [account('CURRENT', 'CNY', '45210.00', '2016-04-12', 'SALARY')],
    finance: { monthlyIncome: cents('36000.00'), monthlyDebtPayments: cents('0.00'), totalDebt: cents('0.00'), businessTurnover: null },
    bureau: { score: 760, thinFile: false, openCreditLines: 1, totalCreditLimit: cents('50000.00'), totalOutstanding: cents('0.00'), monthlyRepayments: cents('0.00'), delinquencies12m: 0, inquiries6m: 0, worstStatus: 'CURRENT' },
    risk: { rating: 'LOW', score: 10, amlStatus: 'CLEAR', ...noRisk },
  },
  {
    key: 'gaoJun',
    id: 'C000009',
    description: 'Legal representative of Jiangnan Trading Co., Ltd. (CO000002): a company representative login.',
    fullName: 'Gao Jun',
    gender: 'M',
    dateOfBirth: '1974-02-03',
    region: '330106',
    sequence: 91,
    phone: '13800138009',
    address: { line1: 'No. 77 Wensan Road, Suite 902', city: 'Hangzhou', province: 'Zhejiang', postalCode: '310012' },
    segment: 'SMALL_BUSINESS',
    relationshipManagerId: 'RM012',
    preferredChannel: 'BRANCH',
    customerSince: '2011-09-30T02:00:00.000Z',
    employer: null,
    accounts: [account('CURRENT', 'CNY', '98300.00', '2011-09-30', 'BUSINESS')],
    finance: { monthlyIncome: cents('52000.00'), monthlyDebtPayments: cents('3000.00'), totalDebt: cents('90000.00'), businessTurnover: cents('18500000.00') },
    bureau: { score: 735, thinFile: false, openCreditLines: 3, totalCreditLimit: cents('300000.00'), totalOutstanding: cents('90000.00'), monthlyRepayments: cents('3000.00'), delinquencies12m: 0, inquiries6m: 2, worstStatus: 'CURRENT' },
    risk: { rating: 'LOW', score: 18, amlStatus: 'CLEAR', ...noRisk },
  },
];

const usernameOf = (fullName: string): string => fullName.toLowerCase().replace(' ', '.');

function toPersona(spec: DemoSpec): Persona {
  const { key: _key, id, region, sequence, description: _description, ...rest } = spec;
  return {
    ...rest,
    customerId: id,
    idNumber: makeIdNumber(region, spec.dateOfBirth, sequence),
    email: `${usernameOf(spec.fullName)}@example.com`,
  };
}

const PERSONAS: ReadonlyMap<string, Persona> = new Map(SPECS.map((spec) => [spec.id, toPersona(spec)]));

/** The demo persona with this id, or `undefined`. Callers must not mutate it. */
export function demoPersona(customerId: string): Persona | undefined {
  return PERSONAS.get(customerId);
}

/** Ids of all demo customers, in order. */
export const DEMO_CUSTOMER_IDS: readonly string[] = SPECS.map((spec) => spec.id);

/**
 * The demo customers by key, e.g. `DEMO_CUSTOMERS.zhaoLei.idNumber`. These facts hold for
 * every seed.
 */
export const DEMO_CUSTOMERS: Readonly<Record<DemoCustomerKey, DemoCustomer>> = Object.freeze(
  Object.fromEntries(
    SPECS.map((spec) => {
      const persona = PERSONAS.get(spec.id) as Persona;
      const demo: DemoCustomer = {
        key: spec.key,
        username: usernameOf(spec.fullName),
        id: spec.id,
        fullName: spec.fullName,
        idNumber: persona.idNumber,
        dateOfBirth: spec.dateOfBirth,
        phone: spec.phone,
        email: persona.email,
        description: spec.description,
      };
      return [spec.key, Object.freeze(demo)];
    }),
  ) as Record<DemoCustomerKey, DemoCustomer>,
);
