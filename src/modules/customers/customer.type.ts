import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLISODateTime } from 'type-graphql';
import { Money } from '../../platform/graphql/money.type.js';
import type { Account as BackendAccount } from '../../adapters/core-banking/core-banking.port.js';
import type { RiskProfile as BackendRiskProfile } from '../../adapters/risk/risk.port.js';
import type { CustomerAccess } from './customers.rules.js';
import { PageInfo } from '../../platform/graphql/connection.js';
import { Node } from '../../platform/graphql/relay.js';

export enum CustomerSegment {
  MASS = 'MASS',
  AFFLUENT = 'AFFLUENT',
  PRIVATE = 'PRIVATE',
  SMALL_BUSINESS = 'SMALL_BUSINESS',
}
registerEnumType(CustomerSegment, {
  name: 'CustomerSegment',
  description: 'The customer segment the bank serves the customer in (CRM).',
  valuesConfig: {
    MASS: { description: 'Mass-market retail customer.' },
    AFFLUENT: { description: 'Affluent retail customer.' },
    PRIVATE: { description: 'Private banking customer.' },
    SMALL_BUSINESS: { description: 'Small business customer.' },
  },
});

export enum AccountKind {
  CURRENT = 'CURRENT',
  SAVINGS = 'SAVINGS',
  TIME_DEPOSIT = 'TIME_DEPOSIT',
  LOAN = 'LOAN',
}
registerEnumType(AccountKind, {
  name: 'AccountKind',
  description: 'The kind of a core banking account.',
  valuesConfig: {
    CURRENT: { description: 'Current (checking) account for day-to-day payments.' },
    SAVINGS: { description: 'Savings account.' },
    TIME_DEPOSIT: { description: 'Fixed-term deposit.' },
    LOAN: { description: 'Loan account: `balance` is the outstanding principal, `available` is 0.' },
  },
});

export enum AccountStatus {
  ACTIVE = 'ACTIVE',
  FROZEN = 'FROZEN',
  CLOSED = 'CLOSED',
}
registerEnumType(AccountStatus, {
  name: 'AccountStatus',
  description: 'Whether an account can be used.',
  valuesConfig: {
    ACTIVE: { description: 'Open and usable.' },
    FROZEN: { description: 'Frozen by the bank: nothing can be spent (`available` is 0).' },
    CLOSED: { description: 'Closed; kept for history only.' },
  },
});

export enum TransactionDirection {
  IN = 'IN',
  OUT = 'OUT',
}
registerEnumType(TransactionDirection, {
  name: 'TransactionDirection',
  description: 'Whether money came into or went out of the account.',
  valuesConfig: {
    IN: { description: 'Credit: money into the account.' },
    OUT: { description: 'Debit: money out of the account.' },
  },
});

export enum RiskRating {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}
registerEnumType(RiskRating, {
  name: 'RiskRating',
  description: "The risk platform's overall rating of a customer.",
  valuesConfig: {
    LOW: { description: 'Low risk.' },
    MEDIUM: { description: 'Medium risk.' },
    HIGH: { description: 'High risk.' },
  },
});

export enum AmlStatus {
  CLEAR = 'CLEAR',
  REVIEW = 'REVIEW',
  HIT = 'HIT',
}
registerEnumType(AmlStatus, {
  name: 'AmlStatus',
  description: 'Anti-money-laundering screening result.',
  valuesConfig: {
    CLEAR: { description: 'Nothing found.' },
    REVIEW: { description: 'Possible match that needs a review.' },
    HIT: { description: 'Confirmed match.' },
  },
});

/** What resolvers pass along: the customer and what the viewer may see of them. */
export interface CustomerRef {
  id: string;
  access: CustomerAccess;
  /**
   * Reads started with the existence check of `customer(id)` for fields the query selects, so that
   * they share its round trip; the fields await these instead of loading again.
   */
  early?: { accounts?: Promise<BackendAccount[] | null>; risk?: Promise<BackendRiskProfile | null> };
}

@ObjectType({
  implements: Node,
  description: 'A customer of the bank, stitched from CRM, core banking, the credit bureau and risk.',
  simpleResolvers: true,
})
export class Customer {
  @Field(() => ID, { description: 'Opaque global id (Node); `customerNumber` is the number people read.' })
  id!: string;
}

@ObjectType({ description: 'A postal address (CRM). Street line and postal code read "***" when the profile is masked.', simpleResolvers: true })
export class PostalAddress {
  @Field(() => String, { description: 'Street address line; "***" when masked.' })
  line1!: string;

  @Field(() => String, { description: 'City.' })
  city!: string;

  @Field(() => String, { description: 'Province.' })
  province!: string;

  @Field(() => String, { description: 'Postal code; "***" when masked.' })
  postalCode!: string;
}

@ObjectType({ description: 'Personal data (CRM). Masked for partners without the profile:pii scope.', simpleResolvers: true })
export class CustomerProfile {
  @Field(() => String, { description: 'Full legal name; masked as `W*** F***` when `masked` is true.' })
  fullName!: string;

  @Field(() => String, { description: 'Mobile number; masked as `138****5678` when `masked` is true.' })
  phone!: string;

  @Field(() => String, { description: 'Email address; masked as `w***@example.com` when `masked` is true.' })
  email!: string;

  @Field(() => String, { description: 'Resident identity number.' })
  idNumber!: string;

  @Field(() => String, { description: 'YYYY-MM-DD (month and day masked for partners).' })
  dateOfBirth!: string;

  @Field(() => PostalAddress, { description: 'Postal address; for masked viewers the street line and postal code read "***".' })
  address!: PostalAddress;

  @Field(() => CustomerSegment, { description: "The bank's customer segment (CRM)." })
  segment!: CustomerSegment;

  @Field(() => String, { description: 'Date the customer relationship began (YYYY-MM-DD).' })
  customerSince!: string;

  @Field(() => Boolean, { description: 'True when personal data is masked for this viewer.' })
  masked!: boolean;
}

@ObjectType({ description: 'The bank employee who looks after the customer (CRM).', simpleResolvers: true })
export class RelationshipManager {
  @Field(() => ID, { description: "The relationship manager's staff id." })
  id!: string;

  @Field(() => String, { description: 'Full name.' })
  name!: string;

  @Field(() => String, { description: 'Work phone number.' })
  phone!: string;

  @Field(() => String, { description: 'Work email address.' })
  email!: string;

  @Field(() => String, { description: 'Branch the relationship manager works at.' })
  branch!: string;
}

@ObjectType({ implements: Node, description: 'A deposit or loan account (core banking).', simpleResolvers: true })
export class Account {
  @Field(() => ID, { description: 'Opaque global id (Node): pass it to `node(id)` and to every argument that takes this object\'s id.' })
  id!: string;

  @Field(() => String, { description: 'Masked to the last four digits for partners.' })
  accountNumber!: string;

  @Field(() => AccountKind, { description: 'What kind of account this is (current, savings, time deposit, loan).' })
  kind!: AccountKind;

  @Field(() => String, { description: 'ISO 4217 currency code of the account, e.g. "CNY".' })
  currency!: string;

  @Field(() => Money, { description: 'Balance as booked in core banking (decimal string + currency); for a LOAN account the outstanding principal, positive.' })
  balance!: Money;

  @Field(() => Money, { description: 'What can be spent now (decimal string + currency); 0 for time deposits, loans, frozen and closed accounts.' })
  available!: Money;

  @Field(() => AccountStatus, { description: 'Whether the account can be used: active, frozen or closed.' })
  status!: AccountStatus;

  @Field(() => GraphQLISODateTime, { description: 'When the account was opened (ISO-8601, UTC).' })
  openedAt!: Date;
}

@ObjectType({ description: 'One booked transaction on an account (core banking).', simpleResolvers: true })
export class Transaction {
  @Field(() => ID, { description: 'Core banking transaction id.' })
  id!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the transaction was booked (ISO-8601, UTC).' })
  bookedAt!: Date;

  @Field(() => TransactionDirection, { description: 'IN for money credited to the account, OUT for money debited.' })
  direction!: TransactionDirection;

  @Field(() => Money, { description: 'Amount moved, always positive; see `direction` (decimal string + currency).' })
  amount!: Money;

  @Field(() => Money, { description: 'Account balance right after this transaction (decimal string + currency).' })
  balanceAfter!: Money;

  @Field(() => String, { description: 'Name of the other party as core banking records it.' })
  counterparty!: string;

  @Field(() => String, { description: 'Free-text description (statement text).' })
  description!: string;

  @Field(() => String, { description: 'Channel the transaction came through, as core banking names it.' })
  channel!: string;
}

@ObjectType({ description: 'One transaction in a page, with its cursor.', simpleResolvers: true })
export class TransactionEdge {
  @Field(() => String, { description: 'Opaque cursor; pass it as `after` to get the transactions after this one.' })
  cursor!: string;

  @Field(() => Transaction, { description: 'The transaction.' })
  node!: Transaction;
}

@ObjectType({ description: 'Transactions, newest first (Relay connection).', simpleResolvers: true })
export class TransactionConnection {
  @Field(() => [TransactionEdge], { description: 'This page of transactions, newest first.' })
  edges!: TransactionEdge[];

  @Field(() => PageInfo, { description: 'Cursor of the last edge and whether there are more.' })
  pageInfo!: PageInfo;
}

@ObjectType({ description: "Summary of the customer's credit bureau report." })
export class CreditProfile {
  @Field(() => Int, { nullable: true, description: 'Null for a thin file.' })
  score!: number | null;

  @Field(() => Boolean, { description: 'True when the bureau holds too little history to score; `score` is then null.' })
  thinFile!: boolean;

  @Field(() => Int, { description: 'Number of open credit lines at all lenders.' })
  openCreditLines!: number;

  @Field(() => Money, { description: 'Sum of the limits of the open credit lines (decimal string + currency).' })
  totalCreditLimit!: Money;

  @Field(() => Money, { description: 'Total amount owed on the open credit lines (decimal string + currency).' })
  totalOutstanding!: Money;

  @Field(() => Money, { description: 'Total monthly repayments across lenders (decimal string + currency).' })
  monthlyRepayments!: Money;

  @Field(() => Int, { description: 'Number of late payments in the last 12 months.' })
  delinquencies12m!: number;

  @Field(() => Int, { description: 'Number of credit inquiries in the last 6 months.' })
  inquiries6m!: number;

  @Field(() => String, { description: 'Worst repayment status on record, as the bureau reports it.' })
  worstStatus!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the bureau produced the report.' })
  reportDate!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the bank bought it; reused while fresh.' })
  fetchedAt!: Date;
}

@ObjectType({ description: 'A match of the customer against a sanctions or watch list (risk platform). Staff only.' })
export class WatchlistHit {
  @Field(() => String, { description: 'Name of the list that matched.' })
  list!: string;

  @Field(() => String, { description: 'Match score 0..1 as a decimal string.' })
  matchScore!: string;

  @Field(() => String, { description: 'Why the risk platform reports the match.' })
  reason!: string;
}

@ObjectType({ description: 'A court case involving the customer (risk platform). Staff only.' })
export class LitigationRecord {
  @Field(() => ID, { description: 'Court case number.' })
  caseId!: string;

  @Field(() => String, { description: 'Court the case is filed with.' })
  court!: string;

  @Field(() => String, { description: 'Kind of case, as the risk platform reports it.' })
  kind!: string;

  @Field(() => String, { description: 'Status of the case, as the risk platform reports it.' })
  status!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the case was filed (ISO-8601, UTC).' })
  filedAt!: Date;

  @Field(() => Money, { description: 'Amount in dispute (decimal string + currency).' })
  amount!: Money;
}

@ObjectType({ description: 'Risk platform view. Bank staff (reviewers, risk officers) only.' })
export class RiskProfile {
  @Field(() => RiskRating, { description: 'Overall risk rating.' })
  rating!: RiskRating;

  @Field(() => Int, { description: '0-100, higher is riskier.' })
  score!: number;

  @Field(() => AmlStatus, { description: 'Anti-money-laundering screening result.' })
  amlStatus!: AmlStatus;

  @Field(() => [WatchlistHit], { description: 'Watch-list matches; empty when there are none.' })
  watchlistHits!: WatchlistHit[];

  @Field(() => [LitigationRecord], { description: 'Court cases on record; empty when there are none.' })
  litigation!: LitigationRecord[];
}
