import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLISODateTime } from 'type-graphql';
import { Money } from '../../platform/graphql/money.type.js';
import { DecimalScalar } from '../../platform/graphql/scalars.js';
import { Node } from '../../platform/graphql/relay.js';

export enum LoanStatus {
  SUBMITTED = 'SUBMITTED',
  CHECKING = 'CHECKING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  MANUAL_REVIEW = 'MANUAL_REVIEW',
  DOCUMENTS_REQUESTED = 'DOCUMENTS_REQUESTED',
  CONTRACT_SIGNED = 'CONTRACT_SIGNED',
  DISBURSED = 'DISBURSED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(LoanStatus, { name: 'LoanStatus' });

export enum ActorRole {
  CUSTOMER = 'CUSTOMER',
  REVIEWER = 'REVIEWER',
  SYSTEM = 'SYSTEM',
}
registerEnumType(ActorRole, { name: 'ActorRole', description: 'Who made a change (never which person).' });

@ObjectType({ description: 'Why a decision came out as it did, or what a reviewer should look at.' })
export class DecisionReason {
  @Field(() => String, { description: 'Stable code, e.g. DEBT_TO_INCOME_ABOVE_THRESHOLD.' })
  code!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType()
export class ApprovedLoanTerms {
  @Field(() => Money)
  amount!: Money;

  @Field(() => Int)
  termMonths!: number;

  @Field(() => DecimalScalar)
  annualRate!: string;

  @Field(() => Money)
  monthlyPayment!: Money;
}

@ObjectType({ description: 'A document supplied for an application (the content is not served back).' })
export class LoanDocument {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  kind!: string;

  @Field(() => String)
  fileName!: string;

  @Field(() => String)
  contentType!: string;

  @Field(() => Int)
  sizeBytes!: number;

  @Field(() => String, { description: 'SHA-256 of the content, hex.' })
  sha256!: string;

  @Field(() => GraphQLISODateTime)
  uploadedAt!: Date;
}

@ObjectType({
  implements: Node,
  description: 'An application for a loan: what was asked, where it stands, and what the decision said so far.',
})
export class LoanApplication {
  @Field(() => ID, { description: 'Opaque global id (Node): pass it to `node(id)` and to every argument that takes this object\'s id.' })
  id!: string;

  @Field(() => String)
  productCode!: string;

  @Field(() => Money)
  amount!: Money;

  @Field(() => Int)
  termMonths!: number;

  @Field(() => String)
  purpose!: string;

  @Field(() => String, { description: 'The channel it was submitted on; it can be followed from any.' })
  channel!: string;

  @Field(() => LoanStatus)
  status!: LoanStatus;

  @Field(() => Int, { description: 'Sequence number of the latest event: resume subscriptions after it.' })
  seq!: number;

  @Field(() => [DecisionReason], {
    description:
      'Reasons of the automatic decision, as far as you may read the data behind them: credit reasons need credit access, risk and screening reasons risk access. What you may not read shows as one UNABLE_TO_PROCEED (customers) or RESTRICTED (staff).',
  })
  reasons!: DecisionReason[];

  @Field(() => ApprovedLoanTerms, { nullable: true })
  approvedTerms!: ApprovedLoanTerms | null;

  @Field(() => [String], { description: 'Documents the reviewer asked for and not yet supplied.' })
  requestedDocuments!: string[];

  @Field(() => Boolean, { description: 'A reviewer is working on it.' })
  inReview!: boolean;

  @Field(() => GraphQLISODateTime)
  createdAt!: Date;

  @Field(() => GraphQLISODateTime)
  updatedAt!: Date;
}

@ObjectType({ description: 'One change of an application, in order (seq).' })
export class LoanApplicationEvent {
  @Field(() => ID)
  applicationId!: string;

  @Field(() => Int)
  seq!: number;

  @Field(() => String, { description: 'e.g. SUBMITTED, AUTOMATIC_APPROVED, DOCUMENTS_REQUESTED, CLAIMED.' })
  type!: string;

  @Field(() => LoanStatus, { description: 'The status after this event.' })
  status!: LoanStatus;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => ActorRole)
  actor!: ActorRole;

  @Field(() => GraphQLISODateTime)
  occurredAt!: Date;
}
