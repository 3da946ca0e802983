/**
 * Generated transaction history of one account. Events are drawn month by month, then the
 * balances are walked backwards from the account's current balance, so the newest
 * `balanceAfter` always equals the account balance and no deposit balance ever goes negative.
 */
import { randomFor, type Random } from '../lib/random.js';
import { BIG_TICKET_MERCHANTS, BILLERS, BUSINESS_CUSTOMERS, MERCHANTS, SUPPLIERS } from './names.js';
import { HISTORY_END, HISTORY_MONTHS, type AccountSeed, type Persona } from './persona.js';
import type { Direction, TransactionChannel } from './types.js';

/** A booked transaction, money in cents of the account currency. */
export interface LedgerEntry {
  transactionId: string;
  accountId: string;
  bookedAt: string;
  direction: Direction;
  amount: bigint;
  balanceAfter: bigint;
  counterparty: string;
  description: string;
  channel: TransactionChannel;
}

interface LedgerEvent {
  at: number;
  direction: Direction;
  /** `null` means "whatever brings the earlier balance to zero" (an opening deposit or drawdown). */
  amount: bigint | null;
  counterparty: string;
  description: string;
  channel: TransactionChannel;
}

const END_MS = Date.parse(HISTORY_END);
const START = new Date(END_MS);
START.setUTCMonth(START.getUTCMonth() - HISTORY_MONTHS);
const START_MS = START.getTime();
const YUAN = 100n;
/** Purchases from this amount on go to merchants where such sums are plausible. */
const BIG_TICKET = 800n * YUAN;

interface Month {
  year: number;
  /** 0-based. */
  month: number;
  label: string;
}

function historyMonths(): Month[] {
  const months: Month[] = [];
  for (let i = 0; i < HISTORY_MONTHS; i += 1) {
    const d = new Date(START_MS);
    d.setUTCMonth(d.getUTCMonth() + i);
    const year = d.getUTCFullYear();
    const month = d.getUTCMonth();
    months.push({ year, month, label: `${year}-${String(month + 1).padStart(2, '0')}` });
  }
  return months;
}

const MONTHS = historyMonths();

function at(m: Month, day: number, hourUtc: number, minute: number): number {
  return Date.UTC(m.year, m.month, day, hourUtc, minute);
}

/** A daytime moment (08:00–22:59 Beijing time) on a random day of the month. */
function anyTime(r: Random, m: Month): number {
  return at(m, r.int(1, 28), r.int(0, 14), r.int(0, 59));
}

function yuan(r: Random, min: number, max: number): bigint {
  return BigInt(r.int(min, max)) * YUAN + BigInt(r.int(0, 99));
}

/** The monthly amount a salaried persona moves from current to savings account; 0 when it has no savings account. */
export function monthlySaving(seed: number, persona: Persona): bigint {
  const hasSalary = persona.accounts.some((a) => a.flow === 'SALARY');
  const hasSavings = persona.accounts.some((a) => a.flow === 'SAVINGS' && a.currency === 'CNY');
  if (!hasSalary || !hasSavings) return 0n;
  const percent = randomFor(seed, 'saving', persona.customerId).int(10, 20);
  return ((persona.finance.monthlyIncome * BigInt(percent)) / 100n / (100n * YUAN)) * (100n * YUAN);
}

function salaryEvents(r: Random, persona: Persona, saving: bigint): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  const income = persona.finance.monthlyIncome;
  const debt = persona.finance.monthlyDebtPayments;
  for (const m of MONTHS) {
    if (income > 0n) {
      events.push({ at: at(m, 10, 1, r.int(0, 59)), direction: 'IN', amount: income, counterparty: persona.employer ?? 'Payroll', description: `Salary ${m.label}`, channel: 'BATCH' });
    }
    if (saving > 0n) {
      events.push({ at: at(m, 11, 2, r.int(0, 59)), direction: 'OUT', amount: saving, counterparty: persona.fullName, description: 'Transfer to own savings account', channel: 'MOBILE' });
    }
    if (debt > 0n) {
      events.push({ at: at(m, 15, 0, r.int(0, 59)), direction: 'OUT', amount: debt, counterparty: 'Consumer credit repayment', description: 'Loan and card repayments', channel: 'BATCH' });
    }
    let bills = 0n;
    for (const biller of BILLERS) {
      if (!r.chance(0.7)) continue;
      const amount = yuan(r, biller.min, biller.max);
      bills += amount;
      events.push({ at: at(m, r.int(3, 8), r.int(0, 12), r.int(0, 59)), direction: 'OUT', amount, counterparty: biller.name, description: biller.description, channel: 'ONLINE' });
    }
    // Spending tracks what is left of the salary, so the balance drifts rather than trends.
    const spend = ((income - saving - debt - bills) * BigInt(r.int(90, 104))) / 100n;
    if (spend > 0n) {
      const housing = (spend * BigInt(r.int(30, 40))) / 100n;
      events.push({ at: at(m, 5, 1, r.int(0, 59)), direction: 'OUT', amount: housing, counterparty: 'Property Services Centre', description: 'Rent and property fees', channel: 'ONLINE' });
      for (const part of r.split(spend - housing, r.int(12, 24))) {
        const merchant = r.pick(part >= BIG_TICKET ? BIG_TICKET_MERCHANTS : MERCHANTS);
        events.push({ at: anyTime(r, m), direction: 'OUT', amount: part, counterparty: merchant.name, description: merchant.description, channel: merchant.channel });
      }
    }
  }
  return events;
}

function savingsEvents(r: Random, persona: Persona, account: AccountSeed, saving: bigint, primary: boolean): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  for (const m of MONTHS) {
    if (primary && saving > 0n) {
      events.push({ at: at(m, 11, 2, r.int(0, 59)), direction: 'IN', amount: saving, counterparty: persona.fullName, description: 'Transfer from own current account', channel: 'MOBILE' });
    } else if (r.chance(0.3)) {
      events.push({ at: anyTime(r, m), direction: 'IN', amount: yuan(r, 1000, 10000), counterparty: persona.fullName, description: 'Cash deposit', channel: 'BRANCH' });
    }
    if (m.month % 3 === 2) {
      // 0.15% a year, paid quarterly.
      const interest = (account.balance * 15n) / 40_000n;
      if (interest > 0n) events.push({ at: at(m, 21, 0, 5), direction: 'IN', amount: interest, counterparty: 'Interest', description: 'Quarterly interest', channel: 'BATCH' });
    }
    if (r.chance(0.12)) {
      const amount = (account.balance * BigInt(r.int(1, 5))) / 100n;
      events.push({ at: anyTime(r, m), direction: 'OUT', amount, counterparty: persona.fullName, description: 'Withdrawal', channel: r.pick(['MOBILE', 'BRANCH'] as const) });
    }
  }
  return events;
}

function foreignEvents(r: Random, persona: Persona, account: AccountSeed): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  for (const m of MONTHS) {
    if (r.chance(0.15)) {
      events.push({ at: anyTime(r, m), direction: 'IN', amount: yuan(r, 300, 3000), counterparty: persona.fullName, description: `FX purchase (${account.currency})`, channel: 'MOBILE' });
    }
    if (r.chance(0.08)) {
      events.push({ at: anyTime(r, m), direction: 'OUT', amount: yuan(r, 100, 1500), counterparty: r.pick(['Booking.com', 'Duty Free Shop', 'Overseas tuition']), description: 'Card payment abroad', channel: 'POS' });
    }
    if (m.month % 3 === 2) {
      const interest = (account.balance * 5n) / 40_000n;
      if (interest > 0n) events.push({ at: at(m, 21, 0, 5), direction: 'IN', amount: interest, counterparty: 'Interest', description: 'Quarterly interest', channel: 'BATCH' });
    }
  }
  return events;
}

function businessEvents(r: Random, persona: Persona, share: bigint): LedgerEvent[] {
  const events: LedgerEvent[] = [];
  const monthlyTurnover = ((persona.finance.businessTurnover ?? 0n) * share) / 100n / 12n;
  if (monthlyTurnover <= 0n) return events;
  for (const m of MONTHS) {
    const receipts = (monthlyTurnover * BigInt(r.int(85, 115))) / 100n;
    for (const part of r.split(receipts, r.int(10, 18))) {
      events.push({ at: anyTime(r, m), direction: 'IN', amount: part, counterparty: r.pick(BUSINESS_CUSTOMERS), description: 'Sales receipt', channel: r.pick(['ONLINE', 'POS'] as const) });
    }
    const outflow = (receipts * BigInt(r.int(92, 104))) / 100n;
    const rent = (outflow * 8n) / 100n;
    const wages = (outflow * 20n) / 100n;
    const tax = (outflow * 3n) / 100n;
    events.push({ at: at(m, 1, 1, 30), direction: 'OUT', amount: rent, counterparty: 'Landlord', description: 'Shop rent', channel: 'ONLINE' });
    events.push({ at: at(m, 10, 2, 0), direction: 'OUT', amount: wages, counterparty: 'Payroll', description: 'Staff wages', channel: 'BATCH' });
    events.push({ at: at(m, 15, 3, 0), direction: 'OUT', amount: tax, counterparty: 'State Taxation Administration', description: 'VAT payment', channel: 'ONLINE' });
    for (const part of r.split(outflow - rent - wages - tax, r.int(4, 8))) {
      events.push({ at: anyTime(r, m), direction: 'OUT', amount: part, counterparty: r.pick(SUPPLIERS), description: 'Supplier payment', channel: 'ONLINE' });
    }
  }
  return events;
}

function loanEvents(r: Random, persona: Persona, account: AccountSeed): LedgerEvent[] {
  const instalment = account.balance / BigInt(r.int(24, 96));
  if (instalment <= 0n) return [];
  return MONTHS.map((m) => ({
    at: at(m, 15, 0, 30),
    direction: 'IN' as const,
    amount: instalment,
    counterparty: persona.fullName,
    description: 'Scheduled loan repayment',
    channel: 'BATCH' as const,
  }));
}

function sparseEvents(r: Random, persona: Persona, openedMs: number): LedgerEvent[] {
  const from = Math.max(openedMs, START_MS);
  const span = END_MS - from;
  const count = r.int(3, 6);
  const events: LedgerEvent[] = [];
  for (let i = 0; i < count; i += 1) {
    const when = from + Math.floor(((i + r.next()) / count) * span);
    events.push(
      i % 3 === 0
        ? { at: when, direction: 'IN', amount: yuan(r, 500, 3000), counterparty: persona.fullName, description: 'Transfer from Alipay', channel: 'MOBILE' }
        : { at: when, direction: 'OUT', amount: yuan(r, 15, 300), counterparty: r.pick(MERCHANTS).name, description: 'Purchase', channel: 'MOBILE' },
    );
  }
  return events;
}

/**
 * Generates the transaction history of an account over the 12 months before
 * {@link HISTORY_END}, newest first.
 */
export function generateLedger(seed: number, account: AccountSeed, persona: Persona): LedgerEntry[] {
  const r = randomFor(seed, 'ledger', account.accountId);
  const openedMs = Date.parse(account.openedAt);
  const saving = monthlySaving(seed, persona);
  let events: LedgerEvent[];
  switch (account.flow) {
    case 'SALARY':
      events = salaryEvents(r, persona, saving);
      break;
    case 'SAVINGS': {
      const primary = persona.accounts.findIndex((a) => a.flow === 'SAVINGS' && a.currency === 'CNY');
      events = savingsEvents(r, persona, account, saving, primary === account.ordinal - 1);
      break;
    }
    case 'FOREIGN':
      events = foreignEvents(r, persona, account);
      break;
    case 'BUSINESS': {
      const businessAccounts = persona.accounts.filter((a) => a.flow === 'BUSINESS').length;
      const isFirst = persona.accounts.findIndex((a) => a.flow === 'BUSINESS') === account.ordinal - 1;
      const share = businessAccounts <= 1 ? 100n : isFirst ? 80n : 20n / BigInt(businessAccounts - 1);
      events = businessEvents(r, persona, share);
      break;
    }
    case 'LOAN':
      events = loanEvents(r, persona, account);
      break;
    case 'SPARSE':
      events = sparseEvents(r, persona, openedMs);
      break;
    case 'TERM':
    case 'IDLE':
      events = [];
      break;
  }
  if (account.flow !== 'IDLE' && openedMs >= START_MS && openedMs < END_MS) {
    const loan = account.kind === 'LOAN';
    events.push({
      at: openedMs,
      direction: loan ? 'OUT' : 'IN',
      amount: null,
      counterparty: persona.fullName,
      description: loan ? 'Loan drawdown' : account.kind === 'TIME_DEPOSIT' ? 'Time deposit placement' : 'Opening deposit',
      channel: 'BRANCH',
    });
  }

  const inWindow = events
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => event.at >= Math.max(openedMs, START_MS) && event.at < END_MS)
    // Stable order for equal timestamps keeps ids deterministic.
    .sort((a, b) => a.event.at - b.event.at || a.index - b.index)
    .map(({ event }) => event);

  const newestFirst: Omit<LedgerEntry, 'transactionId'>[] = [];
  let balance = account.balance;
  for (let i = inWindow.length - 1; i >= 0; i -= 1) {
    const event = inWindow[i];
    if (!event) continue;
    // Deposits grow with IN; a loan's outstanding grows with a drawdown (OUT) and shrinks with repayments (IN).
    const grows = account.kind === 'LOAN' ? event.direction === 'OUT' : event.direction === 'IN';
    let amount = event.amount ?? balance;
    if (grows && amount > balance) amount = balance;
    if (amount <= 0n) continue;
    newestFirst.push({
      accountId: account.accountId,
      bookedAt: new Date(event.at).toISOString(),
      direction: event.direction,
      amount,
      balanceAfter: balance,
      counterparty: event.counterparty,
      description: event.description,
      channel: event.channel,
    });
    balance = grows ? balance - amount : balance + amount;
  }
  const count = newestFirst.length;
  return newestFirst.map((entry, i) => ({
    ...entry,
    transactionId: `${account.accountId}-T${String(count - i).padStart(5, '0')}`,
  }));
}
