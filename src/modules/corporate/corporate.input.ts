import { Field, ID, InputType } from 'type-graphql';
import { DecimalScalar } from '../../platform/graphql/scalars.js';
import { CorporateRequestKind, CorporateRequestStatus } from './corporate.type.js';

@InputType({ description: 'A document sent inline as base64: PDF, PNG or JPEG by content, at most LOAN_DOCUMENT_MAX_BYTES decoded.' })
export class CorporateDocumentInput {
  @Field(() => String, { description: 'Document code, e.g. BILL, TRADE_CONTRACT, UNDERLYING_CONTRACT, BANK_STATEMENT.' })
  kind!: string;

  @Field(() => String, { description: 'File name (characters outside letters, digits, ".-_ " are replaced).' })
  fileName!: string;

  @Field(() => String, { description: 'application/pdf, image/png or image/jpeg; checked against the content.' })
  contentType!: string;

  @Field(() => String, { description: 'The file, base64.' })
  contentBase64!: string;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the content (hex); checked when given.' })
  sha256?: string | null;
}

@InputType({ description: 'The bill to discount.' })
export class BillInput {
  @Field(() => String, { description: 'Bill number: 6-40 capital letters, digits or dashes.' })
  billNumber!: string;

  @Field(() => String, { description: 'The accepting bank or company.' })
  acceptor!: string;

  @Field(() => String, { description: 'Maturity date YYYY-MM-DD, after today and within about 3 years.' })
  maturityDate!: string;
}

@InputType({ description: 'The guarantee asked for.' })
export class GuaranteeInput {
  @Field(() => String, { description: 'Who the guarantee is in favour of.' })
  beneficiary!: string;

  @Field(() => String, { description: 'BID, PERFORMANCE, ADVANCE_PAYMENT or PAYMENT.' })
  guaranteeType!: string;

  @Field(() => String, { description: 'Expiry date YYYY-MM-DD, after today and within about 3 years.' })
  expiryDate!: string;
}

@InputType({ description: 'A corporate request with its documents. Invalid fields come back as extensions.fieldErrors.' })
export class CorporateRequestInput {
  @Field(() => ID, { description: 'A company from myCompanies.' })
  companyId!: string;

  @Field(() => CorporateRequestKind, { description: 'What is requested; decides whether bill or guarantee is required.' })
  kind!: CorporateRequestKind;

  @Field(() => DecimalScalar, { description: 'Face value of the bill, or the guaranteed amount, e.g. "800000.00".' })
  amount!: string;

  @Field(() => String, { description: 'ISO 4217; must be the settlement account currency.' })
  currency!: string;

  @Field(() => ID, { description: 'An ACTIVE account of the company (companyAccounts).' })
  settlementAccountId!: string;

  @Field(() => String, { description: 'What the business is for (2-500 characters).' })
  purpose!: string;

  @Field(() => BillInput, { nullable: true, description: 'Required for BILL_DISCOUNTING, refused otherwise.' })
  bill?: BillInput | null;

  @Field(() => GuaranteeInput, { nullable: true, description: 'Required for LETTER_OF_GUARANTEE, refused otherwise.' })
  guarantee?: GuaranteeInput | null;

  @Field(() => [CorporateDocumentInput], { description: 'At most 10; must include every kind the request kind needs.' })
  documents!: CorporateDocumentInput[];
}

@InputType({ description: 'A document an expert asked for (see requestedDocuments).' })
export class CorporateSupplementInput extends CorporateDocumentInput {
  @Field(() => ID, { description: 'The request it belongs to.' })
  requestId!: string;
}

@InputType({ description: 'Filters of the expert queue.' })
export class ExpertQueueFilter {
  @Field(() => CorporateRequestKind, { nullable: true, description: 'Only this kind.' })
  kind?: CorporateRequestKind | null;

  @Field(() => CorporateRequestStatus, { nullable: true, description: 'IN_REVIEW or DOCUMENTS_REQUESTED; both when omitted.' })
  status?: CorporateRequestStatus | null;

  @Field(() => Boolean, { nullable: true, description: 'Only requests I claimed.' })
  onlyMine?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only requests nobody claimed.' })
  unclaimed?: boolean | null;
}

@InputType({ description: 'The person signing for the company at the counter, as on their identity document.' })
export class SignatoryInput {
  @Field(() => String, { description: 'Full name as on the identity document.' })
  fullName!: string;

  @Field(() => String, { description: 'The 18-character resident identity number.' })
  idNumber!: string;
}

@InputType({ description: 'Branch business a teller hands to the expert queue.' })
export class ExpertGuidanceInput {
  @Field(() => String, { description: 'A code such as CORPORATE_ACCOUNT_OPENING.' })
  kind!: string;

  @Field(() => String, { description: 'What it is about, e.g. a service request id (1-120 characters).' })
  reference!: string;

  @Field(() => String, { description: 'What the expert should look at.' })
  summary!: string;

  @Field(() => ID, { nullable: true, description: 'The company concerned, if any: experts linked to it never decide the case.' })
  companyId?: string | null;
}
