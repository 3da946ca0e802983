import { connectionType, type ConnectionValue } from '../../platform/graphql/connection.js';
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
registerEnumType(LoanStatus, {
  name: 'LoanStatus',
  description: 'Where a loan application stands. SUBMITTED → CHECKING → APPROVED / REJECTED / MANUAL_REVIEW; MANUAL_REVIEW ↔ DOCUMENTS_REQUESTED; APPROVED → CONTRACT_SIGNED → DISBURSED. REJECTED, DISBURSED and WITHDRAWN are final.',
  valuesConfig: {
    SUBMITTED: { description: 'Received; checks not yet started.' },
    CHECKING: { description: 'Automatic checks (credit bureau, risk) are running.' },
    APPROVED: { description: 'Approved; `approvedTerms` is set. Next: the customer signs (`signLoanContract`).' },
    REJECTED: { description: 'Declined; see `reasons`. Final.' },
    MANUAL_REVIEW: { description: 'Waiting for or being handled by a reviewer.' },
    DOCUMENTS_REQUESTED: { description: 'A reviewer asked for documents (`requestedDocuments`); upload them with `uploadLoanDocument`.' },
    CONTRACT_SIGNED: { description: 'The customer accepted the terms; the payout is under way.' },
    DISBURSED: { description: 'Paid into the disbursement account. Final.' },
    WITHDRAWN: { description: 'Withdrawn by the customer. Final.' },
  },
});

export enum ActorRole {
  CUSTOMER = 'CUSTOMER',
  REVIEWER = 'REVIEWER',
  SYSTEM = 'SYSTEM',
}
registerEnumType(ActorRole, {
  name: 'ActorRole',
  description: 'Who made a change (never which person).',
  valuesConfig: {
    CUSTOMER: { description: 'The applicant, on any channel.' },
    REVIEWER: { description: 'A bank loan reviewer.' },
    SYSTEM: { description: 'The gateway itself: automatic checks, decisions and payouts.' },
  },
});

@ObjectType({ description: 'Why a decision came out as it did, or what a reviewer should look at.' })
export class DecisionReason {
  @Field(() => String, { description: 'Stable code, e.g. DEBT_TO_INCOME_ABOVE_THRESHOLD.' })
  code!: string;

  @Field(() => String, { description: 'Human-readable explanation; wording may change, so match on `code`.' })
  message!: string;
}

@ObjectType({ description: 'The terms the bank approved; the customer accepts them with `signLoanContract`.' })
export class ApprovedLoanTerms {
  @Field(() => Money, { description: 'Approved principal (decimal string + currency).' })
  amount!: Money;

  @Field(() => Int, { description: 'Approved term in months.' })
  termMonths!: number;

  @Field(() => DecimalScalar, { description: 'Nominal annual interest rate as a decimal fraction string, e.g. "0.0435" for 4.35%.' })
  annualRate!: string;

  @Field(() => Money, { description: 'Monthly annuity instalment (decimal string + currency).' })
  monthlyPayment!: Money;
}

@ObjectType({ description: 'A document supplied for an application (the content is not served back).' })
export class LoanDocument {
  @Field(() => ID, { description: 'Document id.' })
  id!: string;

  @Field(() => String, { description: 'Document code it answers, e.g. INCOME_PROOF.' })
  kind!: string;

  @Field(() => String, { description: 'File name as uploaded.' })
  fileName!: string;

  @Field(() => String, { description: 'MIME type: application/pdf, image/png or image/jpeg.' })
  contentType!: string;

  @Field(() => Int, { description: 'Size of the content in bytes.' })
  sizeBytes!: number;

  @Field(() => String, { description: 'SHA-256 of the content, hex.' })
  sha256!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was uploaded (ISO-8601, UTC).' })
  uploadedAt!: Date;
}

@ObjectType({
  implements: Node,
  description: 'An application for a loan: what was asked, where it stands, and what the decision said so far.',
})
export class LoanApplication {
  @Field(() => ID, { description: 'Opaque global id (Node): pass it to `node(id)` and to every argument that takes this object\'s id.' })
  id!: string;

  @Field(() => String, { description: 'Code of the loan product applied for (see `products(kind: LOAN)`).' })
  productCode!: string;

  @Field(() => Money, { description: 'Amount asked for (decimal string + currency).' })
  amount!: Money;

  @Field(() => Int, { description: 'Term asked for, in months.' })
  termMonths!: number;

  @Field(() => String, { description: 'What the customer said the loan is for.' })
  purpose!: string;

  @Field(() => String, { description: 'The channel it was submitted on; it can be followed from any.' })
  channel!: string;

  @Field(() => LoanStatus, { description: 'Where the application stands now.' })
  status!: LoanStatus;

  @Field(() => Int, { description: 'Sequence number of the latest event: resume subscriptions after it.' })
  seq!: number;

  @Field(() => [DecisionReason], {
    description:
      'Reasons of the automatic decision, as far as you may read the data behind them: credit reasons need credit access, risk and screening reasons risk access. What you may not read shows as one UNABLE_TO_PROCEED (customers) or RESTRICTED (staff).',
  })
  reasons!: DecisionReason[];

  @Field(() => ApprovedLoanTerms, { description: 'The approved terms; null until the application is APPROVED (and kept afterwards).', nullable: true })
  approvedTerms!: ApprovedLoanTerms | null;

  @Field(() => [String], { description: 'Documents the reviewer asked for and not yet supplied.' })
  requestedDocuments!: string[];

  @Field(() => Boolean, { description: 'A reviewer is working on it.' })
  inReview!: boolean;

  @Field(() => GraphQLISODateTime, { description: 'When the application was submitted (ISO-8601, UTC).' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the application last changed (ISO-8601, UTC).' })
  updatedAt!: Date;
}

@ObjectType({ description: 'One change of an application, in order (seq).' })
export class LoanApplicationEvent {
  @Field(() => ID, { description: 'Global id of the application (`LoanApplication.id`).' })
  applicationId!: string;

  @Field(() => Int, { description: "Position of this event in the application's history (increasing); pass the last one seen as `afterSeq` to resume." })
  seq!: number;

  @Field(() => String, { description: 'e.g. SUBMITTED, AUTOMATIC_APPROVED, DOCUMENTS_REQUESTED, CLAIMED.' })
  type!: string;

  @Field(() => LoanStatus, { description: 'The status after this event.' })
  status!: LoanStatus;

  @Field(() => String, { description: 'The reason given with the change (withdrawal, document request, decision, release); null when none.', nullable: true })
  reason!: string | null;

  @Field(() => ActorRole, { description: 'Who made the change (a role, never a person).' })
  actor!: ActorRole;

  @Field(() => GraphQLISODateTime, { description: 'When the change happened (ISO-8601, UTC).' })
  occurredAt!: Date;
}

/** A page of loan applications (Relay connection): `myLoanApplications` newest first, `loanReviewQueue` oldest first. */
export const LoanApplicationConnection = connectionType(LoanApplication, 'LoanApplication', 'loan applications');
export type LoanApplicationConnection = ConnectionValue<LoanApplication>;
