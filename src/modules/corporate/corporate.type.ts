import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType, type ConnectionValue } from '../../platform/graphql/connection.js';
import { Money } from '../../platform/graphql/money.type.js';

export enum CorporateRequestKind {
  BILL_DISCOUNTING = 'BILL_DISCOUNTING',
  LETTER_OF_GUARANTEE = 'LETTER_OF_GUARANTEE',
}
registerEnumType(CorporateRequestKind, {
  name: 'CorporateRequestKind',
  description: 'Corporate business reviewed online by an expert and signed at a branch.',
  valuesConfig: {
    BILL_DISCOUNTING: { description: 'The bank buys a bill before maturity; needs the BILL and TRADE_CONTRACT documents.' },
    LETTER_OF_GUARANTEE: { description: 'The bank guarantees the company to a beneficiary; needs the UNDERLYING_CONTRACT document.' },
  },
});

export enum CorporateRequestStatus {
  IN_REVIEW = 'IN_REVIEW',
  DOCUMENTS_REQUESTED = 'DOCUMENTS_REQUESTED',
  APPROVED = 'APPROVED',
  RETURNED = 'RETURNED',
  WITHDRAWN = 'WITHDRAWN',
  DONE = 'DONE',
}
registerEnumType(CorporateRequestStatus, {
  name: 'CorporateRequestStatus',
  description: 'Where a corporate request is. IN_REVIEW → DOCUMENTS_REQUESTED | APPROVED | RETURNED | WITHDRAWN; APPROVED → DONE.',
  valuesConfig: {
    IN_REVIEW: { description: 'In the expert queue (possibly waiting for a second approval).' },
    DOCUMENTS_REQUESTED: { description: 'The expert asked for the documents in requestedDocuments: upload them.' },
    APPROVED: { description: 'Approved (see conditions): a representative signs at a branch to finish it.' },
    RETURNED: { description: 'Returned with reasons (returnReasons); final, a new request may be submitted.' },
    WITHDRAWN: { description: 'Withdrawn by the company; final.' },
    DONE: { description: 'Signed at the branch; final.' },
  },
});

export enum CorporateActor {
  REPRESENTATIVE = 'REPRESENTATIVE',
  STAFF = 'STAFF',
  SYSTEM = 'SYSTEM',
}
registerEnumType(CorporateActor, {
  name: 'CorporateActor',
  description: 'Who made a change: the company side, the bank (an expert or teller, never which person) or the system.',
  valuesConfig: {
    REPRESENTATIVE: { description: 'A representative of the company.' },
    STAFF: { description: 'The bank: an expert or a teller.' },
    SYSTEM: { description: 'The gateway itself.' },
  },
});

export enum GuidanceStatus {
  OPEN = 'OPEN',
  APPROVED = 'APPROVED',
  RETURNED = 'RETURNED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(GuidanceStatus, {
  name: 'ExpertGuidanceStatus',
  description: 'Where an expert-guidance case is. OPEN → APPROVED | RETURNED | CANCELLED.',
  valuesConfig: {
    OPEN: { description: 'In the expert queue (claimed or not).' },
    APPROVED: { description: 'The expert approves the business, under the conditions given.' },
    RETURNED: { description: 'The expert advises against it, with reasons.' },
    CANCELLED: { description: 'The teller withdrew the case.' },
  },
});

@ObjectType({ description: 'The bill a discounting request is about.' })
export class BillDetails {
  @Field(() => String, { description: 'The bill number as printed on it.' })
  billNumber!: string;

  @Field(() => String, { description: 'The accepting bank or company.' })
  acceptor!: string;

  @Field(() => String, { description: 'Maturity date, YYYY-MM-DD.' })
  maturityDate!: string;
}

@ObjectType({ description: 'The terms of a requested letter of guarantee.' })
export class GuaranteeDetails {
  @Field(() => String, { description: 'Who the guarantee is in favour of.' })
  beneficiary!: string;

  @Field(() => String, { description: 'BID, PERFORMANCE, ADVANCE_PAYMENT or PAYMENT.' })
  guaranteeType!: string;

  @Field(() => String, { description: 'Expiry date, YYYY-MM-DD.' })
  expiryDate!: string;
}

@ObjectType({ description: 'Who signed a corporate request at the branch (verified by the teller and identity verification).' })
export class BranchSignatureInfo {
  @Field(() => String, { description: 'Full name of the person who signed for the company.' })
  signatoryName!: string;

  @Field(() => String, { description: 'Their role at the company: LEGAL_REPRESENTATIVE or AUTHORISED_SIGNATORY.' })
  relation!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the signature was recorded.' })
  signedAt!: Date;
}

@ObjectType({ description: 'A document of a corporate request (the content is not served back).' })
export class CorporateDocument {
  @Field(() => ID, { description: 'Document id.' })
  id!: string;

  @Field(() => String, { description: 'Document code, e.g. TRADE_CONTRACT.' })
  kind!: string;

  @Field(() => String, { description: 'The file name as uploaded (made safe).' })
  fileName!: string;

  @Field(() => String, { description: 'application/pdf, image/png or image/jpeg.' })
  contentType!: string;

  @Field(() => Int, { description: 'Size in bytes.' })
  sizeBytes!: number;

  @Field(() => String, { description: 'SHA-256 of the content, hex.' })
  sha256!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was uploaded.' })
  uploadedAt!: Date;
}

@ObjectType({ description: 'A bill discounting or letter of guarantee request of a company: expert review online, signature at a branch.' })
export class CorporateRequest {
  @Field(() => ID, { description: 'Request id.' })
  id!: string;

  @Field(() => String, { description: 'The company (CRM company id, e.g. CO000001).' })
  companyId!: string;

  @Field(() => CorporateRequestKind, { description: 'What is requested.' })
  kind!: CorporateRequestKind;

  @Field(() => Money, { description: 'Face value of the bill, or the guaranteed amount.' })
  amount!: Money;

  @Field(() => String, { description: 'The company account proceeds go to or fees are charged to.' })
  settlementAccountId!: string;

  @Field(() => String, { description: 'What the business is for.' })
  purpose!: string;

  @Field(() => BillDetails, { nullable: true, description: 'The bill (BILL_DISCOUNTING only).' })
  bill!: BillDetails | null;

  @Field(() => GuaranteeDetails, { nullable: true, description: 'The guarantee terms (LETTER_OF_GUARANTEE only).' })
  guarantee!: GuaranteeDetails | null;

  @Field(() => CorporateRequestStatus, { description: 'Current status; follow it with corporateRequestUpdated.' })
  status!: CorporateRequestStatus;

  @Field(() => Int, { description: 'Seq of the latest event: resume corporateRequestUpdated after it.' })
  seq!: number;

  @Field(() => [String], { description: 'Document codes the expert asked for and not yet uploaded.' })
  requestedDocuments!: string[];

  @Field(() => [String], { description: 'Conditions the approval comes with (empty until approved, or with none).' })
  conditions!: string[];

  @Field(() => [String], { description: 'Why the request was returned (RETURNED only).' })
  returnReasons!: string[];

  @Field(() => Boolean, { description: 'An expert is working on it now.' })
  inReview!: boolean;

  @Field(() => Boolean, { description: 'One expert approved; a second, different one must approve too (four eyes).' })
  awaitingSecondApproval!: boolean;

  @Field(() => BranchSignatureInfo, { nullable: true, description: 'The branch signature (DONE only).' })
  branchSignature!: BranchSignatureInfo | null;

  @Field(() => String, { description: 'Channel it was submitted on.' })
  channel!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was submitted.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When it last changed.' })
  updatedAt!: Date;
}

@ObjectType({ description: 'One change of a corporate request, from its event log.' })
export class CorporateRequestEvent {
  @Field(() => ID, { description: 'The request.' })
  requestId!: string;

  @Field(() => Int, { description: 'Position in the request stream; pass the last seen as afterSeq to resume.' })
  seq!: number;

  @Field(() => String, { description: 'SUBMITTED, CLAIMED, CLAIM_RELEASED, DOCUMENTS_REQUESTED, DOCUMENT_UPLOADED, DOCUMENTS_RECEIVED, FIRST_APPROVAL, APPROVED, RETURNED, WITHDRAWN, SIGNED_AT_BRANCH.' })
  type!: string;

  @Field(() => CorporateRequestStatus, { description: 'Status after the change.' })
  status!: CorporateRequestStatus;

  @Field(() => String, { nullable: true, description: 'The reason or note given with the change, if any.' })
  reason!: string | null;

  @Field(() => CorporateActor, { description: 'Which side made the change.' })
  actor!: CorporateActor;

  @Field(() => GraphQLISODateTime, { description: 'When it happened.' })
  occurredAt!: Date;
}

@ObjectType({ description: 'A company account in core banking.' })
export class CompanyAccount {
  @Field(() => ID, { description: 'Account id, for settlementAccountId.' })
  accountId!: string;

  @Field(() => String, { description: 'Account number, masked to the last 4 digits.' })
  maskedNumber!: string;

  @Field(() => String, { description: 'SETTLEMENT or DEPOSIT.' })
  kind!: string;

  @Field(() => Money, { description: 'Current balance.' })
  balance!: Money;

  @Field(() => String, { description: 'ACTIVE or FROZEN; only ACTIVE accounts can settle a request.' })
  status!: string;
}

@ObjectType({ description: 'A company the signed-in person may act for.' })
export class Company {
  @Field(() => ID, { description: 'CRM company id, e.g. CO000001.' })
  companyId!: string;

  @Field(() => String, { description: 'Registered name.' })
  name!: string;

  @Field(() => String, { description: 'Unified social credit code.' })
  registrationNumber!: string;

  @Field(() => String, { description: 'Industry as registered.' })
  industry!: string;

  @Field(() => String, { description: 'Your role: LEGAL_REPRESENTATIVE or AUTHORISED_SIGNATORY.' })
  relation!: string;
}

@ObjectType({ description: 'Branch business a teller handed to the expert queue, and the expert decision.' })
export class ExpertGuidanceCase {
  @Field(() => ID, { description: 'Case id.' })
  id!: string;

  @Field(() => String, { description: 'What kind of business, e.g. CORPORATE_ACCOUNT_OPENING.' })
  kind!: string;

  @Field(() => String, { description: 'What it is about: e.g. a service request id (opaque here).' })
  reference!: string;

  @Field(() => String, { description: 'The teller description of the business.' })
  summary!: string;

  @Field(() => String, { nullable: true, description: 'The company concerned, if any.' })
  companyId!: string | null;

  @Field(() => GuidanceStatus, { description: 'Current status; follow it with expertGuidanceCaseUpdated.' })
  status!: GuidanceStatus;

  @Field(() => Int, { description: 'Seq of the latest event: resume expertGuidanceCaseUpdated after it.' })
  seq!: number;

  @Field(() => Boolean, { description: 'An expert is working on it now.' })
  inReview!: boolean;

  @Field(() => [String], { description: 'Conditions of an APPROVED decision.' })
  conditions!: string[];

  @Field(() => [String], { description: 'Reasons of a RETURNED decision.' })
  returnReasons!: string[];

  @Field(() => GraphQLISODateTime, { description: 'When it was opened.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When it last changed.' })
  updatedAt!: Date;
}

@ObjectType({ description: 'One change of an expert-guidance case, from its event log.' })
export class ExpertGuidanceEvent {
  @Field(() => ID, { description: 'The case.' })
  caseId!: string;

  @Field(() => Int, { description: 'Position in the case stream; pass the last seen as afterSeq to resume.' })
  seq!: number;

  @Field(() => String, { description: 'OPENED, CLAIMED, APPROVED, RETURNED or CANCELLED.' })
  type!: string;

  @Field(() => GuidanceStatus, { description: 'Status after the change.' })
  status!: GuidanceStatus;

  @Field(() => String, { nullable: true, description: 'The conditions or reasons, joined with "; ".' })
  reason!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it happened.' })
  occurredAt!: Date;
}

/** A page of corporate requests (Relay connection), in the order of the field that returns it. */
export const CorporateRequestConnection = connectionType(CorporateRequest, 'CorporateRequest', 'corporate requests');
export type CorporateRequestConnection = ConnectionValue<CorporateRequest>;

/** A page of expert-guidance cases (Relay connection), in the order of the field that returns it. */
export const ExpertGuidanceCaseConnection = connectionType(ExpertGuidanceCase, 'ExpertGuidanceCase', 'expert-guidance cases');
export type ExpertGuidanceCaseConnection = ConnectionValue<ExpertGuidanceCase>;
