import { Field, ID, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '../../platform/graphql/scalars.js';
import { LoanStatus } from './loan.type.js';

@InputType({ description: "A loan application as the customer submits it; checked against the product's limits (BAD_USER_INPUT)." })
export class LoanApplicationInput {
  @Field(() => String, { description: 'A loan product code from `products(kind: LOAN)`.' })
  productCode!: string;

  @Field(() => DecimalScalar, { description: 'e.g. "50000.00".' })
  amount!: string;

  @Field(() => String, { description: 'ISO 4217; must be the product currency.' })
  currency!: string;

  @Field(() => Int, { description: "Term in whole months, within the product's minimum and maximum term." })
  termMonths!: number;

  @Field(() => String, { description: 'What the loan is for; 2-200 characters.' })
  purpose!: string;
}

@InputType({ description: 'A supplement document, sent inline as base64 (see README for limits).' })
export class LoanDocumentInput {
  @Field(() => ID, { description: 'Global id of the application (`LoanApplication.id`).' })
  applicationId!: string;

  @Field(() => String, { description: 'One of the requestedDocuments codes, e.g. INCOME_PROOF.' })
  kind!: string;

  @Field(() => String, { description: 'Original file name, for the reviewer.' })
  fileName!: string;

  @Field(() => String, { description: 'application/pdf, image/png or image/jpeg.' })
  contentType!: string;

  @Field(() => String, { description: 'The file content, base64-encoded. Too large: DOCUMENT_TOO_LARGE.' })
  contentBase64!: string;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the content (hex); checked when given.' })
  sha256?: string | null;
}

@InputType({ description: 'Narrows the loan review queue; every part is optional.' })
export class ReviewQueueFilter {
  @Field(() => LoanStatus, { description: 'Only applications in this status.', nullable: true })
  status?: LoanStatus | null;

  @Field(() => String, { description: 'Only applications for this loan product code.', nullable: true })
  productCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only applications I claimed.' })
  onlyMine?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only applications nobody claimed.' })
  unclaimed?: boolean | null;
}
