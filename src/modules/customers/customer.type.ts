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
registerEnumType(CustomerSegment, { name: 'CustomerSegment' });

export enum AccountKind {
  CURRENT = 'CURRENT',
  SAVINGS = 'SAVINGS',
  TIME_DEPOSIT = 'TIME_DEPOSIT',
  LOAN = 'LOAN',
}
registerEnumType(AccountKind, { name: 'AccountKind' });

export enum AccountStatus {
  ACTIVE = 'ACTIVE',
  FROZEN = 'FROZEN',
  CLOSED = 'CLOSED',
}
registerEnumType(AccountStatus, { name: 'AccountStatus' });

export enum TransactionDirection {
  IN = 'IN',
  OUT = 'OUT',
}
registerEnumType(TransactionDirection, { name: 'TransactionDirection' });

export enum RiskRating {
  LOW = 'LOW',
  MEDIUM = 'MEDIUM',
  HIGH = 'HIGH',
}
registerEnumType(RiskRating, { name: 'RiskRating' });

export enum AmlStatus {
  CLEAR = 'CLEAR',
  REVIEW = 'REVIEW',
  HIT = 'HIT',
}
registerEnumType(AmlStatus, { name: 'AmlStatus' });

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

@ObjectType({ simpleResolvers: true })
export class PostalAddress {
  @Field(() => String)
  line1!: string;

  @Field(() => String)
  city!: string;

  @Field(() => String)
  province!: string;

  @Field(() => String)
  postalCode!: string;
}

@ObjectType({ description: 'Personal data (CRM). Masked for partners without the profile:pii scope.', simpleResolvers: true })
export class CustomerProfile {
  @Field(() => String)
  fullName!: string;

  @Field(() => String)
  phone!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String, { description: 'Resident identity number.' })
  idNumber!: string;

  @Field(() => String, { description: 'YYYY-MM-DD (month and day masked for partners).' })
  dateOfBirth!: string;

  @Field(() => PostalAddress)
  address!: PostalAddress;

  @Field(() => CustomerSegment)
  segment!: CustomerSegment;

  @Field(() => String)
  customerSince!: string;

  @Field(() => Boolean, { description: 'True when personal data is masked for this viewer.' })
  masked!: boolean;
}

@ObjectType({ simpleResolvers: true })
export class RelationshipManager {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  phone!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  branch!: string;
}

@ObjectType({ implements: Node, description: 'A deposit or loan account (core banking).', simpleResolvers: true })
export class Account {
  @Field(() => ID, { description: 'Opaque global id (Node): pass it to `node(id)` and to every argument that takes this object\'s id.' })
  id!: string;

  @Field(() => String, { description: 'Masked to the last four digits for partners.' })
  accountNumber!: string;

  @Field(() => AccountKind)
  kind!: AccountKind;

  @Field(() => String)
  currency!: string;

  @Field(() => Money)
  balance!: Money;

  @Field(() => Money)
  available!: Money;

  @Field(() => AccountStatus)
  status!: AccountStatus;

  @Field(() => GraphQLISODateTime)
  openedAt!: Date;
}

@ObjectType()
export class Transaction {
  @Field(() => ID)
  id!: string;

  @Field(() => GraphQLISODateTime)
  bookedAt!: Date;

  @Field(() => TransactionDirection)
  direction!: TransactionDirection;

  @Field(() => Money)
  amount!: Money;

  @Field(() => Money)
  balanceAfter!: Money;

  @Field(() => String)
  counterparty!: string;

  @Field(() => String)
  description!: string;

  @Field(() => String)
  channel!: string;
}

@ObjectType()
export class TransactionEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Transaction)
  node!: Transaction;
}

@ObjectType({ description: 'Transactions, newest first (Relay connection).' })
export class TransactionConnection {
  @Field(() => [TransactionEdge])
  edges!: TransactionEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType({ description: "Summary of the customer's credit bureau report." })
export class CreditProfile {
  @Field(() => Int, { nullable: true, description: 'Null for a thin file.' })
  score!: number | null;

  @Field(() => Boolean)
  thinFile!: boolean;

  @Field(() => Int)
  openCreditLines!: number;

  @Field(() => Money)
  totalCreditLimit!: Money;

  @Field(() => Money)
  totalOutstanding!: Money;

  @Field(() => Money)
  monthlyRepayments!: Money;

  @Field(() => Int)
  delinquencies12m!: number;

  @Field(() => Int)
  inquiries6m!: number;

  @Field(() => String)
  worstStatus!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the bureau produced the report.' })
  reportDate!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the bank bought it; reused while fresh.' })
  fetchedAt!: Date;
}

@ObjectType()
export class WatchlistHit {
  @Field(() => String)
  list!: string;

  @Field(() => String, { description: 'Match score 0..1 as a decimal string.' })
  matchScore!: string;

  @Field(() => String)
  reason!: string;
}

@ObjectType()
export class LitigationRecord {
  @Field(() => ID)
  caseId!: string;

  @Field(() => String)
  court!: string;

  @Field(() => String)
  kind!: string;

  @Field(() => String)
  status!: string;

  @Field(() => GraphQLISODateTime)
  filedAt!: Date;

  @Field(() => Money)
  amount!: Money;
}

@ObjectType({ description: 'Risk platform view. Bank staff (reviewers, risk officers) only.' })
export class RiskProfile {
  @Field(() => RiskRating)
  rating!: RiskRating;

  @Field(() => Int, { description: '0-100, higher is riskier.' })
  score!: number;

  @Field(() => AmlStatus)
  amlStatus!: AmlStatus;

  @Field(() => [WatchlistHit])
  watchlistHits!: WatchlistHit[];

  @Field(() => [LitigationRecord])
  litigation!: LitigationRecord[];
}
